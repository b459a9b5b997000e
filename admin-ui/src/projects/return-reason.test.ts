import { describe, expect, it } from 'vitest';
import type { Decision } from '../types';
import { sentBackBy } from './return-reason';

const decision = (id: string, kind: Decision['decision'], stageKey: string, createdAt: string, returnToStageKey: string | null = null): Decision => ({
  id,
  stageKey,
  decision: kind,
  comment: `comment ${id}`,
  returnToStageKey,
  decidedBy: { id: 'u', name: 'U' },
  createdAt,
});

const HISTORY = [
  decision('a', 'RETURN', 'arranged', '2026-01-02T00:00:00Z', 'planned'),
  decision('b', 'APPROVE', 'planned', '2026-01-03T00:00:00Z'),
  decision('c', 'RETURN', 'assessed', '2026-01-05T00:00:00Z', 'planned'),
  decision('d', 'REJECT', 'arranged', '2026-01-04T00:00:00Z'),
  decision('e', 'REJECT', 'arranged', '2026-01-06T00:00:00Z'),
];

describe('sentBackBy', () => {
  it.each([
    ['a returned stage: the newest return to it', { key: 'planned', status: 'RETURNED' as const }, 'c'],
    ['a rejected stage: the newest rejection of it', { key: 'arranged', status: 'REJECTED' as const }, 'e'],
    ['an open stage: none', { key: 'planned', status: 'OPEN' as const }, null],
    ['a returned stage nobody returned to: none', { key: 'applied', status: 'RETURNED' as const }, null],
    ['a return away from the stage does not count', { key: 'arranged', status: 'RETURNED' as const }, null],
  ])('%s', (_name, stage, expected) => {
    expect(sentBackBy(stage, HISTORY)?.id ?? null).toBe(expected);
  });
});
