import { conditionFieldNames } from './conditions.js';
import { formulaReferences, parseFormula } from './formula.js';
import type { FieldDefinition, FormDefinition } from './types.js';

/**
 * One value the form works out: a top-level field (`budget`), a table (`members`) or a column of a
 * table across its rows (`members.phone`). Column keys never contain a dot, so ids do not clash.
 */
export interface DependencyNode {
  id: string;
  field: FieldDefinition;
  /** The table a column belongs to. */
  table?: FieldDefinition;
  /** Where the definition of this field sits: `['fields', 2]`, `['fields', 2, 'columns', 0]`. */
  path: PropertyKey[];
  /** What this value needs first, and the definition property that says so (none for a table's own columns). */
  edges: { to: string; via: PropertyKey[] | null }[];
}

export type DependencyGraph = Map<string, DependencyNode>;

/** A name in a column's condition or formula: a column of the same row first, else a top-level field. */
function rowScopedId(table: FieldDefinition, name: string): string {
  return (table.columns ?? []).some((column) => column.key === name) ? `${table.key}.${name}` : name;
}

function formulaNames(field: FieldDefinition): string[] {
  if (field.compute === undefined) return [];
  const parsed = parseFormula(field.compute);
  return parsed.ok ? formulaReferences(parsed.ast) : [];
}

/**
 * Who depends on whom through `visibleWhen` and `compute`: a value needs the values its condition
 * and formula read, a column also what decides whether its table is shown, and a table all its
 * columns. A condition naming its own field is left out (the definition check reports it).
 */
export function dependencyGraph(form: FormDefinition): DependencyGraph {
  const graph: DependencyGraph = new Map();
  const add = (node: DependencyNode) => {
    node.edges = node.edges.filter((edge, index) => node.edges.findIndex((other) => other.to === edge.to) === index);
    if (!graph.has(node.id)) graph.set(node.id, node);
  };
  form.fields.forEach((field, index) => {
    const path = ['fields', index];
    const conditionEdges = (names: string[], resolve: (name: string) => string, self: string, at: PropertyKey[]) =>
      names.map(resolve).filter((id) => id !== self).map((to) => ({ to, via: [...at, 'visibleWhen'] }));
    const formulaEdges = (subject: FieldDefinition, resolve: (name: string) => string, at: PropertyKey[]) =>
      formulaNames(subject).map((name) => ({ to: name.includes('.') ? name : resolve(name), via: [...at, 'compute'] }));
    const topLevel = (name: string) => name;
    const tableConditionEdges = field.visibleWhen ? conditionEdges(conditionFieldNames(field.visibleWhen), topLevel, field.key, path) : [];

    if (field.type !== 'table') {
      add({ id: field.key, field, path, edges: [...tableConditionEdges, ...formulaEdges(field, topLevel, path)] });
      return;
    }
    const columns = field.columns ?? [];
    add({
      id: field.key,
      field,
      path,
      edges: [...tableConditionEdges, ...columns.map((column) => ({ to: `${field.key}.${column.key}`, via: null }))],
    });
    columns.forEach((column, columnIndex) => {
      const id = `${field.key}.${column.key}`;
      const at = [...path, 'columns', columnIndex];
      const inRow = (name: string) => rowScopedId(field, name);
      add({
        id,
        field: column,
        table: field,
        path: at,
        edges: [
          ...tableConditionEdges,
          ...(column.visibleWhen ? conditionEdges(conditionFieldNames(column.visibleWhen), inRow, id, at) : []),
          ...formulaEdges(column, inRow, at),
        ],
      });
    });
  });
  return graph;
}

/** Every node after the nodes it needs; a cycle (only in an invalid definition) is cut where it is met. */
export function evaluationOrder(graph: DependencyGraph): DependencyNode[] {
  const order: DependencyNode[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (node: DependencyNode) => {
    if (state.has(node.id)) return;
    state.set(node.id, 'visiting');
    for (const edge of node.edges) {
      const next = graph.get(edge.to);
      if (next) visit(next);
    }
    state.set(node.id, 'done');
    order.push(node);
  };
  graph.forEach(visit);
  return order;
}

export interface DependencyCycle {
  /** The `visibleWhen` or `compute` of the earliest field in the cycle that leads around it. */
  path: PropertyKey[];
  /** The ids around the cycle, back to the first: `['a', 'b', 'a']`. */
  ids: string[];
}

/** Each cycle once, told from the earliest field (in form order) whose own property leads into it. */
export function dependencyCycles(graph: DependencyGraph): DependencyCycle[] {
  const position = new Map([...graph.keys()].map((id, index) => [id, index]));
  const cycles: DependencyCycle[] = [];
  const seen = new Set<string>();
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: { id: string; via: PropertyKey[] | null }[] = [];

  const record = (from: number) => {
    const loop = stack.slice(from);
    const identity = loop.map((step) => step.id).sort().join('\u0000');
    if (seen.has(identity)) return;
    seen.add(identity);
    const candidates = loop.map((_, index) => index).filter((index) => loop[index].via !== null);
    const start = candidates.reduce((best, index) => (position.get(loop[index].id)! < position.get(loop[best].id)! ? index : best), candidates[0] ?? 0);
    const rotated = [...loop.slice(start), ...loop.slice(0, start)];
    cycles.push({ path: rotated[0].via ?? graph.get(rotated[0].id)!.path, ids: [...rotated.map((step) => step.id), rotated[0].id] });
  };

  const visit = (id: string) => {
    state.set(id, 'visiting');
    for (const edge of graph.get(id)!.edges) {
      if (!graph.has(edge.to)) continue;
      stack.push({ id, via: edge.via });
      const next = state.get(edge.to);
      if (next === 'visiting') record(stack.findIndex((step) => step.id === edge.to));
      else if (next === undefined) visit(edge.to);
      stack.pop();
    }
    state.set(id, 'done');
  };
  for (const id of graph.keys()) if (!state.has(id)) visit(id);
  return cycles;
}
