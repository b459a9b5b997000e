const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d+)(ms|s|m|h|d)$/;

/** Milliseconds of a duration such as `500ms`, `5s`, `30m`, `8h` or `1d`; throws with what is wrong. */
export function parseDuration(raw: string): number {
  const match = DURATION.exec(raw.trim().toLowerCase());
  if (!match) throw new Error(`"${raw.trim()}" is not a duration such as 500ms, 5s, 30m, 8h or 1d`);
  const ms = Number(match[1]) * UNIT_MS[match[2]];
  if (ms < 1) throw new Error(`"${raw.trim()}" must be longer than nothing`);
  return ms;
}

/** The waits between attempts (WEBHOOK_RETRY_SCHEDULE), e.g. `5s,1m,5m`: at least one, each longer than nothing. */
export function parseRetrySchedule(raw: string): number[] {
  const parts = raw.split(',').map((part) => part.trim()).filter(Boolean);
  if (parts.length === 0) throw new Error('needs at least one duration, e.g. 5s,1m,5m');
  return parts.map(parseDuration);
}

/** About 24 hours in all: the first retries come quickly, then the waits double to eight hours. */
export const DEFAULT_RETRY_SCHEDULE = '5s,1m,5m,30m,1h,2h,4h,8h,8h';
