import type { Locale, LocalizedText } from './types.js';

/** The text in `locale`, or in the other language when that one is blank. */
export function labelOf(text: LocalizedText, locale: Locale): string {
  const other: Locale = locale === 'zh' ? 'en' : 'zh';
  return text[locale].trim() !== '' ? text[locale] : text[other];
}

/** A message in both languages, for whoever answers in the reader's. */
export const localized = (zh: string, en: string): LocalizedText => ({ zh, en });
