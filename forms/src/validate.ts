import { z } from 'zod';
import { labelOf } from './localized-text.js';
import { fieldErrorMessage, notAnObjectMessage, unknownFieldMessage } from './messages.js';
import { formatPath } from './path.js';
import type { FieldDefinition, FieldError, FormData, FormDefinition, FormValidationResult, Locale, ValidationMode } from './types.js';
import { fieldValueSchema, isAbsent, problemOf } from './value-schema.js';

export interface ValidateFormDataOptions {
  /** `submit` (default) enforces `required`; `draft` accepts a partial form but checks every value given. */
  mode?: ValidationMode;
  /** Language of the messages; `zh` by default. */
  locale?: Locale;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutAbsentValues(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => !isAbsent(value)));
}

function formDataSchema(form: FormDefinition, mode: ValidationMode) {
  const shape: Record<string, z.ZodType> = {};
  for (const field of form.fields) {
    const schema = fieldValueSchema(field);
    shape[field.key] = mode === 'submit' && field.required ? schema : schema.optional();
  }
  return z.strictObject(shape);
}

/**
 * Checks a form's data against its definition and returns every error, each with the field path, a
 * stable code and a message in `locale` that names the field. `null`, `undefined`, `''` and `[]`
 * count as absent; absent fields are left out of `value` and `defaultValue` is not applied (see
 * `applyDefaults`). `form` must have passed `validateFormDefinition`.
 */
export function validateFormData(form: FormDefinition, data: unknown, options: ValidateFormDataOptions = {}): FormValidationResult {
  const mode = options.mode ?? 'submit';
  const locale = options.locale ?? 'zh';
  const input = data ?? {};
  if (!isPlainObject(input)) {
    return { ok: false, errors: [{ path: '', code: 'invalid_type', message: notAnObjectMessage(locale) }] };
  }

  const present = withoutAbsentValues(input);
  const result = formDataSchema(form, mode).safeParse(present);
  if (result.success) return { ok: true, value: result.data as FormData };

  const fieldsByKey = new Map<string, FieldDefinition>(form.fields.map((field) => [field.key, field]));
  const errors: FieldError[] = [];

  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ path: key, code: 'unknown_field', message: unknownFieldMessage(key, locale) });
      continue;
    }
    const key = String(issue.path[0]);
    const field = fieldsByKey.get(key)!;
    const problem = problemOf(issue, !Object.hasOwn(present, key));
    errors.push({
      path: formatPath(issue.path),
      code: problem.code,
      message: fieldErrorMessage(problem, field.type, labelOf(field.label, locale), locale),
    });
  }
  return { ok: false, errors };
}
