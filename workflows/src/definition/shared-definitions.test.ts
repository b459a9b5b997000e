import { describe, expect, it } from 'vitest';
import { sharedDefinition } from './shared-definitions';
import type { ProjectTypeDefinition } from './types';

const definition = (name: string): ProjectTypeDefinition => ({
  key: 'shared',
  version: 1,
  name: { zh: name, en: name },
  stages: [{ key: 'a', name: { zh: 'A', en: 'A' }, deadlineDays: 3, gate: { mode: 'ANY_OF', approvers: { kind: 'LEAD' } }, form: { fields: [] } }],
});

describe('sharedDefinition', () => {
  it('keeps the first copy per content hash, frozen to the leaves, and hands it to every later caller', () => {
    const first = definition('first');
    expect(sharedDefinition('hash-1', first)).toBe(first);
    expect(Object.isFrozen(first.stages[0].gate.approvers)).toBe(true);
    const again = definition('first');
    expect(sharedDefinition('hash-1', again)).toBe(first);
    expect(Object.isFrozen(again)).toBe(false);
  });

  it('keeps another hash apart', () => {
    const other = definition('other');
    expect(sharedDefinition('hash-2', other)).toBe(other);
    expect(sharedDefinition('hash-1', definition('x')).name.en).toBe('first');
  });
});
