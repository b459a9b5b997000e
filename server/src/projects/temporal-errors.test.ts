import { WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { EngineTimeout, mapUpdateError, withinDeadline } from './temporal-errors';

describe('withinDeadline', () => {
  it('answers at the deadline even when the call does not, and aborts the call', async () => {
    let aborted = false;
    const begun = Date.now();
    const outcome = withinDeadline(100, (_deadline, signal) => {
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise<never>(() => undefined);
    });
    await expect(outcome).rejects.toBeInstanceOf(EngineTimeout);
    expect(Date.now() - begun).toBeLessThan(400);
    expect(aborted).toBe(true);
  });

  it('answers the call’s result, and hands it the deadline', async () => {
    const before = Date.now();
    const deadline = await withinDeadline(1000, async (at) => at);
    expect(deadline).toBeGreaterThanOrEqual(before + 1000);
    await expect(withinDeadline(1000, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});

describe('mapUpdateError', () => {
  it.each([
    ['a timeout before the Update was accepted', new EngineTimeout('late'), false, { code: 'UNAVAILABLE', retryable: true, status: 'UNKNOWN', requestId: 'r1' }, /may still be applied.*same requestId \(r1\)/],
    ['a gRPC deadline before it was accepted', Object.assign(new Error('deadline'), { code: 4 }), false, { code: 'UNAVAILABLE', retryable: true, status: 'UNKNOWN' }, /may still be applied/],
    ['a timeout after it was accepted', new EngineTimeout('late'), true, { code: 'UNAVAILABLE', retryable: true, status: 'PENDING', requestId: 'r1' }, /accepted the change.*will be applied/],
    ['an ended workflow', new WorkflowNotFoundError('gone', 'w', undefined), false, { code: 'CONFLICT' }, /has ended/],
  ])('%s', (_name, error, accepted, extensions, message) => {
    const mapped = mapUpdateError(error, { requestId: 'r1', accepted });
    expect(mapped.extensions).toMatchObject(extensions);
    expect(mapped.message).toMatch(message);
    if (extensions.code === 'UNAVAILABLE') expect((mapped.extensions.i18n as { zh: string }).zh).toMatch(/requestId（r1）/);
  });
});
