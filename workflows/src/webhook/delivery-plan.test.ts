import { describe, expect, it } from 'vitest';
import { deliveredUpTo, lanesOf, retryWait } from './delivery-plan';

const change = (seq: number, projectId: string | null) => ({ id: `c${seq}`, seq: String(seq), projectId });

describe('the webhook delivery plan', () => {
  it('splits a batch into one lane per project, each in feed order', () => {
    const batch = [change(1, 'a'), change(2, 'b'), change(3, 'a'), change(4, null), change(5, 'b'), change(6, null)];
    expect(lanesOf(batch).map((lane) => lane.map((c) => c.seq))).toEqual([['1', '3'], ['2', '5'], ['4', '6']]);
    expect(lanesOf([])).toEqual([]);
  });

  it.each([
    [1, 5000],
    [2, 60_000],
    [3, 300_000],
    [4, 300_000],
    [40, 300_000],
    [0, 5000],
  ])('waits after failed attempt %i: %i ms', (attempt, wait) => {
    expect(retryWait([5000, 60_000, 300_000], attempt)).toBe(wait);
  });

  it('moves the cursor only over the leading delivered events', () => {
    const batch = [change(11, 'a'), change(12, 'b'), change(13, 'a')];
    expect(deliveredUpTo('10', batch, new Set(['c11', 'c12', 'c13']))).toBe('13');
    expect(deliveredUpTo('10', batch, new Set(['c11', 'c13']))).toBe('11');
    expect(deliveredUpTo('10', batch, new Set(['c12', 'c13']))).toBe('10');
    expect(deliveredUpTo('10', [], new Set())).toBe('10');
  });
});
