import { describe, expect, it } from 'vitest';
import { formatRate, recentMonths } from './format';

describe('dashboard formats', () => {
  it('lists the current month and the ones before it, newest first, across a year', () => {
    expect(recentMonths(new Date(2026, 1, 15), 4)).toEqual(['2026-02', '2026-01', '2025-12', '2025-11']);
    expect(recentMonths(new Date(2026, 11, 31, 23, 59), 1)).toEqual(['2026-12']);
  });

  it.each([
    [0, 'en', '0%'],
    [1, 'en', '100%'],
    [0.8333, 'en', '83.3%'],
    [0.05, 'zh', '5%'],
    [1 / 6, 'zh', '16.7%'],
  ] as const)('formats the rate %s in %s as %s', (rate, locale, expected) => {
    expect(formatRate(rate, locale)).toBe(expected);
  });
});
