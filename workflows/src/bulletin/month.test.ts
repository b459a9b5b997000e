import { describe, expect, it } from 'vitest';
import { shiftMonth, bulletinMonthAt, isMonth, isTimeZone, monthEnd, monthOf, monthStart, zoneOffsetMs } from './month';

const SHANGHAI = 'Asia/Shanghai';

describe('months in a time zone', () => {
  it.each([
    ['2026-11', 1, '2026-12'],
    ['2026-12', 1, '2027-01'],
    ['2027-01', -1, '2026-12'],
    ['2026-03', -3, '2025-12'],
    ['2026-01', 24, '2028-01'],
    ['2026-05', 0, '2026-05'],
  ])('%s plus %i months is %s', (month, count, expected) => {
    expect(shiftMonth(month, count)).toBe(expected);
  });

  it.each([
    ['2026-11', true],
    ['2026-1', false],
    ['2026-13', false],
    ['2026-00', false],
    ['26-11', false],
    ['2026-11-01', false],
  ])('isMonth(%s) is %s', (value, expected) => {
    expect(isMonth(value)).toBe(expected);
  });

  it('ends a month in Beijing at 16:00 UTC of its last day', () => {
    expect(monthStart('2026-11', SHANGHAI).toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(monthEnd('2026-11', SHANGHAI).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(monthEnd('2026-12', SHANGHAI).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(monthEnd('2028-02', SHANGHAI).toISOString()).toBe('2028-02-29T16:00:00.000Z');
  });

  it('ends a month in UTC at midnight UTC', () => {
    expect(monthEnd('2026-11', 'UTC').toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('follows daylight saving time: Berlin starts April at 22:00 UTC and November at 23:00 UTC', () => {
    expect(monthStart('2026-04', 'Europe/Berlin').toISOString()).toBe('2026-03-31T22:00:00.000Z');
    expect(monthStart('2026-11', 'Europe/Berlin').toISOString()).toBe('2026-10-31T23:00:00.000Z');
    expect(monthStart('2026-04', 'America/New_York').toISOString()).toBe('2026-04-01T04:00:00.000Z');
  });

  it('puts the last instant of a month and the first of the next on either side', () => {
    const end = monthEnd('2026-11', SHANGHAI).getTime();
    expect(monthOf(end - 1, SHANGHAI)).toBe('2026-11');
    expect(monthOf(end, SHANGHAI)).toBe('2026-12');
    // In UTC that instant is still 30 November.
    expect(monthOf(end, 'UTC')).toBe('2026-11');
  });

  it('reports on the month before the run: 08:00 Beijing on 1 December is November', () => {
    expect(bulletinMonthAt(Date.parse('2026-12-01T00:00:00Z'), SHANGHAI)).toBe('2026-11');
    expect(bulletinMonthAt(Date.parse('2027-01-01T00:00:00Z'), SHANGHAI)).toBe('2026-12');
    // 23:59 UTC on 31 January is 1 February in Beijing already.
    expect(bulletinMonthAt(Date.parse('2027-01-31T23:59:00Z'), SHANGHAI)).toBe('2027-01');
    expect(bulletinMonthAt(Date.parse('2027-01-31T23:59:00Z'), 'UTC')).toBe('2026-12');
  });

  it('knows the offset and the zones', () => {
    expect(zoneOffsetMs(Date.parse('2026-06-01T00:00:00Z'), SHANGHAI)).toBe(8 * 3600_000);
    expect(isTimeZone(SHANGHAI)).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
