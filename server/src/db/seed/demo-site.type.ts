import type { ProjectTypeDefinition } from '@phaseflow/workflows';

/**
 * The demonstration-site type (示范点创建) of the demo: chosen, built, accepted. Sites belong to villages,
 * which have no approvers of their own: the town's and the county's sign (UNIT_OR_ANCESTORS).
 */
export const demoSiteType: ProjectTypeDefinition = {
  key: 'demo-site',
  version: 1,
  name: { zh: '示范点创建', en: 'Demonstration site' },
  description: {
    zh: '党建示范点从选点申报、建设推进到验收挂牌的全过程，按月通报各乡镇完成率。',
    en: 'A demonstration site from its application through construction to acceptance; the towns’ completion rates are ranked every month.',
  },
  stages: [
    {
      key: 'apply',
      name: { zh: '选点申报', en: 'Application' },
      deadlineDays: 14,
      warningDays: 4,
      gate: { mode: 'ANY_OF', approvers: { kind: 'ROLE', role: 'approver', scope: 'UNIT_OR_ANCESTORS' } },
      form: {
        fields: [
          { key: 'siteName', type: 'text', label: { zh: '示范点名称', en: 'Site name' }, required: true, maxLength: 100 },
          {
            key: 'theme',
            type: 'singleSelect',
            label: { zh: '创建主题', en: 'Theme' },
            required: true,
            options: [
              { value: 'service', label: { zh: '党群服务', en: 'Party and public service' } },
              { value: 'industry', label: { zh: '产业振兴', en: 'Rural industry' } },
              { value: 'environment', label: { zh: '人居环境', en: 'Living environment' } },
              { value: 'culture', label: { zh: '乡风文明', en: 'Civic culture' } },
            ],
          },
          { key: 'plannedInvestment', type: 'number', label: { zh: '计划投入（万元）', en: 'Planned investment (10k CNY)' }, required: true, min: 0, max: 10000 },
          { key: 'plan', type: 'longText', label: { zh: '创建方案', en: 'Plan' }, required: true, minLength: 10, maxLength: 2000 },
        ],
      },
    },
    {
      key: 'construct',
      name: { zh: '建设推进', en: 'Construction' },
      deadlineDays: 60,
      warningDays: 10,
      gate: { mode: 'ANY_OF', approvers: { kind: 'ROLE', role: 'approver', scope: 'UNIT_OR_ANCESTORS' } },
      form: {
        fields: [
          { key: 'progress', type: 'integer', label: { zh: '建设进度（%）', en: 'Progress (%)' }, required: true, min: 0, max: 100 },
          { key: 'invested', type: 'number', label: { zh: '实际投入（万元）', en: 'Invested (10k CNY)' }, required: true, min: 0, max: 10000 },
          { key: 'summary', type: 'longText', label: { zh: '建设情况', en: 'What was built' }, required: true, minLength: 10, maxLength: 2000 },
        ],
      },
    },
    {
      key: 'accept',
      name: { zh: '验收挂牌', en: 'Acceptance' },
      deadlineDays: 21,
      warningDays: 5,
      gate: { mode: 'ANY_OF', approvers: { kind: 'LEAD' } },
      form: {
        fields: [
          { key: 'acceptedOn', type: 'date', label: { zh: '验收日期', en: 'Accepted on' }, required: true },
          {
            key: 'rating',
            type: 'singleSelect',
            label: { zh: '验收等次', en: 'Rating' },
            required: true,
            options: [
              { value: 'excellent', label: { zh: '优秀', en: 'Excellent' } },
              { value: 'good', label: { zh: '良好', en: 'Good' } },
              { value: 'pass', label: { zh: '合格', en: 'Pass' } },
            ],
          },
          { key: 'remarks', type: 'longText', label: { zh: '验收意见', en: 'Remarks' }, maxLength: 2000 },
        ],
      },
    },
  ],
};
