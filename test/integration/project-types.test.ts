import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { Api } from '../support/graphql';
import { DECIDE, loadDirectory, START, SUBMIT, type Directory, type ProjectView } from '../support/fixtures';

let admin: Api;
let operator: Api;
let approver: Api;
let lead: Api;
let dir: Directory;

const label = (zh: string, en: string) => ({ zh, en });

/** A three-stage type with a table, a condition, a computed total, an attachment and an optional stage. */
function surveyType(key: string) {
  return {
    key,
    version: 1,
    name: label('入户调查', 'Household survey'),
    stages: [
      {
        key: 'survey',
        name: label('调查', 'Survey'),
        deadlineDays: 20,
        warningDays: 5,
        gate: { mode: 'ANY_OF', approvers: { kind: 'ROLE', role: 'approver' } },
        form: {
          fields: [
            { key: 'village', type: 'text', label: label('村名', 'Village'), required: true },
            {
              key: 'members',
              type: 'table',
              label: label('调查人员', 'Surveyors'),
              required: true,
              minRows: 1,
              maxRows: 5,
              columns: [
                { key: 'name', type: 'text', label: label('姓名', 'Name'), required: true },
                { key: 'phone', type: 'phone', label: label('电话', 'Phone'), required: true },
                { key: 'hours', type: 'number', label: label('工时', 'Hours'), min: 0 },
              ],
            },
            { key: 'totalHours', type: 'number', label: label('总工时', 'Total hours'), compute: 'sum(members.hours)' },
            { key: 'hasRisk', type: 'boolean', label: label('存在风险', 'Risk found'), required: true },
            {
              key: 'riskNote',
              type: 'longText',
              label: label('风险说明', 'Risk note'),
              required: true,
              visibleWhen: { field: 'hasRisk', op: 'equals', value: true },
            },
            {
              key: 'evidence',
              type: 'attachment',
              label: label('佐证材料', 'Evidence'),
              accept: ['application/pdf', 'image/*'],
              maxSizeBytes: 1000,
              maxFiles: 2,
            },
          ],
        },
      },
      {
        key: 'remedy',
        name: label('整改', 'Remedy'),
        deadlineDays: 30,
        skipWhen: { field: 'survey.hasRisk', op: 'equals', value: false },
        gate: { mode: 'ANY_OF', approvers: { kind: 'LEAD' } },
        form: { fields: [{ key: 'action', type: 'longText', label: label('整改措施', 'Action'), required: true }] },
      },
      {
        key: 'close',
        name: label('验收', 'Close'),
        deadlineDays: 10,
        gate: { mode: 'ANY_OF', approvers: { kind: 'LEAD' } },
        form: { fields: [{ key: 'score', type: 'indicator', label: label('评分', 'Score'), required: true, maxScore: 10, weight: 2 }] },
      },
    ],
  };
}

const TYPE_FIELDS = `key version status versions name
  stages { key name deadlineDays warningDays optional skipWhen gate { mode quorum approvers { kind role scope } }
    form { fields { key type required compute visibleWhen columns { key type required } maxScore weight accept maxSizeBytes maxFiles } jsonSchema } }`;

const SAVE = `mutation($d: JSON!) { saveProjectTypeDraft(definition: $d) { key definition issues { path message } } }`;
const PUBLISH = `mutation($k: String!) { publishProjectType(key: $k) { ${TYPE_FIELDS} } }`;

async function publishType(definition: Record<string, unknown>) {
  await admin.ok(SAVE, { d: definition });
  return (await admin.ok<{ publishProjectType: { version: number } }>(PUBLISH, { k: definition.key })).publishProjectType;
}

async function startOf(typeKey: string): Promise<ProjectView> {
  const data = await operator.ok<{ startProject: ProjectView }>(START, {
    input: {
      typeKey,
      title: `Survey ${randomUUID().slice(0, 6)}`,
      unitId: dir.units['Donghe Town'],
      leadId: dir.users['lead@phaseflow.local'],
      departmentId: dir.units['Agriculture and Rural Affairs Bureau'],
      teamMemberIds: [dir.users['member1@phaseflow.local']],
    },
  });
  return data.startProject;
}

const SURVEY_OK = {
  village: '柳树村',
  members: [
    { name: '张三', phone: '13800138000', hours: 3 },
    { name: '李四', phone: '0571-88886666', hours: 4.5 },
  ],
  hasRisk: false,
};

