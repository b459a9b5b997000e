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
] as const;

export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

/** What went wrong with one value, before it is put into words. */
export interface Problem {
  code: FieldErrorCode;
  /** The bound that was crossed: a number, a length, a count of choices or an ISO day. */
  limit?: number | string;
}

type Phrase = (label: string, limit: number | string | undefined) => string;
type Phrasebook = Record<Exclude<FieldErrorCode, 'unknown_field'>, Partial<Record<FieldType, Phrase>> & { any: Phrase }>;

const characters = (count: number | string | undefined) => `${count} character${count === 1 ? '' : 's'}`;

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
};

const phrasebooks: Record<Locale, Phrasebook> = { zh, en };

/** Puts a problem with a field's value into words that name the field by its label. */
export function fieldErrorMessage(problem: Problem, fieldType: FieldType, label: string, locale: Locale): string {
  if (problem.code === 'unknown_field') return unknownFieldMessage(label, locale);
  const phrases = phrasebooks[locale][problem.code];
  const phrase = phrases[fieldType] ?? phrases.any;
  return phrase(label, problem.limit);
}

export function unknownFieldMessage(key: string, locale: Locale): string {
  return locale === 'zh' ? `未知字段「${key}」` : `Unknown field "${key}"`;
}

export function notAnObjectMessage(locale: Locale): string {
  return locale === 'zh' ? '表单数据必须是对象' : 'Form data must be an object';
}
