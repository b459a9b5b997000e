import type { ProjectTypeDefinition } from '@phaseflow/workflows';

/** The default project type: 有谋划、有安排、有落实、有考核、有应用. */
export const fivePhaseType: ProjectTypeDefinition = {
  key: 'five-phase',
  version: 1,
  name: { zh: '五步验收', en: 'Five-phase acceptance' },
  description: {
    zh: '有谋划、有安排、有落实、有考核、有应用：一个项目、一名领导牵头、一个部门负责、一套班子落实、一个阶段验收。',
    en: 'Planned, arranged, implemented, assessed, applied: one project, one lead, one department, one team, one phase review.',
  },
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
              { value: 'party', label: { zh: '党建引领', en: 'Party building' } },
              { value: 'infrastructure', label: { zh: '基础设施', en: 'Infrastructure' } },
              { value: 'industry', label: { zh: '产业发展', en: 'Industry' } },
              { value: 'service', label: { zh: '公共服务', en: 'Public service' } },
            ],
          },
          { key: 'budget', type: 'number', label: { zh: '预算（万元）', en: 'Budget (10k CNY)' }, required: true, min: 0, max: 100000 },
          { key: 'startDate', type: 'date', label: { zh: '计划开始日期', en: 'Planned start' }, required: true },
          {
            key: 'demonstrationSite',
            type: 'boolean',
            label: { zh: '是否示范点', en: 'Demonstration site' },
            helpText: { zh: '示范点每年复评', en: 'Demonstration sites are re-reviewed every year' },
          },
        ],
      },
    },
    {
      key: 'arranged',
      name: { zh: '有安排', en: 'Arranged' },
      deadlineDays: 30,
      gate: { mode: 'ANY_OF', approvers: { kind: 'LEAD' } },
      form: {
        fields: [
          { key: 'milestones', type: 'longText', label: { zh: '节点安排', en: 'Milestones' }, required: true, minLength: 10 },
          { key: 'contact', type: 'text', label: { zh: '责任部门联系人', en: 'Department contact' }, required: true, maxLength: 50 },
          {
            key: 'contactPhone',
            type: 'text',
            label: { zh: '联系电话', en: 'Contact phone' },
            required: true,
            pattern: '1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}',
            helpText: { zh: '手机或座机号码', en: 'Mobile or landline number' },
          },
          { key: 'teamSize', type: 'integer', label: { zh: '专班人数', en: 'Team size' }, required: true, min: 1, max: 500 },
          { key: 'plannedEndDate', type: 'date', label: { zh: '计划完成日期', en: 'Planned completion' }, required: true },
        ],
      },
    },
    {
      key: 'implemented',
      name: { zh: '有落实', en: 'Implemented' },
      deadlineDays: 90,
      gate: { mode: 'ANY_OF', approvers: { kind: 'ROLE', role: 'approver' } },
      form: {
        fields: [
          { key: 'progress', type: 'integer', label: { zh: '完成进度（%）', en: 'Progress (%)' }, required: true, min: 0, max: 100 },
          { key: 'spent', type: 'number', label: { zh: '已支出（万元）', en: 'Spent (10k CNY)' }, required: true, min: 0 },
          { key: 'summary', type: 'longText', label: { zh: '落实情况', en: 'What was done' }, required: true, minLength: 10 },
          {
            key: 'obstacles',
            type: 'multiSelect',
            label: { zh: '存在困难', en: 'Obstacles' },
            options: [
              { value: 'funding', label: { zh: '资金', en: 'Funding' } },
              { value: 'staffing', label: { zh: '人员', en: 'Staffing' } },
              { value: 'land', label: { zh: '用地', en: 'Land' } },
              { value: 'coordination', label: { zh: '协调', en: 'Coordination' } },
            ],
          },
        ],
      },
    },
    {
      key: 'assessed',
      name: { zh: '有考核', en: 'Assessed' },
      deadlineDays: 20,
      gate: { mode: 'ANY_OF', approvers: { kind: 'ROLE', role: 'approver' } },
      form: {
        fields: [
          { key: 'score', type: 'number', label: { zh: '考核得分', en: 'Score' }, required: true, min: 0, max: 100 },
          {
            key: 'grade',
            type: 'singleSelect',
            label: { zh: '考核等次', en: 'Grade' },
            required: true,
            options: [
              { value: 'excellent', label: { zh: '优秀', en: 'Excellent' } },
              { value: 'good', label: { zh: '良好', en: 'Good' } },
              { value: 'pass', label: { zh: '合格', en: 'Pass' } },
              { value: 'fail', label: { zh: '不合格', en: 'Fail' } },
            ],
          },
          { key: 'assessorComment', type: 'longText', label: { zh: '考核意见', en: 'Assessor comment' }, maxLength: 2000 },
        ],
      },
    },
    {
      key: 'applied',
      name: { zh: '有应用', en: 'Applied' },
      deadlineDays: 30,
      gate: { mode: 'ANY_OF', approvers: { kind: 'LEAD' } },
      form: {
        fields: [
          { key: 'outcome', type: 'longText', label: { zh: '成果运用', en: 'How the results are used' }, required: true, minLength: 10 },
          { key: 'replicable', type: 'boolean', label: { zh: '可复制推广', en: 'Can be replicated' }, required: true },
          { key: 'beneficiaries', type: 'integer', label: { zh: '受益人数', en: 'Beneficiaries' }, min: 0 },
        ],
      },
    },
  ],
};
