import { describe, expect, it } from 'vitest';
import {
  canAdministerProject,
  canCancel,
  canDecide,
  canDesignTypes,
  canFillForms,
  canIntrospectSchema,
  canManageKeysOf,
  canManageUnit,
  canManageUser,
  canSeeUnit,
  canSeeUser,
  canStartProjectIn,
  canViewProject,
  lineOfPath,
  rolesOver,
  type Involvement,
} from './policy';
import type { Grant, Principal } from './principal';

// county ─ town ─ village; county ─ other town; a second root
const COUNTY = ['county'];
const TOWN = ['county', 'town'];
const VILLAGE = ['county', 'town', 'village'];
const OTHER_TOWN = ['county', 'other'];
const OTHER_ROOT = ['root2'];
const ROOTS = ['county', 'root2'];

function person(id: string, grants: Grant[]): Principal {
  return { kind: 'USER', id, name: id, email: `${id}@x`, keyId: null, scopes: ['read', 'write'], grants };
}

function key(id: string, unitId: string, write: boolean): Principal {
  return {
    kind: 'API_KEY',
    id,
    name: id,
    email: `${id}@keys`,
    keyId: `k-${id}`,
    scopes: write ? ['read', 'write'] : ['read'],
    grants: [{ unitId, role: write ? 'operator' : 'viewer' }],
  };
}

const P = {
  countyAdmin: person('countyAdmin', [{ unitId: 'county', role: 'admin' }]),
  townAdmin: person('townAdmin', [{ unitId: 'town', role: 'admin' }]),
  townOperator: person('townOperator', [{ unitId: 'town', role: 'operator' }]),
  townApprover: person('townApprover', [{ unitId: 'town', role: 'approver' }]),
  villageViewer: person('villageViewer', [{ unitId: 'village', role: 'viewer' }]),
  otherTownAdmin: person('otherTownAdmin', [{ unitId: 'other', role: 'admin' }]),
  nobody: person('nobody', []),
  writeKey: key('writeKey', 'town', true),
  readKey: key('readKey', 'town', false),
};

const NONE: Involvement = { lead: false, teamMember: false, signer: false };
const LEAD: Involvement = { lead: true, teamMember: false, signer: false };
const MEMBER: Involvement = { lead: false, teamMember: true, signer: false };
const SIGNER: Involvement = { lead: false, teamMember: false, signer: true };

describe('lines and roles over a unit', () => {
  it.each([
    ['/a/b/c/', ['a', 'b', 'c']],
    ['/a/', ['a']],
    ['', []],
  ])('reads the line of %j', (path, line) => {
    expect(lineOfPath(path)).toEqual(line);
  });

  it.each([
    ['countyAdmin', VILLAGE, ['admin']],
    ['townOperator', VILLAGE, ['operator']],
    ['townOperator', COUNTY, []],
    ['villageViewer', TOWN, []],
    ['otherTownAdmin', VILLAGE, []],
  ] as const)('%s over %j holds %j', (name, line, roles) => {
    expect([...rolesOver(P[name], line)]).toEqual(roles);
  });
});

describe('who sees a project', () => {
  it.each([
    ['countyAdmin', VILLAGE, NONE, true],
    ['townAdmin', VILLAGE, NONE, true],
    ['townAdmin', OTHER_TOWN, NONE, false],
    ['villageViewer', VILLAGE, NONE, true],
    ['villageViewer', TOWN, NONE, false],
    ['otherTownAdmin', VILLAGE, NONE, false],
    ['nobody', VILLAGE, NONE, false],
    ['nobody', VILLAGE, LEAD, true],
    ['nobody', VILLAGE, MEMBER, true],
    ['nobody', VILLAGE, SIGNER, true],
    ['readKey', VILLAGE, NONE, true],
    ['readKey', OTHER_TOWN, NONE, false],
    ['writeKey', OTHER_ROOT, NONE, false],
  ] as const)('%s, project at %j, %j → %s', (name, line, involvement, expected) => {
    expect(canViewProject(P[name], line, involvement)).toBe(expected);
  });
});

