import { randomUUID } from 'node:crypto';
import { FORM_LIMITS, jsonByteLength } from '@phaseflow/forms';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Api } from '../support/graphql';
import { loadDirectory, type Directory } from '../support/fixtures';

/**
 * Form data never threatens a workflow: the API keeps the data in PostgreSQL and the workflow gets
 * a content hash, so the history barely grows with the size of the forms.
 */
let admin: Api;
let operator: Api;
let lead: Api;
let dir: Directory;
let connection: Connection;

const STAGES = ['s1', 's2', 's3', 's4', 's5'];
const TEXTS = Array.from({ length: 14 }, (_, index) => `t${index}`);
const label = (zh: string, en: string) => ({ zh, en });

/** Five stages, each a form of 14 long texts (up to 20,000 characters each) and a choice that s4's skip condition reads. */
function bigFormType(key: string) {
  return {
    key,
    version: 1,
    name: label('大表单', 'Big forms'),
    stages: STAGES.map((stageKey, index) => ({
      key: stageKey,
      name: label(`阶段${index + 1}`, `Stage ${index + 1}`),
      deadlineDays: 30,
      ...(stageKey === 's4' ? { skipWhen: { field: 's1.kind', op: 'equals', value: 'skip' } } : {}),
      gate: { mode: 'ANY_OF', approvers: { kind: 'LEAD' } },
      form: {
        fields: [
          { key: 'kind', type: 'singleSelect', label: label('类别', 'Kind'), required: true, options: [{ value: 'normal', label: label('一般', 'Normal') }, { value: 'skip', label: label('跳过', 'Skip') }] },
          ...TEXTS.map((textKey) => ({ key: textKey, type: 'longText', label: label(`说明${textKey}`, `Notes ${textKey}`) })),
        ],
      },
    })),
  };
}

/** Data of exactly `bytes` bytes of JSON, different for every `tag`; mixed Chinese and ASCII. */
function formOfSize(bytes: number, tag: string): Record<string, unknown> {
  const data: Record<string, string> = { kind: 'normal' };
  for (const key of TEXTS) data[key] = `${tag}-${key}-项目`;
  let remaining = bytes - jsonByteLength(data);
  for (const key of TEXTS) {
    const room = FORM_LIMITS.longTextMaxLength - [...data[key]].length;
    const add = Math.min(remaining, room);
    data[key] += 'x'.repeat(add);
    remaining -= add;
  }
  expect(remaining).toBe(0);
  expect(jsonByteLength(data)).toBe(bytes);
  return data;
}

const LEAN = 'id status currentStage { key status }';
type Lean = { id: string; status: string; currentStage: { key: string; status: string } | null };

async function start(typeKey: string): Promise<Lean> {
  const input = {
    typeKey,
    title: `Big ${randomUUID().slice(0, 8)}`,
    unitId: dir.units['Donghe Town'],
    leadId: dir.users['lead@phaseflow.local'],
    departmentId: dir.units['Organisation Department'],
    teamMemberIds: [dir.users['member1@phaseflow.local']],
  };
  return (await operator.ok<{ startProject: Lean }>(`mutation($input: StartProjectInput!) { startProject(input: $input) { ${LEAN} } }`, { input })).startProject;
}

const submit = async (projectId: string, stageKey: string, data: Record<string, unknown>, submitIt = true) =>
  (await operator.ok<{ submitStageForm: Lean }>(`mutation($input: SubmitStageFormInput!) { submitStageForm(input: $input) { ${LEAN} } }`, {
    input: { projectId, stageKey, data, submit: submitIt },
  })).submitStageForm;

const decide = async (projectId: string, stageKey: string, decision: 'APPROVE' | 'REJECT' | 'RETURN', returnToStageKey?: string) =>
  (await lead.ok<{ decideGate: Lean }>(`mutation($input: DecideGateInput!) { decideGate(input: $input) { ${LEAN} } }`, {
    input: { projectId, stageKey, decision, comment: decision === 'APPROVE' ? null : 'again', returnToStageKey },
  })).decideGate;

/**
 * Every stage submitted 3 times (returns included), with a draft first: s1 rejected once, then
 * returned to from s2; the others rejected twice. Returns what was sent, per stage, in order.
 */
async function runToCompletion(projectId: string, formOf: (stageKey: string, n: number) => Record<string, unknown>) {
  const sent: Record<string, Record<string, unknown>[]> = Object.fromEntries(STAGES.map((key) => [key, []]));
  const send = async (stageKey: string, submitIt = true) => {
    const data = formOf(stageKey, sent[stageKey].length + 1);
    sent[stageKey].push(data);
    return submit(projectId, stageKey, data, submitIt);
  };
  await send('s1', false);
  await send('s1');
  await decide(projectId, 's1', 'REJECT');
  await send('s1');
  await decide(projectId, 's1', 'APPROVE');
  await send('s2');
  expect((await decide(projectId, 's2', 'RETURN', 's1')).currentStage).toEqual({ key: 's1', status: 'RETURNED' });
  await send('s1');
  await decide(projectId, 's1', 'APPROVE');
  for (const stageKey of STAGES.slice(1)) {
    while (sent[stageKey].length < 3) {
      await send(stageKey);
      if (sent[stageKey].length < 3) await decide(projectId, stageKey, 'REJECT');
    }
    const after = await decide(projectId, stageKey, 'APPROVE');
    if (stageKey === 's5') expect(after.status).toBe('COMPLETED');
  }
  return sent;
}

