import type { GateDefinition, ProjectRoles, ProjectTypeDefinition, StageDefinition } from './definition/types';

/** A small project type after the seeded five-phase one: one stage per approver rule kind. */
export const threeStageType: ProjectTypeDefinition = {
  key: 'three-stage',
  version: 2,
  name: { zh: '三步验收', en: 'Three-stage acceptance' },
  description: { zh: '有谋划、有安排、有考核', en: 'Planned, arranged, assessed' },
  stages: [
    {
      key: 'planned',
      name: { zh: '有谋划', en: 'Planned' },
      deadlineDays: 30,
      gate: { mode: 'ANY_OF', approvers: { kind: 'ROLE', role: 'approver' } },
      form: {
        fields: [
          { key: 'goal', type: 'longText', label: { zh: '项目目标', en: 'Goal' }, required: true, minLength: 10, maxLength: 2000 },
          {
            key: 'category',
            type: 'singleSelect',
            label: { zh: '项目类别', en: 'Category' },
            required: true,
            options: [
              { value: 'infrastructure', label: { zh: '基础设施', en: 'Infrastructure' } },
              { value: 'service', label: { zh: '公共服务', en: 'Public service' } },
            ],
          },
          { key: 'budget', type: 'number', label: { zh: '预算（万元）', en: 'Budget (10k CNY)' }, required: true, min: 0, max: 100000 },
          { key: 'demonstrationSite', type: 'boolean', label: { zh: '是否示范点', en: 'Demonstration site' } },
        ],
      },
    },
    {
      key: 'arranged',
      name: { zh: '有安排', en: 'Arranged' },
      deadlineDays: 10,
      gate: { mode: 'ANY_OF', approvers: { kind: 'LEAD' } },
      form: {
        fields: [
          { key: 'contact', type: 'text', label: { zh: '责任部门联系人', en: 'Department contact' }, required: true, maxLength: 50 },
          { key: 'teamSize', type: 'integer', label: { zh: '专班人数', en: 'Team size' }, required: true, min: 1, max: 500 },
        ],
      },
    },
    {
      key: 'assessed',
      name: { zh: '有考核', en: 'Assessed' },
      deadlineDays: 20,
      gate: { mode: 'ANY_OF', approvers: { kind: 'USERS', userIds: ['u-assessor-1', 'u-assessor-2'] } },
      form: {
        fields: [{ key: 'score', type: 'number', label: { zh: '考核得分', en: 'Score' }, required: true, min: 0, max: 100 }],
      },
    },
  ],
};

/** Valid submissions of each stage of `threeStageType`. */
export const validData = {
  planned: { goal: 'Repave the village road', category: 'infrastructure', budget: 120 },
  arranged: { contact: 'Wang Fang', teamSize: 6 },
  assessed: { score: 92 },
} as const;

/** The people of one project: `u-county-admin` administers a unit above the project's unit. */
export const projectRoles: ProjectRoles = {
  leadId: 'u-lead',
  departmentId: 'dept-roads',
  unitId: 'unit-town',
  teamMemberIds: ['u-member-1', 'u-member-2'],
  unitRoleHolders: {
    admin: ['u-unit-admin'],
    operator: ['u-operator'],
    approver: ['u-approver-1', 'u-approver-2'],
    viewer: ['u-viewer'],
  },
  adminIds: ['u-unit-admin', 'u-county-admin'],
};

/** The users the gates of `gatedType` name (USERS rules), in their SEQUENTIAL order. */
export const SIGNERS = ['u-signer-1', 'u-signer-2', 'u-signer-3'];

/**
 * A three-stage type whose gates name `SIGNERS`: `propose` decides by `gate` (its mode and quorum),
 * `review` and `signoff` are ANY_OF. Every form has one optional note, so `{}` can be submitted.
 * Deadlines: `propose` 10 calendar days, warned 3 days before; `review` 5 working days, warned 2
 * working days before; `signoff` 20 calendar days, without a warning. `options.propose` and
 * `options.review` override parts of those stages.
 */
export function gatedType(
  gate: Omit<GateDefinition, 'approvers'>,
  options: { resumePolicy?: ProjectTypeDefinition['resumePolicy']; propose?: Partial<StageDefinition>; review?: Partial<StageDefinition> } = {},
): ProjectTypeDefinition {
  const users = { kind: 'USERS' as const, userIds: [...SIGNERS] };
  const form = { fields: [{ key: 'note', type: 'text' as const, label: { zh: '备注', en: 'Note' }, maxLength: 200 }] };
  return {
    key: 'gated',
    version: 1,
    name: { zh: '会签', en: 'Countersigned' },
    ...(options.resumePolicy ? { resumePolicy: options.resumePolicy } : {}),
    stages: [
      { key: 'propose', name: { zh: '立项', en: 'Propose' }, form, gate: { ...gate, approvers: users }, deadlineDays: 10, warningDays: 3, ...options.propose },
      {
        key: 'review',
        name: { zh: '评审', en: 'Review' },
        form,
        gate: { mode: 'ANY_OF', approvers: users },
        deadlineDays: 5,
        deadlineUnit: 'WORKING_DAYS',
        warningDays: 2,
        ...options.review,
      },
      { key: 'signoff', name: { zh: '签发', en: 'Sign-off' }, form, gate: { mode: 'ANY_OF', approvers: users }, deadlineDays: 20 },
    ],
  };
}

/** Freezes a value and everything inside it, so that any mutation throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** A deep copy of plain JSON data (the workflow's lib has no `structuredClone`). */
export function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
