import { describe, expect, it } from 'vitest';
import { canGenerateBulletin, canScheduleBulletins, canSeeBulletin, type UnitLine } from './policy';
import type { Grant, Principal } from './principal';

const LINES = new Map<string, UnitLine>([
  ['county', ['county']],
  ['town', ['county', 'town']],
  ['village', ['county', 'town', 'village']],
  ['root2', ['root2']],
  ['root2-town', ['root2', 'root2-town']],
]);

function person(grants: Grant[], write = true): Principal {
  return { kind: 'USER', id: 'p', name: 'p', email: 'p@x', keyId: null, scopes: write ? ['read', 'write'] : ['read'], grants };
}

function key(grants: Grant[]): Principal {
  return { kind: 'API_KEY', id: 'k', name: 'k', email: 'k@keys', keyId: 'k1', scopes: ['read', 'write'], grants };
}

describe('who reads and makes bulletins', () => {
  it.each<[string, Principal, string, boolean]>([
    ['the county admin reads the county bulletin', person([{ unitId: 'county', role: 'admin' }]), 'county', true],
    ['a village viewer reads the county bulletin (their tree)', person([{ unitId: 'village', role: 'viewer' }]), 'county', true],
    ['a town operator reads it', person([{ unitId: 'town', role: 'operator' }]), 'county', true],
    ['a village viewer does not read another tree’s bulletin', person([{ unitId: 'village', role: 'viewer' }]), 'root2', false],
    ['someone without roles reads none', person([]), 'county', false],
    ['a read key of a town reads its tree’s bulletin', key([{ unitId: 'town', role: 'viewer' }]), 'county', true],
    ['a key of the other tree does not', key([{ unitId: 'root2-town', role: 'viewer' }]), 'county', false],
    ['a grant on a unit unknown to the lines counts for nothing', person([{ unitId: 'gone', role: 'admin' }]), 'county', false],
  ])('%s', (_name, principal, scope, expected) => {
    expect(canSeeBulletin(principal, scope, LINES)).toBe(expected);
  });

  it.each<[string, Principal, string, boolean]>([
    ['the root admin generates', person([{ unitId: 'county', role: 'admin' }]), 'county', true],
    ['a town admin does not generate the county’s ranking', person([{ unitId: 'town', role: 'admin' }]), 'county', false],
    ['an approver of the root does not', person([{ unitId: 'county', role: 'approver' }]), 'county', false],
    ['a read-only session of the root admin does not', person([{ unitId: 'county', role: 'admin' }], false), 'county', false],
    ['an API key of the root does not', key([{ unitId: 'county', role: 'admin' }]), 'county', false],
    ['the admin of one root does not generate the other’s', person([{ unitId: 'county', role: 'admin' }]), 'root2', false],
  ])('%s', (_name, principal, scope, expected) => {
    expect(canGenerateBulletin(principal, scope)).toBe(expected);
  });

  it.each<[string, Principal, boolean]>([
    ['a root admin schedules', person([{ unitId: 'root2', role: 'admin' }]), true],
    ['a town admin does not', person([{ unitId: 'town', role: 'admin' }]), false],
    ['a read-only root admin does not', person([{ unitId: 'county', role: 'admin' }], false), false],
    ['a key does not', key([{ unitId: 'county', role: 'admin' }]), false],
  ])('%s', (_name, principal, expected) => {
    expect(canScheduleBulletins(principal, ['county', 'root2'])).toBe(expected);
  });
});
