import type { Condition, FieldDefinition, FieldType, FormDefinition, LocalizedText } from '@phaseflow/forms';
import type {
  ApproverRule,
  GateDefinition,
  ProjectTypeDefinition,
  StageDefinition,
} from '@phaseflow/workflows/definition';

/** The properties the designer offers per field type, beyond key, label, required, help and condition. */
export type FieldProperty =
  | 'placeholder'
  | 'defaultValue'
  | 'min'
  | 'max'
  | 'minLength'
  | 'maxLength'
  | 'pattern'
  | 'minDate'
  | 'maxDate'
  | 'options'
  | 'compute'
  | 'columns'
  | 'minRows'
  | 'maxRows'
  | 'maxScore'
  | 'weight'
  | 'accept'
  | 'maxSizeBytes'
  | 'maxFiles';

const TEXT_LIKE: FieldProperty[] = ['placeholder', 'defaultValue', 'minLength', 'maxLength', 'pattern'];

export const PROPERTIES_BY_TYPE: Record<FieldType, readonly FieldProperty[]> = {
  text: TEXT_LIKE,
  longText: TEXT_LIKE,
  email: ['placeholder', 'defaultValue'],
  phone: ['placeholder', 'defaultValue'],
  url: ['placeholder', 'defaultValue'],
  number: ['placeholder', 'defaultValue', 'min', 'max', 'compute'],
  integer: ['placeholder', 'defaultValue', 'min', 'max', 'compute'],
  date: ['defaultValue', 'minDate', 'maxDate'],
  boolean: ['defaultValue'],
  singleSelect: ['defaultValue', 'options'],
  multiSelect: ['defaultValue', 'options', 'min', 'max'],
  indicator: ['defaultValue', 'maxScore', 'weight'],
  attachment: ['accept', 'maxSizeBytes', 'maxFiles'],
  table: ['columns', 'minRows', 'maxRows'],
};

export const allows = (type: FieldType, property: FieldProperty): boolean =>
  (PROPERTIES_BY_TYPE[type] ?? []).includes(property);

export const GATE_MODE_CHOICES = ['ANY_OF', 'ALL_OF', 'QUORUM', 'SEQUENTIAL'] as const;
export const APPROVER_KINDS = ['ROLE', 'USERS', 'LEAD'] as const;
export const DEFINITION_ROLES = ['admin', 'operator', 'approver', 'viewer'] as const;
export const ROLE_SCOPES = ['UNIT', 'UNIT_OR_ANCESTORS'] as const;

export const emptyText = (): LocalizedText => ({ zh: '', en: '' });

export const emptyDefinition = (): ProjectTypeDefinition => ({
  key: '',
  version: 1,
  name: emptyText(),
  stages: [],
});

const firstFreeNumber = (taken: Set<string>, prefix: string): number => {
  let number = 1;
  while (taken.has(`${prefix}${number}`)) number += 1;
  return number;
};

export const newStage = (stages: readonly StageDefinition[]): StageDefinition => {
  const number = firstFreeNumber(new Set(stages.map((stage) => stage.key)), 'stage');
  return {
    key: `stage${number}`,
    name: { zh: `阶段 ${number}`, en: `Stage ${number}` },
    deadlineDays: 30,
    gate: { mode: 'ANY_OF', approvers: { kind: 'ROLE', role: 'approver' } },
    // a stage needs at least one field to be published: start with one to rename or retype
    form: { fields: [newField([])] },
  };
};

export const newOption = (options: readonly { value: string }[]) => {
  const number = firstFreeNumber(new Set(options.map((option) => option.value)), 'option');
  return { value: `option${number}`, label: { zh: `选项 ${number}`, en: `Option ${number}` } };
};

/** A fresh field; `column` names it as a table column. */
export const newField = (fields: readonly FieldDefinition[], column = false): FieldDefinition => {
  const prefix = column ? 'column' : 'field';
  const number = firstFreeNumber(new Set(fields.map((field) => field.key)), prefix);
  return {
    key: `${prefix}${number}`,
    type: 'text',
    label: column ? { zh: `列 ${number}`, en: `Column ${number}` } : { zh: `字段 ${number}`, en: `Field ${number}` },
  };
};

