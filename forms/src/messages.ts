import type { FieldType, Locale } from './types.js';

export const FIELD_ERROR_CODES = [
  'required',
  'invalid_type',
  'too_small',
  'too_big',
  'pattern',
  'invalid_option',
  'duplicate_option',
  'invalid_date',
  'unknown_field',
  'invalid_email',
  'invalid_phone',
  'invalid_url',
  'too_few_rows',
  'too_many_rows',
  'file_too_large',
  'file_type',
  'too_many_files',
  'duplicate_file',
  'form_too_large',
] as const;

export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

/** What went wrong with one value, before it is put into words. */
export interface Problem {
  code: FieldErrorCode;
  /** The bound that was crossed: a number, a length, a count of choices, rows or files, a size in bytes, an ISO day or the accepted types. */
  limit?: number | string;
}

type Phrase = (label: string, limit: number | string | undefined) => string;
type Phrasebook = Record<Exclude<FieldErrorCode, 'unknown_field' | 'form_too_large'>, Partial<Record<FieldType, Phrase>> & { any: Phrase }>;

const characters = (count: number | string | undefined) => `${count} character${count === 1 ? '' : 's'}`;
const rows = (count: number | string | undefined) => `${count} row${count === 1 ? '' : 's'}`;
const files = (count: number | string | undefined) => `${count} file${count === 1 ? '' : 's'}`;

/** `10485760` → `10 MB`, `1536` → `1.5 KB`: whole binary units where they fit, else bytes. */
export function formatBytes(bytes: number | string | undefined, locale: Locale): string {
  const count = Number(bytes);
  for (const [unit, size] of [['MB', 1024 * 1024], ['KB', 1024]] as const) {
    if (count >= size && (count * 10) % size === 0) return `${count / size} ${unit}`;
  }
  return locale === 'zh' ? `${count} 字节` : `${count} bytes`;
}

const zh: Phrasebook = {
  required: { any: (label) => `「${label}」为必填项` },
  invalid_type: {
    any: (label) => `「${label}」必须是文本`,
    number: (label) => `「${label}」必须是数字`,
    integer: (label) => `「${label}」必须是整数`,
    date: (label) => `「${label}」必须是 YYYY-MM-DD 格式的日期`,
    boolean: (label) => `「${label}」必须是布尔值（是或否）`,
    singleSelect: (label) => `「${label}」必须是一个选项`,
    multiSelect: (label) => `「${label}」必须是选项列表`,
    indicator: (label) => `「${label}」必须是数字（得分）`,
    attachment: (label) => `「${label}」必须是已上传文件的列表（id、name、size、contentType）`,
    table: (label) => `「${label}」必须是行的列表，每行一个对象`,
  },
  too_small: {
    text: (label, limit) => `「${label}」至少需要 ${limit} 个字符`,
    longText: (label, limit) => `「${label}」至少需要 ${limit} 个字符`,
    date: (label, limit) => `「${label}」不能早于 ${limit}`,
    multiSelect: (label, limit) => `「${label}」至少选择 ${limit} 项`,
    any: (label, limit) => `「${label}」不能小于 ${limit}`,
  },
  too_big: {
    text: (label, limit) => `「${label}」不能超过 ${limit} 个字符`,
    longText: (label, limit) => `「${label}」不能超过 ${limit} 个字符`,
    date: (label, limit) => `「${label}」不能晚于 ${limit}`,
    multiSelect: (label, limit) => `「${label}」最多选择 ${limit} 项`,
    any: (label, limit) => `「${label}」不能大于 ${limit}`,
  },
  pattern: { any: (label) => `「${label}」的格式不正确` },
  invalid_option: { any: (label) => `「${label}」的值不是可选项之一` },
  duplicate_option: { any: (label) => `「${label}」中有重复的选项` },
  invalid_date: { any: (label) => `「${label}」不是有效的日期（YYYY-MM-DD）` },
  invalid_email: { any: (label) => `「${label}」不是有效的电子邮件地址` },
  invalid_phone: { any: (label) => `「${label}」不是有效的电话号码（11 位手机号，或带区号的固定电话，如 010-12345678）` },
  invalid_url: { any: (label) => `「${label}」不是有效的网址（以 http:// 或 https:// 开头）` },
  too_few_rows: { any: (label, limit) => `「${label}」至少需要 ${limit} 行` },
  too_many_rows: { any: (label, limit) => `「${label}」最多 ${limit} 行` },
  file_too_large: { any: (label, limit) => `「${label}」的每个文件不能超过 ${formatBytes(limit, 'zh')}` },
  file_type: { any: (label, limit) => `「${label}」只接受以下类型的文件：${limit}` },
  too_many_files: { any: (label, limit) => `「${label}」最多上传 ${limit} 个文件` },
  duplicate_file: { any: (label) => `「${label}」中有重复的文件` },
};

