import type { ProjectTypeDefinition } from '@phaseflow/workflows/definition';
import { describe, expect, it } from 'vitest';
import { cleanDefinition, newStage, retypeField } from './definition-model';
import { anchorOf, anchorsOf, namedPath, placeIssues } from './issues';

const definition: ProjectTypeDefinition = {
  key: 'tbl-x',
  version: 1,
  name: { zh: '表', en: 'Table' },
  stages: [
    {
      key: 'one',
      name: { zh: '一', en: 'One' },
      deadlineDays: 10,
      gate: { mode: 'QUORUM', quorum: 2, approvers: { kind: 'USERS', userIds: ['u1'] } },
      form: {
        fields: [
          { key: 'kind', type: 'singleSelect', label: { zh: '类', en: 'Kind' }, options: [{ value: 'a', label: { zh: 'A', en: 'A' } }] },
          {
            key: 'members',
            type: 'table',
            label: { zh: '成员', en: 'Members' },
            columns: [
              { key: 'name', type: 'text', label: { zh: '名', en: 'Name' } },
              { key: 'phone', type: 'phone', label: { zh: '电话', en: 'Phone' } },
            ],
          },
        ],
      },
    },
    { ...newStage([]), key: 'two', gate: { mode: 'ANY_OF', approvers: { kind: 'ROLE', role: 'approver' } } },
  ],
};

describe('anchorOf', () => {
  const anchors = anchorsOf(definition);
  it.each([
    ['key', 'key'],
    ['name.zh', 'name.zh'],
    ['version', undefined],
    ['', undefined],
    ['stages', 'stages'],
    ['stages[0].gate.quorum', 'stages[0].gate.quorum'],
    ['stages[0].gate.approvers.userIds', 'stages[0].gate.approvers.userIds'],
    // a ROLE widget is not shown for a USERS rule: the issue goes to the rule as a whole
    ['stages[0].gate.approvers.role', 'stages[0].gate.approvers'],
    ['stages[1].gate.approvers.role', 'stages[1].gate.approvers.role'],
    ['stages[0].form.fields[0].options[0].value', 'stages[0].form.fields[0].options[0].value'],
    ['stages[0].form.fields[0].options[3].value', 'stages[0].form.fields[0].options'],
    ['stages[0].form.fields[1].columns[1].key', 'stages[0].form.fields[1].columns[1].key'],
    ['stages[0].form.fields[1].columns[0].label.en', 'stages[0].form.fields[1].columns[0].label.en'],
    ['stages[0].form.fields[1].columns[0].visibleWhen.all[0].field', 'stages[0].form.fields[1].columns[0].visibleWhen'],
    // a text field shows no date bounds: the issue lands on the field
    ['stages[0].form.fields[1].columns[0].minDate', 'stages[0].form.fields[1].columns[0]'],
    ['stages[0].form.fields[5].key', 'stages[0].form.fields'],
    ['stages[1].skipWhen.field', 'stages[1].skipWhen'],
    ['stages[7].key', 'stages'],
  ])('%s → %s', (path, anchor) => {
    expect(anchorOf(path, anchors)).toBe(anchor);
  });
});

describe('placeIssues', () => {
  it('puts each issue on its widget, names the part on an enclosing one, and lists the rest', () => {
    const placed = placeIssues(
      [
        { path: 'key', message: 'bad' },
        { path: 'key', message: 'bad' },
        { path: 'stages[0].form.fields[0].options[3].value', message: 'duplicates' },
        { path: 'version', message: 'must be a whole number from 1' },
      ],
      anchorsOf(definition),
    );
    expect(Object.fromEntries(placed.byAnchor)).toEqual({
      key: ['bad'],
      'stages[0].form.fields[0].options': ['[3].value: duplicates'],
    });
    expect(placed.unplaced).toEqual([{ path: 'version', message: 'must be a whole number from 1' }]);
  });
});

describe('cleanDefinition', () => {
  it('leaves out blank optional texts, a quorum outside QUORUM and the UNIT scope', () => {
    const cleaned = cleanDefinition({
      ...definition,
      description: { zh: ' ', en: '' },
      stages: [
        {
          ...definition.stages[1],
          gate: { mode: 'ANY_OF', quorum: 3, approvers: { kind: 'ROLE', role: 'approver', scope: 'UNIT' } },
          form: { fields: [{ key: 'a', type: 'text', label: { zh: 'A', en: 'A' }, helpText: { zh: '', en: '' }, pattern: '' }] },
        },
      ],
    });
    expect(cleaned.description).toBeUndefined();
    expect(cleaned.stages[0].gate).toEqual({ mode: 'ANY_OF', approvers: { kind: 'ROLE', role: 'approver' } });
    expect(cleaned.stages[0].form.fields[0]).toEqual({ key: 'a', type: 'text', label: { zh: 'A', en: 'A' } });
  });
});

describe('retypeField', () => {
  it.each([
    ['singleSelect', { options: [{ value: 'option1', label: { zh: '选项 1', en: 'Option 1' } }] }],
    ['table', { columns: [] }],
    ['indicator', { maxScore: 10 }],
    ['email', {}],
  ] as const)('to %s keeps what applies and adds what is needed', (type, added) => {
    const field = { key: 'f', type: 'text' as const, label: { zh: 'F', en: 'F' }, required: true, maxLength: 5, defaultValue: 'x' };
    expect(retypeField(field, type)).toEqual({ key: 'f', type, label: { zh: 'F', en: 'F' }, required: true, ...added });
  });
});

describe('namedPath', () => {
  it.each([
    ['stages[0]', 'zh', '一'],
    ['stages[0].deadlineDays', 'en', 'One › deadlineDays'],
    ['stages[0].form.fields[1].label.en', 'en', 'One › Members › label.en'],
    ['stages[0].form.fields[1].columns[1].key', 'zh', '一 › 成员 › 电话 › key'],
    ['stages[one].form.fields[kind].options', 'en', 'One › Kind › options'],
    // a field the definition lacks stops the naming there
    ['stages[0].form.fields[9].key', 'en', 'One › form.fields[9].key'],
    ['stages[7].key', 'en', null],
    ['name.zh', 'en', null],
  ] as const)('%s (%s) → %s', (path, locale, expected) => {
    expect(namedPath(path, definition, locale)).toBe(expected);
  });
});
