import { describe, expect, it } from 'vitest';
import { cronIssue, parseLevels, timeZoneIssue } from './settings';

describe('bulletin settings', () => {
  it.each([
    ['0 8 1 * *', null],
    ['*/15 0-6 1,15 1-12/2 1-5', null],
    ['0 8 1 * 7', null],
    ['0 8 1 *', 'has 4 field(s); five are needed: minute hour day-of-month month day-of-week'],
    ['0 8 1 * * *', 'has 6 field(s); five are needed: minute hour day-of-month month day-of-week'],
    ['60 8 1 * *', 'the minute field "60" must stay within 0–59'],
    ['0 8 0 * *', 'the day of month field "0" must stay within 1–31'],
    ['0 8 1 13 *', 'the month field "13" must stay within 1–12'],
    ['0 9-8 1 * *', 'the hour field "9-8" has a range that runs backwards'],
    ['*/0 8 1 * *', 'the minute field "*/0" has a step of 0'],
    ['0 8 1 JAN *', 'the month field "JAN" is not a number, *, a range, a step or a list of them'],
  ])('cron "%s": %s', (cron, issue) => {
    expect(cronIssue(cron)).toBe(issue);
  });

  it.each([
    ['TOWN', ['TOWN'], null],
    ['town, department', ['TOWN', 'DEPARTMENT'], null],
    ['TOWN,TOWN', ['TOWN'], null],
    ['', [], 'names no level'],
    ['TOWN,VILLAGE', [], 'names VILLAGE; the levels are TOWN, DEPARTMENT'],
  ])('levels "%s"', (raw, levels, issue) => {
    expect(parseLevels(raw)).toEqual({ levels, issue });
  });

  it('knows time zones', () => {
    expect(timeZoneIssue('Asia/Shanghai')).toBeNull();
    expect(timeZoneIssue('Beijing')).toBe('"Beijing" is not an IANA time zone (such as Asia/Shanghai)');
  });
});
