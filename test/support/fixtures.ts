import { type Api } from './graphql';

export interface Directory {
  units: Record<string, string>;
  users: Record<string, string>;
}

/** Ids of the demo units (by English name) and users (by email). */
export async function loadDirectory(api: Api): Promise<Directory> {
  const data = await api.ok<{ units: { id: string; names: { en: string } }[]; users: { id: string; email: string }[] }>(
    '{ units { id names { en } } users { id email } }',
  );
  return {
    units: Object.fromEntries(data.units.map((u) => [u.names.en, u.id])),
    users: Object.fromEntries(data.users.map((u) => [u.email, u.id])),
  };
}

export const PROJECT_FIELDS = `
  id code title status typeKey typeVersion
  currentStage { key status dueAt openedAt }
  stages { key status openedAt dueAt closedAt overdue }
  submissions { stageKey revision status data author { email } }
  latestSubmissions { stageKey revision }
  decisions { stageKey decision comment returnToStageKey decidedBy { email } }
  auditTrail { action stageKey actor { email } at before after details }
  viewerCan { submit decide cancel }
`;

export const START = `mutation($input: StartProjectInput!) { startProject(input: $input) { ${PROJECT_FIELDS} } }`;
export const SUBMIT = `mutation($input: SubmitStageFormInput!) { submitStageForm(input: $input) { ${PROJECT_FIELDS} } }`;
export const DECIDE = `mutation($input: DecideGateInput!) { decideGate(input: $input) { ${PROJECT_FIELDS} } }`;
export const CANCEL = `mutation($input: CancelProjectInput!) { cancelProject(input: $input) { ${PROJECT_FIELDS} } }`;
export const PROJECT = `query($id: ID!) { project(id: $id) { ${PROJECT_FIELDS} } }`;

export interface ProjectView {
  id: string;
  code: string;
  title: string;
  status: string;
  typeKey: string;
  typeVersion: number;
  currentStage: { key: string; status: string; dueAt: string; openedAt: string } | null;
  stages: { key: string; status: string; openedAt: string | null; dueAt: string | null; closedAt: string | null; overdue: boolean }[];
  submissions: { stageKey: string; revision: number; status: string; data: Record<string, unknown>; author: { email: string } }[];
  latestSubmissions: { stageKey: string; revision: number }[];
  decisions: { stageKey: string; decision: string; comment: string | null; returnToStageKey: string | null; decidedBy: { email: string } }[];
  auditTrail: { action: string; stageKey: string | null; actor: { email: string } | null; at: string; before: unknown; after: unknown; details: unknown }[];
  viewerCan: { submit: boolean; decide: boolean; cancel: boolean };
}

export const VALID: Record<string, Record<string, unknown>> = {
  planned: { goal: '建设党群服务中心，服务群众', category: 'party', budget: 50, startDate: '2026-03-01' },
  arranged: { milestones: '三月设计，六月施工，九月使用', contact: '王主任', contactPhone: '13800138000', teamSize: 4, plannedEndDate: '2026-09-30' },
  implemented: { progress: 100, spent: 45.5, summary: '主体工程完工，设施到位', obstacles: ['funding'] },
  assessed: { score: 92, grade: 'excellent' },
  applied: { outcome: '经验在全县推广，形成可复制做法', replicable: true },
};
