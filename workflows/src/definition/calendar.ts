/**
 * A deployment's working calendar: public holidays that fall on working days, and weekend days that
 * are worked instead (调休). Days are local to the deployment, `utcOffsetMinutes` from UTC (China: 480).
 */
export interface WorkCalendar {
  holidays: string[];
  workdays: string[];
  utcOffsetMinutes: number;
}

export type DeadlineUnit = 'CALENDAR_DAYS' | 'WORKING_DAYS';

export const DEADLINE_UNITS: readonly DeadlineUnit[] = ['CALENDAR_DAYS', 'WORKING_DAYS'];

const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Plain Monday-to-Friday weeks with no holidays, on Beijing time. */
export const DEFAULT_CALENDAR: WorkCalendar = { holidays: [], workdays: [], utcOffsetMinutes: 480 };

/** The local day (YYYY-MM-DD) an instant falls on. */
export function localDay(instant: Date, calendar: WorkCalendar): string {
  return new Date(instant.getTime() + calendar.utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** True when the local day of `instant` is a working day on the calendar. */
export function isWorkingDay(instant: Date, calendar: WorkCalendar): boolean {
  const day = localDay(instant, calendar);
  if (calendar.workdays.includes(day)) return true;
  if (calendar.holidays.includes(day)) return false;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The instant `days` working days after `start`, at the same local time of day: each following
 * day that is a working day counts one. Zero days is `start` itself.
 */
export function addWorkingDays(start: Date, days: number, calendar: WorkCalendar): Date {
  let at = start.getTime();
  let counted = 0;
  // A year of holidays cannot stretch a deadline past 3x its length plus a fortnight.
  const limit = days * 3 + 14;
  for (let step = 0; counted < days; step += 1) {
    if (step > limit * 10) throw new Error('the working calendar has no working days ahead');
    at += DAY_MS;
    if (isWorkingDay(new Date(at), calendar)) counted += 1;
  }
  return new Date(at);
}

/** Due date of a stage opened at `openedAt`, in calendar days or in working days of the calendar. */
export function dueAfter(openedAt: Date, days: number, unit: DeadlineUnit = 'CALENDAR_DAYS', calendar: WorkCalendar = DEFAULT_CALENDAR): Date {
  return unit === 'WORKING_DAYS' ? addWorkingDays(openedAt, days, calendar) : new Date(openedAt.getTime() + days * DAY_MS);
}

/** Problems of a calendar, with paths; [] when it can be used. */
export function calendarIssues(calendar: unknown): { path: string; message: string }[] {
  if (typeof calendar !== 'object' || calendar === null) return [{ path: '', message: 'a calendar must be an object with holidays, workdays and utcOffsetMinutes' }];
  const issues: { path: string; message: string }[] = [];
  const value = calendar as Record<string, unknown>;
  for (const list of ['holidays', 'workdays'] as const) {
    const days = value[list];
    if (!Array.isArray(days)) {
      issues.push({ path: list, message: 'must be a list of YYYY-MM-DD days' });
      continue;
    }
    days.forEach((day, i) => {
      if (typeof day !== 'string' || !ISO_DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
        issues.push({ path: `${list}[${i}]`, message: 'must be a YYYY-MM-DD day' });
      }
    });
  }
  const offset = value.utcOffsetMinutes;
  if (!Number.isInteger(offset) || (offset as number) < -720 || (offset as number) > 840) {
    issues.push({ path: 'utcOffsetMinutes', message: 'must be whole minutes from -720 to 840' });
  }
  const both = Array.isArray(value.holidays) && Array.isArray(value.workdays) ? (value.holidays as unknown[]).filter((d) => (value.workdays as unknown[]).includes(d)) : [];
  for (const day of both) issues.push({ path: 'workdays', message: `${String(day)} is both a holiday and a working day` });
  return issues;
}
