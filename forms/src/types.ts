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
] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldOption {
  value: string;
  label: LocalizedText;
}

/**
 * One field of a stage form.
 * - `min`/`max`: value bounds for number and integer; number of choices for multiSelect.
 * - `minLength`/`maxLength`/`pattern`: for text and longText.
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
}

export interface FormDefinition {
  fields: FieldDefinition[];
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