/** The workflow's history as Temporal stores it (protobuf), and the bytes of all its payloads. */
async function historyOf(projectId: string): Promise<{ encoded: number; payloads: number; events: number }> {
  const client = new Client({ connection });
  const history = await client.workflow.getHandle(`project-${projectId}`).fetchHistory();
  const { History, Payload } = { History: temporal.api.history.v1.History, Payload: temporal.api.common.v1.Payload };
  let payloads = 0;
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    const node = value as Record<string, unknown>;
    if ('data' in node && 'metadata' in node && node.data instanceof Uint8Array) {
      payloads += Payload.encode(Payload.fromObject(node)).finish().length;
      return;
    }
    for (const child of Object.values(node)) visit(child);
  };
  visit(history);
  return { encoded: History.encode(History.fromObject(history)).finish().length, payloads, events: history.events?.length ?? 0 };
}

beforeAll(async () => {
  admin = await Api.signIn('admin@phaseflow.local');
  operator = await Api.signIn('operator@phaseflow.local');
  lead = await Api.signIn('lead@phaseflow.local');
  dir = await loadDirectory(admin);
  connection = await Connection.connect({ address: inject('temporalAddress') });
});

afterAll(async () => {
  await connection?.close();
});

describe('form data by reference', () => {
  const key = `big-${randomUUID().slice(0, 6)}`;

  beforeAll(async () => {
    await admin.ok('mutation($d: JSON!) { saveProjectTypeDraft(definition: $d) { key } }', { d: bigFormType(key) });
    await admin.ok('mutation($k: String!) { publishProjectType(key: $k) { version } }', { k: key });
  });

  it('refuses a form one byte over 256 KB, and a text over its default limit, with fieldErrors', async () => {
    const project = await start(key);
    const SUBMIT = `mutation($input: SubmitStageFormInput!) { submitStageForm(input: $input) { id } }`;
    const tooLarge = await operator.fails(SUBMIT, { input: { projectId: project.id, stageKey: 's1', data: formOfSize(FORM_LIMITS.formMaxBytes + 1, 'over'), submit: true } });
    expect(tooLarge.extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooLarge.extensions?.fieldErrors).toEqual([{ path: '', code: 'form_too_large', message: "The form's data must be at most 256 KB" }]);
    const tooLong = await operator.fails(SUBMIT, { input: { projectId: project.id, stageKey: 's1', data: { kind: 'normal', t0: 'x'.repeat(20001) }, submit: false } });
    expect(tooLong.extensions?.fieldErrors).toEqual([{ path: 't0', code: 'too_big', message: 'Notes t0 must be at most 20000 characters long' }]);
    const type = await operator.ok<{ projectType: { stages: { form: { maxBytes: number } }[] } }>('query($k: String!) { projectType(key: $k) { stages { form { maxBytes } } } }', { k: key });
    expect(type.projectType.stages.map((stage) => stage.form.maxBytes)).toEqual(STAGES.map(() => 262144));
    const untouched = await operator.ok<{ project: { submissions: unknown[] } }>('query($id: ID!) { project(id: $id) { submissions { revision } } }', { id: project.id });
    expect(untouched.project.submissions).toEqual([]);
  });

  it('completes a 5-stage project of 256 KB forms, 3 submissions a stage, with a history that does not grow with the forms', async () => {
    const big = await start(key);
    const sent = await runToCompletion(big.id, (stageKey, n) => formOfSize(FORM_LIMITS.formMaxBytes, `${stageKey}.${n}`));
    const small = await start(key);
    await runToCompletion(small.id, (stageKey, n) => ({ kind: 'normal', t0: `${stageKey}.${n}` }));

    const bigHistory = await historyOf(big.id);
    const smallHistory = await historyOf(small.id);
    const submissions = Object.values(sent).flat().length;
    expect(submissions).toBe(16);
    console.log(`form data by reference: ${submissions} submissions of 256 KB; history ${bigHistory.encoded} bytes (payloads ${bigHistory.payloads}, ${bigHistory.events} events); with tiny forms ${smallHistory.encoded} bytes (payloads ${smallHistory.payloads})`);
    // The same steps with 256 KB forms and with forms of a few bytes: a few bytes apart per submission.
    // Workflow tasks may batch differently from run to run (a few small events more or less): allow for them.
    const taskEvents = Math.abs(bigHistory.events - smallHistory.events);
    expect(taskEvents).toBeLessThan(10);
    expect(Math.abs(bigHistory.payloads - smallHistory.payloads)).toBeLessThan(submissions * 50 + taskEvents * 200);
    expect(Math.abs(bigHistory.encoded - smallHistory.encoded)).toBeLessThan(submissions * 50 + taskEvents * 200);
    // The whole history is smaller than the data of two of its forms.
    expect(bigHistory.encoded).toBeLessThan(2 * FORM_LIMITS.formMaxBytes);

    // The read model holds every revision in full, as the console reads it.
    for (const stageKey of STAGES) {
      const read = await operator.ok<{ project: { submissions: { revision: number; status: string; data: Record<string, unknown> }[]; latestSubmissions: { stageKey: string; revision: number }[] } }>(
        'query($id: ID!, $stage: String) { project(id: $id) { submissions(stageKey: $stage) { revision status data } latestSubmissions { stageKey revision } } }',
        { id: big.id, stage: stageKey },
      );
      const revisions = [...read.project.submissions].sort((a, b) => a.revision - b.revision);
      expect(revisions.map((s) => [s.revision, s.status])).toEqual(sent[stageKey].map((_, index) => [index + 1, stageKey === 's1' && index === 0 ? 'DRAFT' : 'SUBMITTED']));
      revisions.forEach((submission, index) => expect(submission.data).toEqual(sent[stageKey][index]));
      expect(read.project.latestSubmissions.find((s) => s.stageKey === stageKey)?.revision).toBe(sent[stageKey].length);
    }
  });
});