async function upload(api: Api, fields: Record<string, string>, file: { name: string; type: string; bytes: number }) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(file.bytes).fill(65)], { type: file.type }), file.name);
  const response = await fetch(`${inject('apiUrl')}/attachments`, { method: 'POST', body: form, headers: { authorization: `Bearer ${api.bearer}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  admin = await Api.signIn('admin@phaseflow.local');
  operator = await Api.signIn('operator@phaseflow.local');
  approver = await Api.signIn('approver@phaseflow.local');
  lead = await Api.signIn('lead@phaseflow.local');
  dir = await loadDirectory(admin);
});

describe('project type lifecycle', () => {
  it('lists every problem of a draft with its path, and refuses to publish it', async () => {
    const key = `bad-${randomUUID().slice(0, 6)}`;
    const broken = surveyType(key);
    broken.stages[2].key = 'survey';
    (broken.stages[0].form.fields[4] as { visibleWhen: unknown }).visibleWhen = { field: 'nope', op: 'equals', value: true };
    broken.stages[0].form.fields.push(
      { key: 'a', type: 'number', label: label('甲', 'A'), compute: 'b + 1' } as never,
      { key: 'b', type: 'number', label: label('乙', 'B'), compute: 'a * 2' } as never,
    );
    (broken.stages[1] as { gate: unknown }).gate = { mode: 'QUORUM', quorum: 2, approvers: { kind: 'LEAD' } };
    (broken.stages[1] as { form: unknown }).form = { fields: [] };
    const saved = (await admin.ok<{ saveProjectTypeDraft: { issues: { path: string; message: string }[] } }>(SAVE, { d: broken })).saveProjectTypeDraft;
    const paths = saved.issues.map((issue) => issue.path);
    expect(paths).toContain('stages[2].key');
    expect(paths).toContain('stages[0].form.fields[4].visibleWhen.field');
    expect(paths.some((p) => /^stages\[0\]\.form\.fields\[(6|7)\]\.compute$/.test(p))).toBe(true);
    expect(paths).toContain('stages[1].gate.quorum');
    expect(paths).toContain('stages[1].form.fields');
    expect(saved.issues.find((i) => i.path === 'stages[1].gate.quorum')?.message).toMatch(/never be met/);
    const refused = await admin.fails(PUBLISH, { k: key });
    expect(refused.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.extensions?.fieldErrors?.map((e) => e.path).sort()).toEqual([...paths].sort());
    const none = await admin.ok<{ projectType: null }>('query($k: String!) { projectType(key: $k) { key } }', { k: key });
    expect(none.projectType).toBeNull();
  });

  it('lets only an admin of a top-level unit change types', async () => {
    const key = `nope-${randomUUID().slice(0, 6)}`;
    expect((await operator.fails(SAVE, { d: surveyType(key) })).extensions?.code).toBe('FORBIDDEN');
    const townAdmin = await Api.signIn('town.admin@phaseflow.local');
    expect((await townAdmin.fails(SAVE, { d: surveyType(key) })).extensions?.code).toBe('FORBIDDEN');
  });

  it('publishes a three-stage type whose forms carry a table, a condition, a computed total and an attachment', async () => {
    const key = `survey-${randomUUID().slice(0, 6)}`;
    const published = (await admin.inLocale('en').ok<{ saveProjectTypeDraft: { issues: unknown[] } }>(SAVE, { d: surveyType(key) })).saveProjectTypeDraft;
    expect(published.issues).toEqual([]);
    const type = (await admin.inLocale('en').ok<{ publishProjectType: Record<string, any> }>(PUBLISH, { k: key })).publishProjectType;
    expect(type).toMatchObject({ key, version: 1, status: 'ACTIVE', versions: [1], name: 'Household survey' });
    expect(type.stages.map((s: { key: string; optional: boolean }) => `${s.key}:${s.optional}`)).toEqual(['survey:false', 'remedy:true', 'close:false']);
    const fields = type.stages[0].form.fields;
    expect(fields.find((f: { key: string }) => f.key === 'members').columns.map((c: { key: string }) => c.key)).toEqual(['name', 'phone', 'hours']);
    expect(fields.find((f: { key: string }) => f.key === 'totalHours').compute).toBe('sum(members.hours)');
    const schema = type.stages[0].form.jsonSchema;
    expect(schema.properties.members.type).toBe('array');
    expect(schema.properties.members.items.required).toEqual(['name', 'phone']);
    expect(JSON.stringify(schema.allOf ?? [])).toContain('riskNote');
    // The draft is gone once published.
    const after = await admin.ok<{ projectTypeDraft: null }>('query($k: String!) { projectTypeDraft(key: $k) { key } }', { k: key });
    expect(after.projectTypeDraft).toBeNull();
  });
});

describe('filling a published type', () => {
  let key: string;
  beforeAll(async () => {
    key = `fill-${randomUUID().slice(0, 6)}`;
    await publishType(surveyType(key));
  });

  it('names table cells and conditional fields in errors, recomputes totals and drops hidden fields', async () => {
    let project = await startOf(key);
    const invalid = await operator.fails(SUBMIT, {
      input: {
        projectId: project.id,
        stageKey: 'survey',
        submit: true,
        data: { village: 'x', members: [{ name: 'a', phone: '13800138000' }, { name: '', phone: '12345' }], hasRisk: true },
      },
    });
    expect(invalid.extensions?.code).toBe('BAD_USER_INPUT');
    expect(invalid.extensions?.fieldErrors?.map((e) => e.path).sort()).toEqual(['members[1].name', 'members[1].phone', 'riskNote']);

    project = (
      await operator.ok<{ submitStageForm: ProjectView }>(SUBMIT, {
        input: { projectId: project.id, stageKey: 'survey', submit: true, data: { ...SURVEY_OK, totalHours: 999, riskNote: 'ignored: hidden' } },
      })
    ).submitStageForm;
    const stored = project.submissions[0].data;
    expect(stored.totalHours).toBe(7.5);
    expect(stored).not.toHaveProperty('riskNote');
    expect(stored.members).toEqual(SURVEY_OK.members);
  });

  it('skips the optional stage when its condition holds, and runs it when it does not', async () => {
    for (const hasRisk of [false, true]) {
      let project = await startOf(key);
      const data = hasRisk ? { ...SURVEY_OK, hasRisk, riskNote: '排水沟堵塞' } : SURVEY_OK;
      await operator.ok(SUBMIT, { input: { projectId: project.id, stageKey: 'survey', submit: true, data } });
      project = (await approver.ok<{ decideGate: ProjectView }>(DECIDE, { input: { projectId: project.id, stageKey: 'survey', decision: 'APPROVE' } })).decideGate;
      if (hasRisk) {
        expect(project.currentStage?.key).toBe('remedy');
        expect(project.stages.map((s) => s.status)).toEqual(['APPROVED', 'OPEN', 'PENDING']);
      } else {
        expect(project.currentStage?.key).toBe('close');
        expect(project.stages.map((s) => s.status)).toEqual(['APPROVED', 'SKIPPED', 'OPEN']);
        expect(project.auditTrail.map((e) => e.action)).toContain('STAGE_SKIPPED');
      }
    }
  });

  it('uploads attachments within the field limits and accepts only references to them', async () => {
    const project = await startOf(key);
    const target = { projectId: project.id, stageKey: 'survey', field: 'evidence' };
    const tooBig = await upload(operator, target, { name: 'big.pdf', type: 'application/pdf', bytes: 1001 });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toMatchObject({ code: 'BAD_USER_INPUT' });
    const wrongType = await upload(operator, target, { name: 'notes.txt', type: 'text/plain', bytes: 10 });
    expect(wrongType.status).toBe(415);
    const notAField = await upload(operator, { ...target, field: 'village' }, { name: 'a.pdf', type: 'application/pdf', bytes: 10 });
    expect(notAField.status).toBe(400);
    const outsider = await upload(await Api.signIn('viewer@phaseflow.local'), target, { name: 'a.pdf', type: 'application/pdf', bytes: 10 });
    expect(outsider.status).toBe(403);
    const ok = await upload(operator, target, { name: '照片.png', type: 'image/png', bytes: 500 });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ name: '照片.png', size: 500, contentType: 'image/png' });
    const ref = { id: ok.body.id, name: ok.body.name, size: ok.body.size, contentType: ok.body.contentType };

    const forged = await operator.fails(SUBMIT, {
      input: { projectId: project.id, stageKey: 'survey', submit: false, data: { evidence: [{ ...ref, id: randomUUID() }] } },
    });
    expect(forged.extensions?.fieldErrors?.map((e) => e.path)).toEqual(['evidence[0]']);
    const saved = await operator.ok<{ submitStageForm: ProjectView }>(SUBMIT, {
      input: { projectId: project.id, stageKey: 'survey', submit: false, data: { evidence: [ref] } },
    });
    expect(saved.submitStageForm.submissions[0].data.evidence).toEqual([ref]);

    const download = await fetch(`${inject('apiUrl')}/attachments/${ref.id}`, { headers: { authorization: `Bearer ${operator.bearer}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect((await download.arrayBuffer()).byteLength).toBe(500);
  });
});

