import { describe, expect, it } from 'vitest';
import { addWorkingDays, calendarIssues, dueAfter, isWorkingDay, localDay, type WorkCalendar } from './calendar';

/** 2026 National Day: 1–7 October off, Sunday 27 September and Saturday 10 October worked. */
const china2026: WorkCalendar = {
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-09-27', '2026-10-10'],
  utcOffsetMinutes: 480,
};
const plain: WorkCalendar = { holidays: [], workdays: [], utcOffsetMinutes: 0 };

// Beijing 09:00 is 01:00 UTC.
const at = (day: string, time = '01:00:00') => new Date(`${day}T${time}.000Z`);

describe('localDay', () => {
  it.each([
    ['2026-09-30T15:59:00.000Z', 480, '2026-09-30'],
    ['2026-09-30T16:00:00.000Z', 480, '2026-10-01'],
    ['2026-09-30T16:00:00.000Z', 0, '2026-09-30'],
    ['2026-10-01T03:00:00.000Z', -300, '2026-09-30'],
  ])('%s at offset %i is %s', (instant, offset, day) => {
    expect(localDay(new Date(instant), { ...plain, utcOffsetMinutes: offset })).toBe(day);
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2026-09-25', true, 'a Friday'],
    ['2026-09-26', false, 'a Saturday'],
    ['2026-09-27', true, 'a make-up Sunday'],
    ['2026-09-30', true, 'a Wednesday'],
    ['2026-10-01', false, 'a holiday Thursday'],
    ['2026-10-03', false, 'a Saturday in the holiday'],
    ['2026-10-08', true, 'the Thursday after'],
    ['2026-10-10', true, 'a make-up Saturday'],
    ['2026-10-11', false, 'a plain Sunday'],
  ])('%s is %s (%s)', (day, expected) => {
    expect(isWorkingDay(at(day), china2026)).toBe(expected);
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['2026-09-28', 0, '2026-09-28', 'zero days is the start'],
    ['2026-09-28', 1, '2026-09-29', 'Monday + 1 is Tuesday'],
    ['2026-09-25', 1, '2026-09-27', 'Friday + 1 is the make-up Sunday'],
    ['2026-09-30', 1, '2026-10-08', 'across the National Day holiday'],
    ['2026-09-30', 2, '2026-10-09', 'two days across the holiday'],
    ['2026-09-30', 3, '2026-10-10', 'three days reach the make-up Saturday'],
    ['2026-09-28', 10, '2026-10-16', 'ten working days over the holiday'],
    ['2026-10-01', 1, '2026-10-08', 'from inside the holiday'],
  ])('%s + %i working days = %s (%s)', (start, days, expected) => {
    const due = addWorkingDays(at(start), days, china2026);
    expect(due.toISOString()).toBe(at(expected).toISOString());
  });

  it('keeps the local time of day', () => {
    expect(addWorkingDays(new Date('2026-09-28T07:30:00.000Z'), 1, china2026).toISOString()).toBe('2026-09-29T07:30:00.000Z');
  });

  it('counts by local days: 23:30 Beijing on Friday is Friday, so +1 is Monday', () => {
    expect(addWorkingDays(new Date('2026-10-16T15:30:00.000Z'), 1, china2026).toISOString()).toBe('2026-10-19T15:30:00.000Z');
  });

  it('fails clearly on a calendar with no working day ahead', () => {
    const days = Array.from({ length: 400 }, (_, i) => new Date(Date.UTC(2027, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
    expect(() => addWorkingDays(at('2026-12-31'), 2, { holidays: days, workdays: [], utcOffsetMinutes: 0 })).toThrow('no working days ahead');
  });
});

describe('dueAfter', () => {
  it('adds whole calendar days by default, holidays or not', () => {
    expect(dueAfter(at('2026-09-30'), 30).toISOString()).toBe(at('2026-10-30').toISOString());
    expect(dueAfter(at('2026-09-30'), 3, 'CALENDAR_DAYS', china2026).toISOString()).toBe(at('2026-10-03').toISOString());
  });

  it('adds working days on the calendar when asked', () => {
    expect(dueAfter(at('2026-09-30'), 3, 'WORKING_DAYS', china2026).toISOString()).toBe(at('2026-10-10').toISOString());
  });
});

describe('calendarIssues', () => {
  it('accepts a sound calendar', () => {
    expect(calendarIssues(china2026)).toEqual([]);
  });

  it.each<[unknown, { path: string; message: string }[]]>([
    [null, [{ path: '', message: 'a calendar must be an object with holidays, workdays and utcOffsetMinutes' }]],
    [{ holidays: 'x', workdays: [], utcOffsetMinutes: 0 }, [{ path: 'holidays', message: 'must be a list of YYYY-MM-DD days' }]],
    [{ holidays: ['2026-13-01'], workdays: [], utcOffsetMinutes: 0 }, [{ path: 'holidays[0]', message: 'must be a YYYY-MM-DD day' }]],
    [{ holidays: [], workdays: ['10/10/2026'], utcOffsetMinutes: 0 }, [{ path: 'workdays[0]', message: 'must be a YYYY-MM-DD day' }]],
    [{ holidays: [], workdays: [], utcOffsetMinutes: 1000 }, [{ path: 'utcOffsetMinutes', message: 'must be whole minutes from -720 to 840' }]],
    [{ holidays: ['2026-10-10'], workdays: ['2026-10-10'], utcOffsetMinutes: 0 }, [{ path: 'workdays', message: '2026-10-10 is both a holiday and a working day' }]],
  ])('reports %j', (calendar, expected) => {
    expect(calendarIssues(calendar)).toEqual(expected);
  });
});
