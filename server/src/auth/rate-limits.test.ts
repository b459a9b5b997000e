import { describe, expect, it } from 'vitest';
import { bucketWindows, rateLimited, retryAfterSeconds } from './rate-limits';

describe('API key buckets', () => {
  it.each([
    [600, 100, { points: 10, durationSeconds: 1 }],
    [60, 5, { points: 1, durationSeconds: 1 }],
    [90, 5, { points: 3, durationSeconds: 2 }],
    [1, 1, { points: 1, durationSeconds: 60 }],
    [7, 2, { points: 7, durationSeconds: 60 }],
    [45, 10, { points: 3, durationSeconds: 4 }],
    [6000, 1000, { points: 100, durationSeconds: 1 }],
  ])('%i per minute with a burst of %i: steady %j, burst per minute', (rate, burst, sustained) => {
    const windows = bucketWindows(rate, burst);
    expect(windows.sustained).toEqual(sustained);
    // The steady window holds exactly the rate per minute.
    expect((windows.sustained.points * 60) / windows.sustained.durationSeconds).toBe(rate);
    expect(windows.burst).toEqual({ points: burst, durationSeconds: 60 });
  });

  it.each([
    [0, 1],
    [1, 0],
    [1.5, 1],
    [-5, 1],
    [10, Number.NaN],
  ])('refuses a rate of %s with a burst of %s', (rate, burst) => {
    expect(() => bucketWindows(rate, burst)).toThrow(RangeError);
  });

  it.each([
    [0, 1],
    [1, 1],
    [999, 1],
    [1000, 1],
    [1001, 2],
    [59_500, 60],
    [900_000, 900],
  ])('%i ms to wait is Retry-After %i', (ms, seconds) => {
    expect(retryAfterSeconds(ms)).toBe(seconds);
  });

  it('answers RATE_LIMITED with HTTP 429 and Retry-After', () => {
    const error = rateLimited({ zh: '太快了', en: 'too fast' }, 42);
    expect(error.extensions.code).toBe('RATE_LIMITED');
    expect(error.extensions.retryAfter).toBe(42);
    const http = error.extensions.http as { status: number; headers: Map<string, string> };
    expect(http.status).toBe(429);
    expect(http.headers.get('retry-after')).toBe('42');
  });
});
