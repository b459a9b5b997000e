import { describe, expect, it } from 'vitest';
import { createWaves } from './loaders';

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('loader waves', () => {
  it('delivers the batches sent in one turn together: the fast one waits for the slow one', async () => {
    const inWave = createWaves();
    const delivered: string[] = [];
    const fast = inWave(() => after(1, 'fast')).then((value) => delivered.push(`${value}@${delivered.length}`));
    const slow = inWave(() => after(40, 'slow')).then((value) => delivered.push(`${value}@${delivered.length}`));
    await after(20, null);
    expect(delivered).toEqual([]);
    await Promise.all([fast, slow]);
    expect(delivered.sort()).toEqual(['fast@0', 'slow@1']);
  });

  it('starts a new wave once the turn has passed, not held by the earlier one', async () => {
    const inWave = createWaves();
    const slow = inWave(() => after(80, 'slow'));
    await new Promise((resolve) => setImmediate(resolve));
    const started = Date.now();
    expect(await inWave(() => after(1, 'later'))).toBe('later');
    expect(Date.now() - started).toBeLessThan(60);
    expect(await slow).toBe('slow');
  });

  it('rejects only the batch that failed, after the wave', async () => {
    const inWave = createWaves();
    const failed = inWave(() => Promise.reject(new Error('boom')));
    const ok = inWave(() => after(5, 'ok'));
    await expect(failed).rejects.toThrow('boom');
    await expect(ok).resolves.toBe('ok');
  });
});
