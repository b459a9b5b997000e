/**
 * Calendar months in a time zone, pure: the bulletin workflow (in the sandbox, on workflow time) and
 * the server compute a bulletin's month and its end instant with the same code. Intl's zone data is
 * part of V8, so this runs the same in the workflow sandbox, Node and the browser.
 */

/** A calendar month, `YYYY-MM`. */
export type Month = string;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

function parts(month: Month): { year: number; month: number } {
  const match = MONTH.exec(month);
  if (!match) throw new RangeError(`"${month}" is not a month (YYYY-MM)`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

function format(year: number, month: number): Month {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The month `count` months after `month` (before it when negative). */
export function shiftMonth(month: Month, count: number): Month {
  const { year, month: m } = parts(month);
  const index = year * 12 + (m - 1) + count;
  return format(Math.floor(index / 12), (index % 12) + 1);
}

export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(instant: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const values: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(instant))) if (part.type !== 'literal') values[part.type] = Number(part.value);
  return { year: values.year, month: values.month, day: values.day, hour: values.hour, minute: values.minute, second: values.second };
}

/** The zone's offset from UTC at an instant, in milliseconds (Asia/Shanghai: +8 h). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const local = wallClock(instant, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The month an instant falls in, on the zone's calendar. */
export function monthOf(instant: number, timeZone: string): Month {
  const local = wallClock(instant, timeZone);
  return format(local.year, local.month);
}

/** The first instant of the month in the zone (its local midnight on the 1st). */
export function monthStart(month: Month, timeZone: string): Date {
  const { year, month: m } = parts(month);
  const wall = Date.UTC(year, m - 1, 1);
  // The offset at the guess, then at the answer: right also when the offset changes near midnight.
  let instant = wall - zoneOffsetMs(wall, timeZone);
  instant = wall - zoneOffsetMs(instant, timeZone);
  return new Date(instant);
}

/** The instant a month's bulletin is taken at: the first instant of the next month in the zone. */
export function monthEnd(month: Month, timeZone: string): Date {
  return monthStart(shiftMonth(month, 1), timeZone);
}

/** The month a bulletin run at `instant` reports on by default: the one before the instant's month. */
export function bulletinMonthAt(instant: number, timeZone: string): Month {
  return shiftMonth(monthOf(instant, timeZone), -1);
}