describe('versions', () => {
  it('runs each project on its own version to the end while a new version is published', async () => {
    const key = `ver-${randomUUID().slice(0, 6)}`;
    const v1 = surveyType(key);
    await publishType(v1);
    const old = await startOf(key);

    const v2 = surveyType(key);
    v2.stages = [v2.stages[0], v2.stages[2]];
    v2.stages[1].deadlineDays = 15;
    v2.stages[0].form.fields.push({ key: 'households', type: 'integer', label: label('户数', 'Households'), required: true, min: 1 } as never);
    await admin.ok(SAVE, { d: v2 });
    const diff = await admin.inLocale('en').ok<{ projectTypeDiff: { from: number; to: number | null; changes: { kind: string; path: string; description: string }[] } }>(
      'query($k: String!) { projectTypeDiff(key: $k) { from to changes { kind path description } } }',
      { k: key },
    );
    expect(diff.projectTypeDiff.from).toBe(1);
    expect(diff.projectTypeDiff.to).toBeNull();
    expect(diff.projectTypeDiff.changes.map((c) => `${c.kind} ${c.path}`)).toEqual([
      'REMOVED stages[remedy]',
      'ADDED stages[survey].form.fields[households]',
      'CHANGED stages[close].deadlineDays',
    ]);
    // stages and fields by their names, keys only in the path
    expect(diff.projectTypeDiff.changes.map((c) => c.description)).toEqual([
      'Removed stage "Remedy"',
      'Added field "Households" of stage "Survey"',
      'Changed the deadline (days) of stage "Close": 10 → 15',
    ]);
    const zh = await admin.inLocale('zh').ok<{ projectTypeDiff: { changes: { description: string; stageName: string | null; fieldName: string | null }[] } }>(
      'query($k: String!) { projectTypeDiff(key: $k) { changes { description stageName fieldName } } }',
      { k: key },
    );
    expect(zh.projectTypeDiff.changes).toEqual([
      { description: '删除阶段「整改」', stageName: '整改', fieldName: null },
      { description: '新增阶段「调查」的字段「户数」', stageName: '调查', fieldName: '户数' },
      { description: '修改阶段「验收」的期限（天）：10 → 15', stageName: '验收', fieldName: null },
    ]);
    expect((await admin.ok<{ publishProjectType: { version: number } }>(PUBLISH, { k: key })).publishProjectType.version).toBe(2);
    const fresh = await startOf(key);
    expect([old.typeVersion, fresh.typeVersion]).toEqual([1, 2]);

    // The old project still needs no households and still has the remedy stage.
    const risky = { ...SURVEY_OK, hasRisk: true, riskNote: '需要整改' };
    await operator.ok(SUBMIT, { input: { projectId: old.id, stageKey: 'survey', submit: true, data: risky } });
    await approver.ok(DECIDE, { input: { projectId: old.id, stageKey: 'survey', decision: 'APPROVE' } });
    await operator.ok(SUBMIT, { input: { projectId: old.id, stageKey: 'remedy', submit: true, data: { action: '清理排水沟' } } });
    await lead.ok(DECIDE, { input: { projectId: old.id, stageKey: 'remedy', decision: 'APPROVE' } });
    await operator.ok(SUBMIT, { input: { projectId: old.id, stageKey: 'close', submit: true, data: { score: 8 } } });
    const oldDone = (await lead.ok<{ decideGate: ProjectView }>(DECIDE, { input: { projectId: old.id, stageKey: 'close', decision: 'APPROVE' } })).decideGate;
    expect(oldDone.status).toBe('COMPLETED');
    expect(oldDone.stages.map((s) => s.key)).toEqual(['survey', 'remedy', 'close']);

    // The new one must give households, and has two stages.
    const missing = await operator.fails(SUBMIT, { input: { projectId: fresh.id, stageKey: 'survey', submit: true, data: risky } });
    expect(missing.extensions?.fieldErrors?.map((e) => e.path)).toEqual(['households']);
    await operator.ok(SUBMIT, { input: { projectId: fresh.id, stageKey: 'survey', submit: true, data: { ...risky, households: 42 } } });
    await approver.ok(DECIDE, { input: { projectId: fresh.id, stageKey: 'survey', decision: 'APPROVE' } });
    await operator.ok(SUBMIT, { input: { projectId: fresh.id, stageKey: 'close', submit: true, data: { score: 9 } } });
    const freshDone = (await lead.ok<{ decideGate: ProjectView }>(DECIDE, { input: { projectId: fresh.id, stageKey: 'close', decision: 'APPROVE' } })).decideGate;
    expect(freshDone.status).toBe('COMPLETED');
    expect(freshDone.stages.map((s) => s.key)).toEqual(['survey', 'close']);
    expect(Date.parse(freshDone.stages[1].dueAt!) - Date.parse(freshDone.stages[1].openedAt!)).toBe(15 * 24 * 3600 * 1000);
  });

  it('exports and imports a type unchanged, and refuses a malformed import whole', async () => {
    const key = `io-${randomUUID().slice(0, 6)}`;
    await publishType(surveyType(key));
    const exported = (await admin.ok<{ exportProjectType: Record<string, unknown> }>('query($k: String!) { exportProjectType(key: $k) }', { k: key })).exportProjectType;
    const imported = (
      await admin.ok<{ importProjectType: { definition: unknown; issues: unknown[] } }>('mutation($d: JSON!) { importProjectType(definition: $d) { definition issues { path } } }', {
        d: exported,
      })
    ).importProjectType;
    expect(imported.definition).toEqual(exported);
    expect(imported.issues).toEqual([]);

    const malformed = { ...exported, stages: [{ key: 'x' }] };
    const refused = await admin.fails('mutation($d: JSON!) { importProjectType(definition: $d) { key } }', { d: malformed });
    expect(refused.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.extensions?.fieldErrors?.map((e) => e.path)).toEqual(expect.arrayContaining(['stages[0].name', 'stages[0].gate', 'stages[0].deadlineDays']));
    const draft = (await admin.ok<{ projectTypeDraft: { definition: unknown } }>('query($k: String!) { projectTypeDraft(key: $k) { definition } }', { k: key })).projectTypeDraft;
    expect(draft.definition).toEqual(exported);
    const everything = await admin.fails('mutation($d: JSON!) { importProjectType(definition: $d) { key } }', {
      d: { key: 'Bad Key', name: { zh: '', en: 'x' }, version: 1, stages: [] },
    });
    expect(everything.extensions?.fieldErrors?.map((e) => e.path)).toEqual(['key', 'name.zh', 'stages']);
  });

  it('archives a type: no new projects, running ones go on', async () => {
    const key = `arc-${randomUUID().slice(0, 6)}`;
    await publishType(surveyType(key));
    const running = await startOf(key);
    const archived = await admin.ok<{ archiveProjectType: { status: string } }>('mutation($k: String!) { archiveProjectType(key: $k) { status } }', { k: key });
    expect(archived.archiveProjectType.status).toBe('ARCHIVED');
    const refused = await operator.fails(START, {
      input: {
        typeKey: key,
        title: 'too late',
        unitId: dir.units['Donghe Town'],
        leadId: dir.users['lead@phaseflow.local'],
        departmentId: dir.units['Organisation Department'],
        teamMemberIds: [dir.users['member1@phaseflow.local']],
      },
    });
    expect(refused.extensions?.fieldErrors?.map((e) => e.path)).toEqual(['typeKey']);
    const moved = await operator.ok<{ submitStageForm: ProjectView }>(SUBMIT, { input: { projectId: running.id, stageKey: 'survey', submit: true, data: SURVEY_OK } });
    expect(moved.submitStageForm.currentStage?.status).toBe('SUBMITTED');
  });
});

describe('immutability in the database', () => {
  it('refuses to change or delete a published version, and to change or delete a submission', async () => {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: inject('databaseUrl') });
    await client.connect();
    try {
      await expect(client.query(`update project_type set definition = '{}'::jsonb where key = 'five-phase'`)).rejects.toThrow(/immutable/);
      await expect(client.query(`delete from project_type where key = 'five-phase'`)).rejects.toThrow(/append-only/);
      await expect(client.query(`update submission set data = '{}'::jsonb`)).rejects.toThrow(/append-only/);
      await expect(client.query(`delete from audit_event`)).rejects.toThrow(/append-only/);
      await expect(client.query(`update project_type set archived_at = archived_at where key = 'five-phase'`)).resolves.toBeDefined();
    } finally {
      await client.end();
    }
  });
});