const en: Phrasebook = {
  required: { any: (label) => `${label} is required` },
  invalid_type: {
    any: (label) => `${label} must be text`,
    number: (label) => `${label} must be a number`,
    integer: (label) => `${label} must be a whole number`,
    date: (label) => `${label} must be a date (YYYY-MM-DD)`,
    boolean: (label) => `${label} must be true or false`,
    singleSelect: (label) => `${label} must be one of the options`,
    multiSelect: (label) => `${label} must be a list of options`,
    indicator: (label) => `${label} must be a number (a score)`,
    attachment: (label) => `${label} must be a list of uploaded files (id, name, size, contentType)`,
    table: (label) => `${label} must be a list of rows, each an object`,
  },
  too_small: {
    text: (label, limit) => `${label} must be at least ${characters(limit)} long`,
    longText: (label, limit) => `${label} must be at least ${characters(limit)} long`,
    date: (label, limit) => `${label} must be on or after ${limit}`,
    multiSelect: (label, limit) => `${label}: choose at least ${limit}`,
    any: (label, limit) => `${label} must be at least ${limit}`,
  },
  too_big: {
    text: (label, limit) => `${label} must be at most ${characters(limit)} long`,
    longText: (label, limit) => `${label} must be at most ${characters(limit)} long`,
    date: (label, limit) => `${label} must be on or before ${limit}`,
    multiSelect: (label, limit) => `${label}: choose at most ${limit}`,
    any: (label, limit) => `${label} must be at most ${limit}`,
  },
  pattern: { any: (label) => `${label} is not in the expected format` },
  invalid_option: { any: (label) => `${label} must be one of the options` },
  duplicate_option: { any: (label) => `${label} lists the same option more than once` },
  invalid_date: { any: (label) => `${label} is not a valid date (YYYY-MM-DD)` },
  invalid_email: { any: (label) => `${label} is not a valid email address` },
  invalid_phone: { any: (label) => `${label} is not a valid phone number (an 11-digit mobile number, or a landline with its area code such as 010-12345678)` },
  invalid_url: { any: (label) => `${label} is not a valid web address (starting with http:// or https://)` },
  too_few_rows: { any: (label, limit) => `${label} must have at least ${rows(limit)}` },
  too_many_rows: { any: (label, limit) => `${label} must have at most ${rows(limit)}` },
  file_too_large: { any: (label, limit) => `${label}: each file must be at most ${formatBytes(limit, 'en')}` },
  file_type: { any: (label, limit) => `${label} accepts only files of type ${limit}` },
  too_many_files: { any: (label, limit) => `${label}: attach at most ${files(limit)}` },
  duplicate_file: { any: (label) => `${label} lists the same file more than once` },
};

const phrasebooks: Record<Locale, Phrasebook> = { zh, en };

/** Puts a problem with a field's value into words that name the field by its label. */
export function fieldErrorMessage(problem: Problem, fieldType: FieldType, label: string, locale: Locale): string {
  if (problem.code === 'unknown_field') return unknownFieldMessage(label, locale);
  if (problem.code === 'form_too_large') return formTooLargeMessage(problem.limit, locale);
  const phrases = phrasebooks[locale][problem.code];
  const phrase = phrases[fieldType] ?? phrases.any;
  return phrase(label, problem.limit);
}

export function unknownFieldMessage(key: string, locale: Locale): string {
  return locale === 'zh' ? `未知字段「${key}」` : `Unknown field "${key}"`;
}

/** How a column is named in a message about one row: `成员第 3 行的电话`, `Phone (Members, row 3)`. */
export function columnLabel(tableLabel: string, rowIndex: number, columnLabel: string, locale: Locale): string {
  return locale === 'zh' ? `${tableLabel}第 ${rowIndex + 1} 行的${columnLabel}` : `${columnLabel} (${tableLabel}, row ${rowIndex + 1})`;
}

export function unknownColumnMessage(key: string, tableLabel: string, rowIndex: number, locale: Locale): string {
  return locale === 'zh' ? `「${tableLabel}」第 ${rowIndex + 1} 行中有未知字段「${key}」` : `Unknown field "${key}" in ${tableLabel}, row ${rowIndex + 1}`;
}

export function notAnObjectMessage(locale: Locale): string {
  return locale === 'zh' ? '表单数据必须是对象' : 'Form data must be an object';
}

/** The whole form's data, written as JSON, is larger than the form allows. */
export function formTooLargeMessage(limit: number | string | undefined, locale: Locale): string {
  return locale === 'zh' ? `表单数据不能超过 ${formatBytes(limit, 'zh')}` : `The form's data must be at most ${formatBytes(limit, 'en')}`;
}
