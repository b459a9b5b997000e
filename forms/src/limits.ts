import type { FieldDefinition, FormDefinition } from './types.js';

/**
 * The limits every form lives within, so that no submission can grow without bound. A type may
 * lower each of them (`maxLength` on a text or long text, `maxRows` on a table, `maxBytes` on the
 * form) but never raise them: the definition is refused.
 */
export const FORM_LIMITS = {
  /** Characters of a `text` field without its own `maxLength`, and the most it may allow. */
  textMaxLength: 2_000,
  /** Characters of a `longText` field without its own `maxLength`, and the most it may allow. */
  longTextMaxLength: 20_000,
  /** Rows of a `table` without its own `maxRows`, and the most it may allow. */
  tableMaxRows: 500,
  /** Bytes of a whole form's data written as JSON (UTF-8), and the most a form's `maxBytes` may allow. */
  formMaxBytes: 256 * 1024,
} as const;

/** The most characters a text or long text field accepts: its own `maxLength` or the default. */
export function maxLengthOf(field: FieldDefinition): number | undefined {
  if (field.type === 'text') return field.maxLength ?? FORM_LIMITS.textMaxLength;
  if (field.type === 'longText') return field.maxLength ?? FORM_LIMITS.longTextMaxLength;
  return field.maxLength;
}

/** The most rows a table accepts: its own `maxRows` or the default. */
export function maxRowsOf(field: FieldDefinition): number | undefined {
  return field.type === 'table' ? (field.maxRows ?? FORM_LIMITS.tableMaxRows) : field.maxRows;
}

/** The most bytes of JSON a form's data may take: its own `maxBytes` or the default. */
export function maxBytesOf(form: FormDefinition): number {
  return form.maxBytes ?? FORM_LIMITS.formMaxBytes;
}

/**
 * Bytes of `value` written as JSON in UTF-8, counted by hand: the same number in the browser, the
 * server and the workflow sandbox, without TextEncoder or Buffer.
 */
export function jsonByteLength(value: unknown): number {
  const json = JSON.stringify(value) ?? '';
  let bytes = 0;
  for (let index = 0; index < json.length; index++) {
    const code = json.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < json.length) {
      const next = json.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        index++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
