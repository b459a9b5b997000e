import { describe, expect, it } from 'vitest';
import { auditDetails } from './read-model';

const decision = (kind: 'APPROVE' | 'REJECT' | 'RETURN', comment: string | null, returnToStageKey: string | null = null) => ({
  stageKey: 'assessed',
  decision: kind,
  comment,
  returnToStageKey,
});

describe('auditDetails', () => {
  it.each([
    ['a return names the target stage and the comment', 'GATE_RETURNED', undefined, decision('RETURN', '数据不全', 'planned'), { returnToStageKey: 'planned', comment: '数据不全' }],
    ['a rejection carries its comment', 'GATE_REJECTED', undefined, decision('REJECT', 'Out of scope'), { comment: 'Out of scope' }],
    ['an approval carries its comment, or null', 'GATE_APPROVED', undefined, decision('APPROVE', null), { comment: null }],
    ['a vote keeps its own details only', 'VOTE_CAST', undefined, decision('APPROVE', 'ok'), null],
    ['other details stay', 'STAGE_OPENED', { returnedFrom: 'assessed' }, undefined, { returnedFrom: 'assessed' }],
    ['nothing to say is null', 'FORM_SAVED', undefined, undefined, null],
  ] as const)('%s', (_name, action, details, event, expected) => {
    expect(auditDetails({ action, details: details as Record<string, unknown> | undefined, decision: event })).toStrictEqual(expected);
  });
});
