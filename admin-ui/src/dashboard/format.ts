import { intlLocaleOf } from '../common/format';
import type { UiLocale } from '../i18n/i18n-provider';

/** A completion rate (0…1) as a percentage with at most one decimal: `83.3 %`, `83,3 %`, `83.3%`. */
export const formatRate = (rate: number, locale: UiLocale): string =>
  new Intl.NumberFormat(intlLocaleOf(locale), { style: 'percent', maximumFractionDigits: 1 }).format(rate);

/** A month (`YYYY-MM`) as people name it: `2026年11月`, `November 2026`. */
export const formatMonth = (month: string, locale: UiLocale): string => {
  const [year, monthNumber] = month.split('-').map(Number);
  return new Date(year, monthNumber - 1, 1).toLocaleDateString(intlLocaleOf(locale), { year: 'numeric', month: 'long' });
};

/** The current month and the `count - 1` before it, newest first. */
export const recentMonths = (now: Date, count: number): string[] =>
  Array.from({ length: count }, (_, back) => {
    const date = new Date(now.getFullYear(), now.getMonth() - back, 1);
    return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
  });
