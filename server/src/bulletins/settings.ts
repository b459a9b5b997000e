import { isTimeZone } from '@phaseflow/workflows/bulletin';
import { BULLETIN_LEVELS, type BulletinLevel } from './ranking';

/** When the bulletin's schedule runs and what it generates. */
export interface BulletinSettings {
  /** A five-field cron expression (minute hour day-of-month month day-of-week). */
  cron: string;
  /** The zone of the cron and of the months (a month ends at local midnight). */
  timeZone: string;
  levels: BulletinLevel[];
}

export const DEFAULT_BULLETIN_SETTINGS: BulletinSettings = { cron: '0 8 1 * *', timeZone: 'Asia/Shanghai', levels: ['TOWN'] };

const FIELD_RANGES: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];
const FIELD_NAMES = ['minute', 'hour', 'day of month', 'month', 'day of week'];

/** Why a cron expression is not one Phaseflow accepts (five fields of numbers, *, ranges, steps and lists), or null. */
export function cronIssue(cron: string): string | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return `has ${fields.length} field(s); five are needed: minute hour day-of-month month day-of-week`;
  for (const [index, field] of fields.entries()) {
    const [min, max] = FIELD_RANGES[index];
    for (const item of field.split(',')) {
      const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
      if (!match) return `the ${FIELD_NAMES[index]} field "${field}" is not a number, *, a range, a step or a list of them`;
      const values = [match[2], match[3]].filter((value) => value !== undefined).map(Number);
      if (values.some((value) => value < min || value > max)) return `the ${FIELD_NAMES[index]} field "${field}" must stay within ${min}–${max}`;
      if (values.length === 2 && values[0] > values[1]) return `the ${FIELD_NAMES[index]} field "${field}" has a range that runs backwards`;
      if (match[4] !== undefined && Number(match[4]) === 0) return `the ${FIELD_NAMES[index]} field "${field}" has a step of 0`;
    }
  }
  return null;
}

/** BULLETIN_LEVELS: a comma-separated list of TOWN and DEPARTMENT; the issue, or null. */
export function parseLevels(raw: string): { levels: BulletinLevel[]; issue: string | null } {
  const levels = [...new Set(raw.split(',').map((level) => level.trim().toUpperCase()).filter(Boolean))];
  const unknown = levels.filter((level) => !BULLETIN_LEVELS.includes(level as BulletinLevel));
  if (levels.length === 0) return { levels: [], issue: 'names no level' };
  if (unknown.length > 0) return { levels: [], issue: `names ${unknown.join(', ')}; the levels are ${BULLETIN_LEVELS.join(', ')}` };
  return { levels: levels as BulletinLevel[], issue: null };
}

export function timeZoneIssue(timeZone: string): string | null {
  return isTimeZone(timeZone) ? null : `"${timeZone}" is not an IANA time zone (such as Asia/Shanghai)`;
}
