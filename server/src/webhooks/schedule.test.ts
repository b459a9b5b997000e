import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';
import { DEFAULT_RETRY_SCHEDULE, parseDuration, parseRetrySchedule } from './schedule';

describe('webhook retry schedules', () => {
  it.each([
    ['250ms', 250],
    ['5s', 5000],
    ['1m', 60_000],
    ['30m', 1_800_000],
    ['8h', 28_800_000],
    ['1d', 86_400_000],
    [' 2H ', 7_200_000],
  ])('%s is %i ms', (raw, ms) => {
    expect(parseDuration(raw)).toBe(ms);
  });

  it.each(['', '5', '5 s', '1.5h', '-5s', '0s', '5w', 'soon'])('refuses "%s"', (raw) => {
    expect(() => parseDuration(raw)).toThrow();
  });

  it('reads a list, and the default lasts about 24 hours in all', () => {
    expect(parseRetrySchedule('5s, 1m,5m')).toEqual([5000, 60_000, 300_000]);
    const total = parseRetrySchedule(DEFAULT_RETRY_SCHEDULE).reduce((sum, ms) => sum + ms, 0);
    expect(total / 3_600_000).toBeGreaterThan(23);
    expect(total / 3_600_000).toBeLessThanOrEqual(24);
    expect(() => parseRetrySchedule(' , ')).toThrow(/at least one/);
    expect(() => parseRetrySchedule('5s,later')).toThrow(/later/);
  });

  it('comes from the configuration with defaults', () => {
    const base = { JWT_SECRET: 'x'.repeat(32), DATA_DIR: '/tmp/phaseflow-config-test' };
    const config = loadConfig(base).webhooks;
    expect(config).toMatchObject({ taskQueue: 'phaseflow-webhooks', runWorker: true, timeoutMs: 10_000, maxResponseBytes: 65_536, pauseAfterMs: 86_400_000 });
    expect(config.retryScheduleMs).toEqual(parseRetrySchedule(DEFAULT_RETRY_SCHEDULE));
    expect(config.allow.hosts.size).toBe(0);
    const set = loadConfig({
      ...base,
      WEBHOOK_TASK_QUEUE: 'hooks',
      WEBHOOK_WORKER: 'false',
      WEBHOOK_ALLOWED_HOSTS: 'localhost,10.0.0.0/8',
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_MAX_RESPONSE_BYTES: '1024',
      WEBHOOK_RETRY_SCHEDULE: '100ms,1s',
      WEBHOOK_PAUSE_AFTER: '10m',
    }).webhooks;
    expect(set).toMatchObject({ taskQueue: 'hooks', runWorker: false, timeoutMs: 2000, maxResponseBytes: 1024, retryScheduleMs: [100, 1000], pauseAfterMs: 600_000 });
    expect([...set.allow.hosts]).toEqual(['localhost']);
    expect(set.allow.ranges).toHaveLength(1);
    expect(() => loadConfig({ ...base, WEBHOOK_RETRY_SCHEDULE: 'often' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, WEBHOOK_PAUSE_AFTER: '1 day' })).toThrow(/WEBHOOK_PAUSE_AFTER/);
    expect(() => loadConfig({ ...base, WEBHOOK_ALLOWED_HOSTS: '10.0.0.0/99' })).toThrow(/WEBHOOK_ALLOWED_HOSTS/);
  });
});
