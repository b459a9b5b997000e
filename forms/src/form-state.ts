import { evaluateCondition } from './conditions.js';
import { dependencyGraph, evaluationOrder } from './dependencies.js';
import { evaluateFormula, parseFormula, roundHalfAway, tidyNumber, type FormulaNode, type FormulaScope } from './formula.js';
import type { FieldDefinition, FormDefinition } from './types.js';
import { isAbsent } from './value-schema.js';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One row of a shown table: which columns it shows and their values (computed ones worked out). */
export interface RowState {
  /** The row as given; `{}` when the given row is not an object. */
  input: Record<string, unknown>;
  hidden: Set<string>;
  /** Shown, present values only; computed columns hold their result or are left out. No prototype, so no inherited `toString`. */
  values: Record<string, unknown>;
}

/** What the form shows and computes for some data. */
export interface FormState {
  hidden: Set<string>;
  /** Shown, present values of top-level fields (computed ones worked out; a table's rows as given). */
  values: Map<string, unknown>;
  /** The rows of each shown table whose value is a list, in order. */
  rows: Map<string, RowState[]>;
}

/** The dependency order and the parsed formulas of a form; cheap enough to redo per call, so no cache can go stale. */
function analysisOf(form: FormDefinition) {
  const formulas = new Map<FieldDefinition, FormulaNode | null>();
  const graph = dependencyGraph(form);
  for (const node of graph.values()) {
    if (node.field.compute === undefined) continue;
    const parsed = parseFormula(node.field.compute);
    formulas.set(node.field, parsed.ok ? parsed.ast : null);
  }
  return { graph, formulas };
}

const numeric = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
/** An own, non-absent entry: `toString` is not a value just because objects inherit one. */
function present(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) && !isAbsent(record[key]) ? record[key] : undefined;
}

function computed(field: FieldDefinition, formula: FormulaNode | null | undefined, scope: FormulaScope): number | undefined {
  if (!formula) return undefined;
  const result = evaluateFormula(formula, scope);
  if (result === undefined) return undefined;
  const tidy = tidyNumber(result);
  return field.type === 'integer' ? roundHalfAway(tidy) : tidy;
}

/**
 * Works out, in dependency order, which fields and columns are shown and what the computed ones
 * hold. A hidden field counts as absent for the conditions and formulas that read it, so hiding
 * cascades; a hidden table has no rows.
 */
export function formState(form: FormDefinition, data: Record<string, unknown>): FormState {
  const { graph, formulas } = analysisOf(form);
  const state: FormState = { hidden: new Set(), values: new Map(), rows: new Map() };
  const tableShown = new Map<string, boolean>();

  const lookup = (name: string) => state.values.get(name);
  const rowLookup = (table: FieldDefinition, row: RowState) => (name: string) =>
    (table.columns ?? []).some((column) => column.key === name) ? row.values[name] : lookup(name);
  const shows = (field: FieldDefinition, read: (name: string) => unknown) => !field.visibleWhen || evaluateCondition(field.visibleWhen, read);
  const columnValues = (table: string, column: string) => (state.rows.get(table) ?? []).map((row) => numeric(row.values[column]));

  const rowsOf = (table: FieldDefinition): RowState[] | undefined => {
    if (!tableShown.has(table.key)) {
      const shown = shows(table, lookup);
      tableShown.set(table.key, shown);
      const input = present(data, table.key);
      if (shown && Array.isArray(input)) {
        state.rows.set(
          table.key,
          input.map((row) => ({ input: isPlainObject(row) ? row : {}, hidden: new Set<string>(), values: Object.create(null) as Record<string, unknown> })),
        );
      }
    }
    return state.rows.get(table.key);
  };

  for (const node of evaluationOrder(graph)) {
    const field = node.field;
    if (node.table) {
      const table = node.table;
      for (const row of rowsOf(table) ?? []) {
        const read = rowLookup(table, row);
        if (!shows(field, read)) {
          row.hidden.add(field.key);
          continue;
        }
        const value = field.compute === undefined
          ? present(row.input, field.key)
          : computed(field, formulas.get(field), { field: (name) => numeric(read(name)), column: columnValues });
        if (value !== undefined) row.values[field.key] = value;
      }
      continue;
    }
    if (field.type === 'table') {
      rowsOf(field);
      if (!tableShown.get(field.key)) state.hidden.add(field.key);
      else if (present(data, field.key) !== undefined) state.values.set(field.key, data[field.key]);
      continue;
    }
    if (!shows(field, lookup)) {
      state.hidden.add(field.key);
      continue;
    }
    const value = field.compute === undefined
      ? present(data, field.key)
      : computed(field, formulas.get(field), { field: (name) => numeric(lookup(name)), column: columnValues });
    if (value !== undefined) state.values.set(field.key, value);
  }
  return state;
}