describe('who acts on a project', () => {
  // [principal, line, involvement, start, fill, decide, cancel, administer]
  it.each([
    ['countyAdmin', VILLAGE, NONE, true, true, true, true, true],
    ['townAdmin', VILLAGE, NONE, true, true, true, true, true],
    ['townAdmin', OTHER_TOWN, NONE, false, false, false, false, false],
    ['townOperator', VILLAGE, NONE, true, true, true, false, false],
    ['townOperator', COUNTY, NONE, false, false, false, false, false],
    ['townApprover', VILLAGE, NONE, false, false, true, false, false],
    ['villageViewer', VILLAGE, NONE, false, false, true, false, false],
    ['nobody', VILLAGE, LEAD, false, true, true, true, false],
    ['nobody', VILLAGE, MEMBER, false, true, true, false, false],
    ['nobody', VILLAGE, SIGNER, false, false, true, false, false],
    ['nobody', VILLAGE, NONE, false, false, false, false, false],
    ['writeKey', VILLAGE, NONE, true, true, false, false, false],
    ['readKey', VILLAGE, NONE, false, false, false, false, false],
    ['writeKey', OTHER_TOWN, NONE, false, false, false, false, false],
  ] as const)('%s at %j (%j): start %s, fill %s, decide %s, cancel %s, administer %s', (name, line, involvement, start, fill, decide, cancel, administer) => {
    const principal = P[name];
    expect({
      start: canStartProjectIn(principal, line),
      fill: canFillForms(principal, line, involvement),
      decide: canDecide(principal, line, involvement),
      cancel: canCancel(principal, line, involvement),
      administer: canAdministerProject(principal, line),
    }).toEqual({ start, fill, decide, cancel, administer });
  });
});

describe('who manages the organisation', () => {
  it.each([
    ['countyAdmin', true],
    ['townAdmin', false],
    ['townOperator', false],
    ['nobody', false],
    ['writeKey', false],
    ['readKey', false],
  ] as const)('%s designs types: %s', (name, expected) => {
    expect(canDesignTypes(P[name], ROOTS)).toBe(expected);
  });

  it.each([
    ['countyAdmin', COUNTY, true],
    ['countyAdmin', VILLAGE, true],
    ['townAdmin', TOWN, true],
    ['townAdmin', VILLAGE, true],
    ['townAdmin', COUNTY, false],
    ['townAdmin', OTHER_TOWN, false],
    ['townOperator', VILLAGE, false],
    ['writeKey', VILLAGE, false],
  ] as const)('%s manages units, users and keys at %j: %s', (name, line, expected) => {
    expect(canManageUnit(P[name], line)).toBe(expected);
    expect(canManageKeysOf(P[name], line)).toBe(expected);
  });

  it.each([
    ['countyAdmin', [VILLAGE, OTHER_TOWN], true],
    ['townAdmin', [VILLAGE], true],
    // a county official who also holds a role in the town is out of a town admin's reach
    ['townAdmin', [VILLAGE, COUNTY], false],
    ['townAdmin', [], false],
    ['countyAdmin', [], true],
    ['townOperator', [VILLAGE], false],
  ] as const)('%s manages a user with roles at %j: %s', (name, lines, expected) => {
    expect(canManageUser(P[name], { id: 'target', roleUnitLines: lines }, ROOTS)).toBe(expected);
  });

  it('never lets a principal manage itself through canManageUser (passwords change with the current one)', () => {
    expect(canManageUser(P.countyAdmin, { id: 'countyAdmin', roleUnitLines: [COUNTY] }, ROOTS)).toBe(false);
  });

  it.each([
    ['villageViewer', [VILLAGE], true],
    ['villageViewer', [TOWN], false],
    ['townAdmin', [OTHER_TOWN, VILLAGE], true],
    ['otherTownAdmin', [VILLAGE], false],
  ] as const)('%s sees a user with roles at %j: %s', (name, lines, expected) => {
    expect(canSeeUser(P[name], { id: 'target', roleUnitLines: lines })).toBe(expected);
    expect(canSeeUser(P[name], { id: P[name].id, roleUnitLines: [] })).toBe(true);
  });

  it.each([
    ['villageViewer', VILLAGE, true],
    ['villageViewer', TOWN, false],
    ['townApprover', VILLAGE, true],
    ['nobody', COUNTY, false],
  ] as const)('%s sees the unit %j: %s', (name, line, expected) => {
    expect(canSeeUnit(P[name], line)).toBe(expected);
  });

  it.each([
    ['countyAdmin', true],
    ['townAdmin', true],
    ['townOperator', false],
    ['townApprover', false],
    ['villageViewer', false],
    ['nobody', false],
    ['writeKey', false],
    ['readKey', false],
  ] as const)('canIntrospectSchema(%s) is %s: only persons who administer a unit', (name, expected) => {
    expect(canIntrospectSchema(P[name])).toBe(expected);
  });

  it('canIntrospectSchema refuses an API key even with an admin grant', () => {
    expect(canIntrospectSchema({ ...P.writeKey, grants: [{ unitId: 'town', role: 'admin' }] })).toBe(false);
  });
});