const ALWAYS_KEPT = ['key', 'label', 'required', 'helpText', 'visibleWhen'] as const;

/** The field as another type: what still applies is kept, the default is dropped, what the new type needs is added. */
export const retypeField = (field: FieldDefinition, type: FieldType): FieldDefinition => {
  const next: Record<string, unknown> = { type };
  for (const property of ALWAYS_KEPT) if (field[property] !== undefined) next[property] = field[property];
  for (const property of PROPERTIES_BY_TYPE[type]) {
    if (property === 'defaultValue') continue;
    if (field[property] !== undefined) next[property] = field[property];
  }
  const retyped = next as unknown as FieldDefinition;
  if ((type === 'singleSelect' || type === 'multiSelect') && !retyped.options?.length) retyped.options = [newOption([])];
  if (type === 'table' && !retyped.columns) retyped.columns = [];
  if (type === 'indicator' && retyped.maxScore === undefined) retyped.maxScore = 10;
  return retyped;
};

export const move = <T>(items: readonly T[], from: number, to: number): T[] => {
  if (to < 0 || to >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
};

export const replaceAt = <T>(items: readonly T[], index: number, item: T): T[] =>
  items.map((current, position) => (position === index ? item : current));

export const removeAt = <T>(items: readonly T[], index: number): T[] => items.filter((_, position) => position !== index);

/** Definition paths, as issues name them. */
export const stagePath = (stageIndex: number) => `stages[${stageIndex}]`;
export const fieldsPathOf = (stageIndex: number) => `${stagePath(stageIndex)}.form.fields`;

/** Test ids name fields by position: `0-2` (stage 0, field 2), `0-2-1` (its column 1). */
export const testToken = (positions: readonly number[]) => positions.join('-');

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asText = (value: unknown): LocalizedText =>
  isRecord(value)
    ? { ...value, zh: typeof value.zh === 'string' ? value.zh : '', en: typeof value.en === 'string' ? value.en : '' }
    : emptyText();

const normalizeField = (raw: unknown): FieldDefinition => {
  const field = isRecord(raw) ? raw : {};
  const normalized = {
    ...field,
    key: typeof field.key === 'string' ? field.key : '',
    type: typeof field.type === 'string' ? field.type : 'text',
    label: asText(field.label),
  } as FieldDefinition;
  if (Array.isArray(field.columns)) normalized.columns = field.columns.map(normalizeField);
  if (Array.isArray(field.options)) {
    normalized.options = field.options.map((option) => {
      const record = isRecord(option) ? option : {};
      return { ...record, value: typeof record.value === 'string' ? record.value : '', label: asText(record.label) };
    });
  }
  return normalized;
};

const normalizeGate = (raw: unknown): GateDefinition => {
  const gate = isRecord(raw) ? raw : {};
  const approvers = isRecord(gate.approvers) ? gate.approvers : { kind: 'ROLE', role: 'approver' };
  return { ...gate, mode: (gate.mode as GateDefinition['mode']) ?? 'ANY_OF', approvers: approvers as ApproverRule };
};

/**
 * A definition the designer can edit, from whatever was saved or imported: missing parts are filled
 * in, everything else (also properties the designer does not know) is kept as it was.
 */
export const normalizeDefinition = (raw: unknown): ProjectTypeDefinition => {
  const definition = isRecord(raw) ? raw : {};
  const stages = Array.isArray(definition.stages) ? definition.stages : [];
  return {
    ...definition,
    key: typeof definition.key === 'string' ? definition.key : '',
    version: typeof definition.version === 'number' ? definition.version : 1,
    name: asText(definition.name),
    ...(definition.description !== undefined ? { description: asText(definition.description) } : {}),
    stages: stages.map((rawStage) => {
      const stage = isRecord(rawStage) ? rawStage : {};
      const form = isRecord(stage.form) ? stage.form : {};
      return {
        ...stage,
        key: typeof stage.key === 'string' ? stage.key : '',
        name: asText(stage.name),
        deadlineDays: typeof stage.deadlineDays === 'number' ? stage.deadlineDays : 30,
        gate: normalizeGate(stage.gate),
        form: { ...form, fields: (Array.isArray(form.fields) ? form.fields : []).map(normalizeField) },
      } as StageDefinition;
    }),
  } as ProjectTypeDefinition;
};

const isBlank = (text: LocalizedText | undefined) => !text || (text.zh.trim() === '' && text.en.trim() === '');

const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;

const cleanField = (field: FieldDefinition): FieldDefinition =>
  withoutUndefined({
    ...field,
    helpText: isBlank(field.helpText) ? undefined : field.helpText,
    placeholder: isBlank(field.placeholder) ? undefined : field.placeholder,
    pattern: field.pattern === '' ? undefined : field.pattern,
    compute: field.compute?.trim() ? field.compute : undefined,
    accept: field.accept?.length ? field.accept : undefined,
    columns: field.columns?.map(cleanField),
    defaultValue: field.defaultValue === '' || field.defaultValue === null ? undefined : field.defaultValue,
  });

const cleanApprovers = (rule: ApproverRule): ApproverRule => {
  switch (rule.kind) {
    case 'ROLE':
      return withoutUndefined({ kind: 'ROLE', role: rule.role, scope: rule.scope === 'UNIT' ? undefined : rule.scope });
    case 'USERS':
      return { kind: 'USERS', userIds: rule.userIds ?? [] };
    default:
      return rule;
  }
};

const cleanGate = (gate: GateDefinition): GateDefinition =>
  withoutUndefined({ ...gate, approvers: cleanApprovers(gate.approvers), quorum: gate.mode === 'QUORUM' ? gate.quorum : undefined });

/** What is saved: empty optional texts and properties left out, as the definition schema wants them. */
export const cleanDefinition = (definition: ProjectTypeDefinition): ProjectTypeDefinition =>
  withoutUndefined({
    ...definition,
    description: isBlank(definition.description) ? undefined : definition.description,
    stages: definition.stages.map((stage) =>
      withoutUndefined({
        ...stage,
        skipWhen: stage.skipWhen,
        gate: cleanGate(stage.gate),
        form: { ...stage.form, fields: stage.form.fields.map(cleanField) } as FormDefinition,
      }),
    ),
  });

/** The names a condition may use, with what the value editor needs to know about them. */
export interface ConditionField {
  name: string;
  label: string;
  field: FieldDefinition;
}

export const LEAF_OPERATORS = ['equals', 'notEquals', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'isEmpty', 'isNotEmpty'] as const;
export type LeafOperator = (typeof LEAF_OPERATORS)[number];
export type ConditionKind = 'leaf' | 'all' | 'any' | 'not';

export const conditionKind = (condition: Condition): ConditionKind => {
  if ('all' in condition) return 'all';
  if ('any' in condition) return 'any';
  if ('not' in condition) return 'not';
  return 'leaf';
};

/** The operator a condition on this field starts with: a yes/no field is compared, anything else tested for a value. */
export const startingOperator = (field: FieldDefinition | undefined): LeafOperator => (field?.type === 'boolean' ? 'equals' : 'isNotEmpty');

/** A fresh condition on the first field: `equals yes` for a yes/no field, `is filled` otherwise. */
export const newLeaf = (fields: readonly ConditionField[]): Condition => {
  const first = fields[0];
  return startingOperator(first?.field) === 'equals' ? { field: first!.name, op: 'equals', value: true } : { field: first?.name ?? '', op: 'isNotEmpty' };
};

/**
 * The operator kept when a condition moves to another field: the current one while it fits the new
 * field and is not just the previous field's starting point; otherwise the new field's starting one.
 */
export const operatorOnFieldChange = (
  current: LeafOperator,
  previous: FieldDefinition | undefined,
  next: FieldDefinition | undefined,
  allowed: readonly LeafOperator[],
): LeafOperator => {
  const start = startingOperator(next);
  if (!allowed.includes(current)) return start;
  return current === startingOperator(previous) ? start : current;
};
