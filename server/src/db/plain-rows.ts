import type { EntityManager, EntitySchema } from '@mikro-orm/postgresql';

/**
 * Maps rows of `schema`'s table to plain objects of the entity's shape (property names, dates as Date):
 * what is only read needs no managed entity, whose hydration, snapshot and identity map cost most of a
 * list's time. Such an object must not be changed and flushed.
 */
export function plainRows<T extends object>(em: EntityManager, schema: EntitySchema<T>): (row: Record<string, unknown>) => T {
  const meta = em.getMetadata().get<T>(schema.meta.className);
  const dates = meta.props.filter((prop) => prop.runtimeType === 'Date').map((prop) => prop.name as string);
  const driver = em.getDriver();
  return (row) => {
    const data = driver.mapResult(row as never, meta) as Record<string, unknown>;
    for (const name of dates) if (typeof data[name] === 'string') data[name] = new Date(data[name] as string);
    return data as T;
  };
}
