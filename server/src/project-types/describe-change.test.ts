import type { ProjectTypeDefinition } from '@phaseflow/workflows';
import { diffDefinitions } from '@phaseflow/workflows';
import { describe, expect, it } from 'vitest';
import { describeChange, nameChanges } from './describe-change';

const label = (zh: string, en: string) => ({ zh, en });

const v1: ProjectTypeDefinition = {
  key: 'report-type',
  version: 1,
  name: label('报告类', 'Reports'),
  stages: [
    {
      key: 'report',
      name: label('报告', 'Report'),
      deadlineDays: 10,
      gate: { mode: 'ANY_OF', approvers: { kind: 'ROLE', role: 'approver' } },
      form: {
        fields: [
          { key: 'goal', type: 'text', label: label('目标', 'Goal') },
          { key: 'rows', type: 'table', label: label('明细', 'Rows'), columns: [{ key: 'amount', type: 'number', label: label('金额', 'Amount') }] },
        ],
      },
    },
    { key: 'old', name: label('旧阶段', ''), deadlineDays: 5, gate: { mode: 'ANY_OF', approvers: { kind: 'ROLE', role: 'approver' } }, form: { fields: [] } },
  ],
} as ProjectTypeDefinition;

const v2: ProjectTypeDefinition = {
  ...v1,
  version: 2,
  stages: [
    {
      ...v1.stages[0]!,
      deadlineDays: 12,
      form: {
        fields: [
          { key: 'goal', type: 'text', label: label('目标', 'Goal'), required: true },
          { key: 'rows', type: 'table', label: label('明细', 'Rows'), columns: [{ key: 'amount', type: 'number', label: label('金额', 'Amount'), min: 0 }] },
        ],
      },
    },
  ],
} as ProjectTypeDefinition;

describe('describeChange names stages and fields', () => {
  const changes = nameChanges(diffDefinitions(v1, v2), v1, v2);
  it.each([
    ['zh', ['删除阶段「旧阶段」', '修改阶段「报告」的期限（天）：10 → 12', '修改阶段「报告」的字段「目标」的必填：— → true', '修改阶段「报告」的字段「明细 › 金额」的最小值：— → 0']],
    [
      'en',
      [
        // no English name: the Chinese one, never the key
        'Removed stage "旧阶段"',
        'Changed the deadline (days) of stage "Report": 10 → 12',
        'Changed the required of field "Goal" of stage "Report": — → true',
        'Changed the minimum of field "Rows › Amount" of stage "Report": — → 0',
      ],
    ],
  ] as const)('in %s', (locale, expected) => {
    expect(changes.map((change) => describeChange(change, locale))).toEqual(expected);
    expect(changes.map((change) => change.path)).toEqual(['stages[old]', 'stages[report].deadlineDays', 'stages[report].form.fields[goal].required', 'stages[report].form.fields[rows].columns[amount].min']);
  });

  it('falls back to the key when a name cannot be found', () => {
    expect(describeChange({ kind: 'REMOVED', path: 'stages[x]', stageKey: 'x', fieldKey: null, property: null, before: null, after: null }, 'en')).toBe('Removed stage "x"');
  });
});
