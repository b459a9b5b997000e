/** A text in both languages the console speaks. */
export interface LocalizedText {
  zh: string;
  en: string;
}

export type Locale = 'zh' | 'en';

export const FIELD_TYPES = [
  'text',
  'longText',
  'number',
  'integer',
  'date',
  'boolean',
  'singleSelect',
  'multiSelect',
  'email',
  'phone',
  'url',
  'attachment',
  'indicator',
  'table',
] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

/**
 * A condition over a form's values. `field` names a top-level field (`budget`), a column of the same
 * row when the condition sits on a table column (`phone`), or, in a stage's skip condition, a field of
 * an earlier stage (`planned.budget`).
 */
export type Condition =
  | { field: string; op: 'equals' | 'notEquals'; value: unknown }
  | { field: string; op: 'in' | 'notIn'; values: unknown[] }
  | { field: string; op: 'gt' | 'gte' | 'lt' | 'lte'; value: number | string }
  | { field: string; op: 'isEmpty' | 'isNotEmpty' }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** The value of an attachment field: references to files uploaded through the API. */
export interface AttachmentRef {
  id: string;
  name: string;
  size: number;
  contentType: string;
}

export interface FieldOption {
  value: string;
  label: LocalizedText;
}

/**
 * One field of a stage form.
 * - `min`/`max`: value bounds for number and integer; number of choices for multiSelect.
 * - `minLength`/`maxLength`/`pattern`: for text and longText; `maxLength` defaults to, and may not
 *   exceed, 2,000 characters for text and 20,000 for longText (FORM_LIMITS).
 * - `minDate`/`maxDate`: earliest and latest ISO day (YYYY-MM-DD) for date.
 */
export interface FieldDefinition {
  key: string;
  type: FieldType;
  label: LocalizedText;
  required?: boolean;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  /** ECMAScript regular expression source the whole value must match. */
  pattern?: string;
  minDate?: string;
  maxDate?: string;
  options?: FieldOption[];
  helpText?: LocalizedText;
  placeholder?: LocalizedText;
  defaultValue?: unknown;
  /** Shown (and then required/validated/stored) only while this holds; hidden fields are dropped. */
  visibleWhen?: Condition;
  /**
   * number/integer only: a read-only value the server recomputes, e.g. `sum(items.amount) * 1.1`,
   * `avg(scores.score)`, `budget - spent`. Functions: sum, count, avg, min, max, round, abs.
   */
  compute?: string;
  /** table only: the sub-fields of each row (no nested tables); `maxRows` defaults to, and may not exceed, 500. */
  columns?: FieldDefinition[];
  minRows?: number;
  maxRows?: number;
  /** indicator only: the score is 0..maxScore; the form total weighs each score by `weight`. */
  maxScore?: number;
  weight?: number;
  /** attachment only: allowed content types (`application/pdf`, `image/*`), size limit per file, file count. */
  accept?: string[];
  maxSizeBytes?: number;
  maxFiles?: number;
}

export interface FormDefinition {
  fields: FieldDefinition[];
  /** The most bytes the form's data may take as JSON; at most (and by default) 256 KB. See FORM_LIMITS. */
  maxBytes?: number;
}

/** Values of a form, keyed by field key. */
export type FormData = Record<string, unknown>;

/** One problem with a value, named by its path (`budget`, `members[2].phone`). */
export interface FieldError {
  path: string;
  message: string;
  code: string;
}

export type ValidationMode = 'draft' | 'submit';

export type FormValidationResult =
  | { ok: true; value: FormData }
  | { ok: false; errors: FieldError[] };
