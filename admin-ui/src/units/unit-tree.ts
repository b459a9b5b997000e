import type { Unit } from '../types';

export interface UnitNode {
  unit: Unit;
  children: UnitNode[];
}

const byOrder = (a: UnitNode, b: UnitNode) =>
  a.unit.sortOrder - b.unit.sortOrder || a.unit.name.localeCompare(b.unit.name, undefined, { numeric: true });

/** The units as a forest: a unit whose parent is not in the list is a root (the API returns a subtree plus its ancestors). */
export const buildUnitTree = (units: readonly Unit[]): UnitNode[] => {
  const nodes = new Map(units.map((unit) => [unit.id, { unit, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: UnitNode[]) => {
    list.sort(byOrder);
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
};

/** The ids of `id`'s ancestors in `units`, nearest first. */
export const ancestorIdsOf = (units: readonly Unit[], id: string | null | undefined): string[] => {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const ancestors: string[] = [];
  let current = id ? byId.get(id)?.parentId : undefined;
  while (current && byId.has(current) && !ancestors.includes(current)) {
    ancestors.push(current);
    current = byId.get(current)?.parentId;
  }
  return ancestors;
};

/** What a tree opens with: the ancestors shown by name only, the roots of the principal's subtrees, and the way to `selected`. */
export const initiallyExpanded = (units: readonly Unit[], selected?: string | null): string[] => {
  const expanded = new Set<string>();
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  for (const unit of units) {
    const parent = unit.parentId ? byId.get(unit.parentId) : undefined;
    if (!unit.inScope || !parent || !parent.inScope) expanded.add(unit.id);
  }
  for (const id of ancestorIdsOf(units, selected)) expanded.add(id);
  return [...expanded];
};
