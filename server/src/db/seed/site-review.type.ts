import type { ProjectTypeDefinition } from '@phaseflow/workflows';

const t = (zh: string, en: string) => ({ zh, en });

/**
 * A second demo type that shows what a designer can build without code: a table with a computed
 * total, scored indicators, a conditional field, an attachment and an optional stage.
 */
export const siteReviewType: ProjectTypeDefinition = {
  key: 'site-review',
  version: 1,
  name: t('示范点评审', 'Demonstration site review'),
  description: t('示范点申报、评分、整改与认定；不搞终身制。', 'Application, scoring, rectification and designation of demonstration sites.'),
  stages: [
    {
      key: 'apply',
      name: t('申报', 'Application'),
      deadlineDays: 20,
      warningDays: 5,
      gate: { mode: 'ANY_OF', approvers: { kind: 'ROLE', role: 'approver' } },
      form: {
        fields: [
          { key: 'siteName', type: 'text', label: t('示范点名称', 'Site name'), required: true, maxLength: 100 },
          { key: 'contactEmail', type: 'email', label: t('联系邮箱', 'Contact email'), required: true },
          { key: 'contactPhone', type: 'phone', label: t('联系电话', 'Contact phone'), required: true },
          { key: 'website', type: 'url', label: t('介绍网页', 'Web page') },
          {
            key: 'activities',
            type: 'table',
            label: t('主要活动', 'Main activities'),
            required: true,
            minRows: 1,
            maxRows: 20,
            columns: [
              { key: 'name', type: 'text', label: t('活动', 'Activity'), required: true },
              { key: 'date', type: 'date', label: t('日期', 'Date'), required: true },
              { key: 'participants', type: 'integer', label: t('参与人数', 'Participants'), required: true, min: 0 },
            ],
          },
          { key: 'totalParticipants', type: 'integer', label: t('参与总人次', 'Total participants'), compute: 'sum(activities.participants)' },
          {
            key: 'evidence',
            type: 'attachment',
            label: t('佐证材料', 'Evidence'),
            helpText: t('PDF 或图片，每个不超过 10 MB', 'PDF or images, up to 10 MB each'),
            accept: ['application/pdf', 'image/*'],
            maxSizeBytes: 10 * 1024 * 1024,
            maxFiles: 5,
          },
        ],
      },
    },
    {
      key: 'score',
      name: t('评分', 'Scoring'),
      deadlineDays: 15,
      warningDays: 3,
      gate: { mode: 'ANY_OF', approvers: { kind: 'ROLE', role: 'approver', scope: 'UNIT_OR_ANCESTORS' } },
      form: {
        fields: [
          { key: 'organisation', type: 'indicator', label: t('组织建设', 'Organisation'), required: true, maxScore: 10, weight: 3 },
          { key: 'service', type: 'indicator', label: t('服务群众', 'Service to residents'), required: true, maxScore: 10, weight: 4 },
          { key: 'innovation', type: 'indicator', label: t('创新特色', 'Innovation'), required: true, maxScore: 10, weight: 3 },
          { key: 'passed', type: 'boolean', label: t('达到示范标准', 'Meets the standard'), required: true },
          {
            key: 'shortcomings',
            type: 'longText',
            label: t('存在不足', 'Shortcomings'),
            required: true,
            visibleWhen: { field: 'passed', op: 'equals', value: false },
          },
        ],
      },
    },
    {
      key: 'rectify',
      name: t('整改', 'Rectification'),
      deadlineDays: 60,
      warningDays: 10,
      skipWhen: { field: 'score.passed', op: 'equals', value: true },
      gate: { mode: 'ANY_OF', approvers: { kind: 'LEAD' } },
      form: {
        fields: [
          { key: 'actions', type: 'longText', label: t('整改措施', 'Actions taken'), required: true, minLength: 10 },
          { key: 'completedOn', type: 'date', label: t('完成日期', 'Completed on'), required: true },
        ],
      },
    },
    {
      key: 'designate',
      name: t('认定', 'Designation'),
      deadlineDays: 10,
      gate: { mode: 'ANY_OF', approvers: { kind: 'LEAD' } },
      form: {
        fields: [
          {
            key: 'level',
            type: 'singleSelect',
            label: t('认定等级', 'Level'),
            required: true,
            options: [
              { value: 'county', label: t('县级示范点', 'County-level site') },
              { value: 'city', label: t('市级示范点', 'City-level site') },
            ],
          },
          { key: 'remarks', type: 'longText', label: t('认定意见', 'Remarks') },
        ],
      },
    },
  ],
  // Demonstration sites are re-reviewed every year; one that no longer qualifies is rectified.
  review: {
    everyMonths: 12,
    stage: {
      key: 're-review',
      name: t('年度复评', 'Annual re-review'),
      deadlineDays: 30,
      warningDays: 7,
      gate: { mode: 'ALL_OF', approvers: { kind: 'ROLE', role: 'approver', scope: 'UNIT_OR_ANCESTORS' } },
      form: {
        fields: [
          { key: 'stillQualifies', type: 'boolean', label: t('仍达到示范标准', 'Still meets the standard'), required: true },
          { key: 'findings', type: 'longText', label: t('复评意见', 'Findings'), required: true, minLength: 10 },
        ],
      },
    },
    rectifyStage: {
      key: 're-rectify',
      name: t('复评整改', 'Re-review rectification'),
      deadlineDays: 60,
      warningDays: 10,
      gate: { mode: 'ANY_OF', approvers: { kind: 'LEAD' } },
      form: { fields: [{ key: 'actions', type: 'longText', label: t('整改措施', 'Actions taken'), required: true, minLength: 10 }] },
    },
  },
};
