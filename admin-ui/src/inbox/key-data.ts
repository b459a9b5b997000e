import type { FieldDefinition, FormDefinition, Locale } from '@phaseflow/forms';
import { labelOf } from '@phaseflow/forms';

export interface KeyDatum {
  key: string;
  label: string;
  value: string;
}

const MAX_TEXT = 80;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function shown(field: FieldDefinition, value: unknown, locale: Locale, yesNo: readonly [string, string]): string | null {
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return null;
  const option = (chosen: unknown) => {
    const found = field.options?.find((candidate) => candidate.value === chosen);
    return found ? labelOf(found.label, locale) : String(chosen);
  };
  switch (field.type) {
    case 'boolean':
      return value ? yesNo[0] : yesNo[1];
    case 'singleSelect':
      return option(value);
    case 'multiSelect':
      return (Array.isArray(value) ? value : [value]).map(option).join(', ');
    case 'attachment':
      return (Array.isArray(value) ? value : [value]).filter(isRecord).map((file) => String(file.name ?? file.id)).join(', ');
    case 'indicator':
      return field.maxScore !== undefined ? `${String(value)} / ${field.maxScore}` : String(value);
    default: {
      const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
      return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
    }
  }
}

/**
 * The first few filled fields of a submission, labelled in the reader's language, for a glance
 * before approving: tables are left out, long texts cut short.
 */
export function keySubmittedData(
  form: FormDefinition,
  data: Record<string, unknown> | null | undefined,
  locale: Locale,
  yesNo: readonly [string, string],
  count = 3,
): KeyDatum[] {
  if (!data) return [];
  const out: KeyDatum[] = [];
  for (const field of form.fields) {
    if (out.length >= count) break;
    if (field.type === 'table') continue;
    const value = shown(field, data[field.key], locale, yesNo);
    if (value !== null) out.push({ key: field.key, label: labelOf(field.label, locale), value });
  }
  return out;
}
