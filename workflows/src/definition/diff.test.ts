import { describe, expect, it } from 'vitest';
import { copy, threeStageType } from '../test-fixtures';
import { diffDefinitions, sameJson } from './diff';
import type { ProjectTypeDefinition } from './types';

function changed(change: (definition: ProjectTypeDefinition) => void): ProjectTypeDefinition {
  const definition = copy(threeStageType);
  change(definition);
  return definition;
}

const summary = (from: ProjectTypeDefinition | null, to: ProjectTypeDefinition) =>
  diffDefinitions(from, to).map((c) => `${c.kind} ${c.path}${c.property ? ` (${JSON.stringify(c.before)} → ${JSON.stringify(c.after)})` : ''}`);

describe('diffDefinitions', () => {
  it('finds nothing between a version and itself, nor when only object key order differs', () => {
    expect(diffDefinitions(threeStageType, copy(threeStageType))).toEqual([]);
    const reordered = JSON.parse(JSON.stringify(threeStageType, Object.keys(threeStageType).reverse())) as ProjectTypeDefinition;
    expect(diffDefinitions(threeStageType, { ...reordered, ...copy(threeStageType) })).toEqual([]);
  });

  it('lists every stage as added for a new type', () => {
    expect(summary(null, threeStageType)).toEqual(['ADDED stages[planned]', 'ADDED stages[arranged]', 'ADDED stages[assessed]']);
  });

  it.each<[string, (d: ProjectTypeDefinition) => void, string[]]>([
    ['a renamed type', (d) => (d.name = { zh: '新', en: 'New' }), ['CHANGED name ({"zh":"三步验收","en":"Three-stage acceptance"} → {"zh":"新","en":"New"})']],
    ['a longer deadline', (d) => (d.stages[1].deadlineDays = 12), ['CHANGED stages[arranged].deadlineDays (10 → 12)']],
    ['a warning threshold added', (d) => (d.stages[0].warningDays = 5), ['CHANGED stages[planned].warningDays (null → 5)']],
    [
      'a gate changed',
      (d) => (d.stages[0].gate = { mode: 'QUORUM', quorum: 2, approvers: { kind: 'ROLE', role: 'approver' } }),
      ['CHANGED stages[planned].gate ({"mode":"ANY_OF","approvers":{"kind":"ROLE","role":"approver"}} → {"mode":"QUORUM","quorum":2,"approvers":{"kind":"ROLE","role":"approver"}})'],
    ],
    ['a stage removed', (d) => d.stages.splice(1, 1), ['REMOVED stages[arranged]']],
    [
      'a stage added',
      (d) => d.stages.push({ ...copy(d.stages[2]), key: 'applied' }),
      ['ADDED stages[applied]'],
    ],
    ['two stages swapped', (d) => d.stages.reverse(), ['CHANGED stages[assessed].position (2 → 0)', 'CHANGED stages[planned].position (0 → 2)']],
    ['a field made optional', (d) => (d.stages[0].form.fields[2].required = false), ['CHANGED stages[planned].form.fields[budget].required (true → false)']],
    ['a field type changed', (d) => (d.stages[0].form.fields[2].type = 'integer'), ['CHANGED stages[planned].form.fields[budget].type ("number" → "integer")']],
    ['a label changed', (d) => (d.stages[0].form.fields[0].label.en = 'Aim'), ['CHANGED stages[planned].form.fields[goal].label ({"zh":"项目目标","en":"Goal"} → {"zh":"项目目标","en":"Aim"})']],
    ['a limit removed', (d) => delete d.stages[0].form.fields[2].max, ['CHANGED stages[planned].form.fields[budget].max (100000 → null)']],
    ['a field removed', (d) => d.stages[0].form.fields.splice(3, 1), ['REMOVED stages[planned].form.fields[demonstrationSite]']],
    [
      'a field added',
      (d) => d.stages[0].form.fields.push({ key: 'note', type: 'text', label: { zh: '备注', en: 'Note' } }),
      ['ADDED stages[planned].form.fields[note]'],
    ],
  ])('reports %s', (_name, change, expected) => {
    expect(summary(threeStageType, changed(change))).toEqual(expected);
  });

  it('reports table columns by key under their table', () => {
    const withTable = changed((d) =>
      d.stages[0].form.fields.push({
        key: 'members',
        type: 'table',
        label: { zh: '成员', en: 'Members' },
        columns: [
          { key: 'name', type: 'text', label: { zh: '姓名', en: 'Name' } },
          { key: 'phone', type: 'phone', label: { zh: '电话', en: 'Phone' } },
        ],
      }),
    );
    const next = copy(withTable);
    next.stages[0].form.fields[4].columns![1].required = true;
    next.stages[0].form.fields[4].columns!.push({ key: 'age', type: 'integer', label: { zh: '年龄', en: 'Age' } });
    const changes = diffDefinitions(withTable, next);
    expect(changes.map((c) => `${c.kind} ${c.path} ${c.fieldKey}`)).toEqual([
      'CHANGED stages[planned].form.fields[members].columns[phone].required members.phone',
      'ADDED stages[planned].form.fields[members].columns[age] members.age',
    ]);
  });

  it('names the stage and field of every change', () => {
    const [change] = diffDefinitions(threeStageType, changed((d) => (d.stages[0].form.fields[2].min = 1)));
    expect(change).toEqual({
      kind: 'CHANGED',
      path: 'stages[planned].form.fields[budget].min',
      stageKey: 'planned',
      fieldKey: 'budget',
      property: 'min',
      before: 0,
      after: 1,
    });
  });
});

describe('sameJson', () => {
  it.each<[unknown, unknown, boolean]>([
    [1, 1, true],
    [1, '1', false],
    [null, undefined, false],
    [{ a: 1, b: 2 }, { b: 2, a: 1 }, true],
    [{ a: 1, b: undefined }, { a: 1 }, true],
    [[1, 2], [2, 1], false],
    [{ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }, true],
    [[], {}, false],
  ])('%j vs %j → %s', (a, b, expected) => {
    expect(sameJson(a, b)).toBe(expected);
  });
});
