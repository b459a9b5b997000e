import type { UiLocale } from '../i18n/i18n-provider';

const INTL_LOCALE: Record<UiLocale, string> = { zh: 'zh-CN', en: 'en-GB' };

export const intlLocaleOf = (locale: UiLocale): string => INTL_LOCALE[locale];

/** An instant as a date and time, in the browser's time zone or in the one given (an IANA name; an unknown one falls back to the browser's). */
export const formatDateTime = (value: string | null | undefined, locale: UiLocale, timeZone?: string): string => {
  if (!value) return '';
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
  try {
    return new Date(value).toLocaleString(INTL_LOCALE[locale], timeZone ? { ...options, timeZone } : options);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return new Date(value).toLocaleString(INTL_LOCALE[locale], options);
  }
};

export const formatDate = (value: string | null | undefined, locale: UiLocale): string =>
  value ? new Date(value).toLocaleDateString(INTL_LOCALE[locale], { dateStyle: 'medium' }) : '';

/** A file size as people read it: `512 B`, `2.0 KB`, `1.5 MB`. */
export const formatBytes = (bytes: number): string => {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
};

/** A fresh idempotency key per command. */
export const newRequestId = (): string => {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID exists only in secure contexts; the console may be served over plain http on a LAN
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
