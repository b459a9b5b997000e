import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { Api, type GraphQLErrorShape } from '../support/graphql';
import { CANCEL, DECIDE, loadDirectory, START, SUBMIT, type Directory, type ProjectView } from '../support/fixtures';

/**
 * Every error path the API has, asked in Chinese and in English: the code is the same, the Chinese
 * is Chinese (no English phrase of three words left in it) and the English has no Chinese in it.
 */

type Locale = 'zh' | 'en';
type Refusal = { code: string; message: string; fieldErrors: { path: string; message: string; code: string }[] };

const HAN = /\p{Script=Han}/u;
const ENGLISH_PHRASE = /\b[A-Za-z]+ [A-Za-z]+ [A-Za-z]+\b/;

let admin: Api;
let operator: Api;
let approver: Api;
let lead: Api;
let townAdmin: Api;
let viewer: Api;
let dir: Directory;
let typeKey: string;

const label = (zh: string, en: string) => ({ zh, en });
const form = { fields: [{ key: 'note', type: 'text', label: label('说明', 'Note'), required: true }] };

function expectChinese(message: string): void {
  expect(message, message).toMatch(HAN);
  expect(message, message).not.toMatch(ENGLISH_PHRASE);
}

function expectEnglish(message: string): void {
  expect(message, message).not.toMatch(HAN);
  expect(message, message).toMatch(/[a-z]/);
}

function refusalOf(error: GraphQLErrorShape): Refusal {
  return { code: String(error.extensions?.code), message: error.message, fieldErrors: error.extensions?.fieldErrors ?? [] };
}

/** Asks the same thing in both languages and checks both answers; returns them for exact assertions. */
async function inBoth(ask: (locale: Locale) => Promise<Refusal>): Promise<Record<Locale, Refusal>> {
  const zh = await ask('zh');
  const en = await ask('en');
  expect(zh.code).toBe(en.code);
  expectChinese(zh.message);
  expectEnglish(en.message);
  expect(zh.fieldErrors.map((e) => [e.path, e.code])).toEqual(en.fieldErrors.map((e) => [e.path, e.code]));
  zh.fieldErrors.forEach((e) => expectChinese(e.message));
  en.fieldErrors.forEach((e) => expectEnglish(e.message));
  return { zh, en };
}

const graphqlRefusal = (api: Api, query: string, variables: Record<string, unknown> = {}) => (locale: Locale) =>
  api.inLocale(locale).fails(query, variables).then(refusalOf);

async function publish(definition: Record<string, unknown>) {
  await admin.ok('mutation($d: JSON!) { saveProjectTypeDraft(definition: $d) { key } }', { d: definition });
  await admin.ok('mutation($k: String!) { publishProjectType(key: $k) { version } }', { k: definition.key });
}

function typeDefinition(key: string) {
  return {
    key,
    version: 1,
    name: label('消息', 'Messages'),
    stages: [
      { key: 'first', name: label('第一阶段', 'First'), deadlineDays: 30, form, gate: { mode: 'ANY_OF', approvers: { kind: 'USERS', userIds: [dir.users['approver@phaseflow.local']] } } },
      { key: 'second', name: label('第二阶段', 'Second'), deadlineDays: 30, form, gate: { mode: 'ANY_OF', approvers: { kind: 'LEAD' } } },
    ],
  };
}

function startInput(extra: Record<string, unknown> = {}) {
  return {
    typeKey,
    title: `Messages ${randomUUID().slice(0, 6)}`,
    unitId: dir.units['Donghe Town'],
    leadId: dir.users['lead@phaseflow.local'],
    departmentId: dir.units['Organisation Department'],
    teamMemberIds: [dir.users['member1@phaseflow.local']],
    ...extra,
  };
}

const start = async (extra: Record<string, unknown> = {}) => (await operator.ok<{ startProject: ProjectView }>(START, { input: startInput(extra) })).startProject;
const submitInput = (p: ProjectView, stageKey: string, data: Record<string, unknown> = { note: 'ready' }) => ({
  input: { projectId: p.id, stageKey, submit: true, data },
});

/** A broken definition with problems of every layer: the type, a stage, a gate, a form, a condition and a formula. */
const BROKEN = {
  key: 'Broken Key',
  version: 0,
  name: { zh: '', en: 'Broken' },
  stages: [
    {
      key: 'only',
      name: label('唯一', 'Only'),
      deadlineDays: 0,
      warningDays: 2.5,
      form: {
        fields: [
          { key: '2nd', type: 'text', label: label('甲', 'A') },
          { key: 'amount', type: 'number', label: label('金额', 'Amount'), compute: 'sum(' },
          { key: 'pick', type: 'singleSelect', label: label('选择', 'Pick'), options: [] },
          { key: 'when', type: 'text', label: label('条件', 'When'), visibleWhen: { field: 'nowhere', op: 'equals', value: 'x' } },
          { key: 'size', type: 'integer', label: label('数量', 'Size'), min: 5, max: 1 },
        ],
      },
      gate: { mode: 'QUORUM', quorum: 3, approvers: { kind: 'USERS', userIds: [randomUUID()] } },
      skipWhen: { field: 'x.y', op: 'isEmpty' },
    },
  ],
};

async function upload(locale: Locale, token: string | null, fields: Record<string, string>, withFile: boolean) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  if (withFile) body.append('file', new Blob([new Uint8Array(10).fill(65)], { type: 'text/plain' }), 'note.txt');
  const response = await fetch(`${inject('apiUrl')}/attachments`, {
    method: 'POST',
    body,
    headers: { 'accept-language': locale, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  return { status: response.status, body: (await response.json()) as { error: { code: string; message: string } } };
}

async function download(locale: Locale, token: string | null, id: string) {
  const response = await fetch(`${inject('apiUrl')}/attachments/${id}`, {
    headers: { 'accept-language': locale, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  return { status: response.status, body: (await response.json()) as { error: { code: string; message: string } } };
}

beforeAll(async () => {
  admin = await Api.signIn('admin@phaseflow.local');
  operator = await Api.signIn('operator@phaseflow.local');
  approver = await Api.signIn('approver@phaseflow.local');
  lead = await Api.signIn('lead@phaseflow.local');
  townAdmin = await Api.signIn('town.admin@phaseflow.local');
  viewer = await Api.signIn('viewer@phaseflow.local');
  dir = await loadDirectory(admin);
  typeKey = `messages-${randomUUID().slice(0, 6)}`;
  await publish(typeDefinition(typeKey));
});

describe('signing in and finding things', () => {
  it('UNAUTHENTICATED: no token, and a wrong password', async () => {
    const anonymous = new Api();
    const { zh, en } = await inBoth(graphqlRefusal(anonymous, '{ me { id } }'));
    expect(zh.code).toBe('UNAUTHENTICATED');
    expect(en.message).toBe('sign in first: send Authorization: Bearer <token> from login');
    const login = await inBoth(graphqlRefusal(anonymous, 'mutation { login(email: "admin@phaseflow.local", password: "not-the-password") { token } }'));
    expect(login.zh).toMatchObject({ code: 'UNAUTHENTICATED', message: '邮箱或密码错误' });
  });

  it('NOT_FOUND: a project that does not exist, and a draft that does not exist', async () => {
    const id = randomUUID();
    const { zh, en } = await inBoth(graphqlRefusal(viewer, 'query($id: ID!) { project(id: $id) { id } }', { id }));
    expect(zh).toMatchObject({ code: 'NOT_FOUND', message: `项目“${id}”不存在` });
    expect(en.message).toBe(`project "${id}" does not exist`);
    const draft = await inBoth(graphqlRefusal(admin, 'mutation { publishProjectType(key: "no-such-draft") { version } }'));
    expect(draft.zh.code).toBe('NOT_FOUND');
  });
});

describe('the GraphQL library’s own refusals', () => {
  it.each([
    ['GRAPHQL_PARSE_FAILED', '{ projects( }', {}],
    ['GRAPHQL_VALIDATION_FAILED', '{ projects { nosuchfield } }', {}],
    ['BAD_USER_INPUT', 'query($n: Int) { projects(first: $n) { totalCount } }', { n: 'many' }],
  ])('%s: in Chinese a sentence of its own, the library’s words kept as the detail', async (code, query, variables) => {
    const { zh, en } = await inBoth(graphqlRefusal(admin, query, variables));
    expect(zh.code).toBe(code);
    const raw = await admin.inLocale('zh').fails(query, variables);
    expect(raw.extensions?.detail).toBe(en.message);
  });
});

describe('permission refusals', () => {
  it('FORBIDDEN: starting a project without a role that allows it', async () => {
    const { zh, en } = await inBoth(graphqlRefusal(viewer, START, { input: startInput() }));
    expect(zh.code).toBe('FORBIDDEN');
    expect(en.message).toBe('only an admin or operator of the unit (or of a unit above it) may start its projects');
  });

  it('FORBIDDEN: designing a type without being an admin of a top-level unit', async () => {
    const { zh } = await inBoth(graphqlRefusal(townAdmin, 'mutation($d: JSON!) { saveProjectTypeDraft(definition: $d) { key } }', { d: typeDefinition('not-mine') }));
    expect(zh).toMatchObject({ code: 'FORBIDDEN', message: '只有顶级单位的管理员可以修改项目类型' });
  });
});

describe('input checks and conflicts', () => {
  it('BAD_USER_INPUT with a field path: a malformed project code', async () => {
    const { zh, en } = await inBoth(graphqlRefusal(operator, START, { input: startInput({ code: '-bad code-' }) }));
    expect(zh.code).toBe('BAD_USER_INPUT');
    expect(en.fieldErrors.map((e) => e.path)).toEqual(['code']);
  });

  it('CONFLICT: a project code that is taken (the same code, a different request)', async () => {
    const code = `MSG-${randomUUID().slice(0, 8)}`;
    await start({ code });
    const { zh, en } = await inBoth(graphqlRefusal(operator, START, { input: startInput({ code }) }));
    expect(zh).toMatchObject({ code: 'CONFLICT', message: `编号为“${code}”的项目已存在` });
    expect(en.message).toBe(`a project with code "${code}" already exists`);
  });

  it('BAD_USER_INPUT: form data that does not validate names each field in the language asked', async () => {
    const p = await start();
    const { zh, en } = await inBoth(graphqlRefusal(operator, SUBMIT, submitInput(p, 'first', { note: '' })));
    expect(zh.code).toBe('BAD_USER_INPUT');
    expect(zh.fieldErrors).toEqual([{ path: 'note', code: 'required', message: '「说明」为必填项' }]);
    expect(en.fieldErrors.map((e) => e.path)).toEqual(['note']);
  });
});

describe('process rules, decided by the workflow', () => {
  let project: ProjectView;

  beforeAll(async () => {
    project = await start();
    project = (await operator.ok<{ submitStageForm: ProjectView }>(SUBMIT, submitInput(project, 'first'))).submitStageForm;
  });

  it('CONFLICT: submitting a stage that is not the current one', async () => {
    const { zh, en } = await inBoth(graphqlRefusal(operator, SUBMIT, submitInput(project, 'second')));
    expect(zh).toMatchObject({ code: 'CONFLICT', message: '阶段“second”不是当前阶段（当前阶段是“first”）' });
    expect(en.message).toBe('stage "second" is not the current stage (the current stage is "first")');
  });

  it('CONFLICT: submitting a stage that waits for its gate', async () => {
    const { zh } = await inBoth(graphqlRefusal(operator, SUBMIT, submitInput(project, 'first')));
    expect(zh).toMatchObject({ code: 'CONFLICT', message: '阶段“first”已提交：正在等待审核关口的决定' });
  });

  it('FORBIDDEN: deciding without being a signer of the gate', async () => {
    const { zh } = await inBoth(graphqlRefusal(lead, DECIDE, { input: { projectId: project.id, stageKey: 'first', decision: 'APPROVE' } }));
    expect(zh.code).toBe('FORBIDDEN');
  });

  it('BAD_USER_INPUT: a rejection without a comment, with the comment field named', async () => {
    const { zh, en } = await inBoth(graphqlRefusal(approver, DECIDE, { input: { projectId: project.id, stageKey: 'first', decision: 'REJECT', comment: ' ' } }));
    expect(zh).toMatchObject({ code: 'BAD_USER_INPUT', message: '驳回须填写审核意见' });
    expect(zh.fieldErrors).toEqual([{ path: 'comment', code: 'required', message: '请填写审核意见' }]);
    expect(en.fieldErrors).toEqual([{ path: 'comment', code: 'required', message: 'a comment is required' }]);
  });

  it('BAD_USER_INPUT: a return without an earlier stage to return to', async () => {
    const { zh } = await inBoth(
      graphqlRefusal(approver, DECIDE, { input: { projectId: project.id, stageKey: 'first', decision: 'RETURN', comment: 'again', returnToStageKey: 'first' } }),
    );
    expect(zh.fieldErrors.map((e) => e.path)).toEqual(['returnToStageKey']);
  });

  it('BAD_USER_INPUT: a cancellation without a reason', async () => {
    const { zh } = await inBoth(graphqlRefusal(lead, CANCEL, { input: { projectId: project.id, reason: '  ' } }));
    expect(zh.code).toBe('BAD_USER_INPUT');
  });

  it('CONFLICT: any change to a project that has ended', async () => {
    const ended = await start();
    await lead.ok(CANCEL, { input: { projectId: ended.id, reason: '不再需要' } });
    const { zh, en } = await inBoth(graphqlRefusal(operator, SUBMIT, submitInput(ended, 'first')));
    expect(zh).toMatchObject({ code: 'CONFLICT', message: '项目已撤销，不能再作任何更改' });
    expect(en.message).toBe('the project is cancelled; nothing can change any more');
  });
});

describe('definition issues', () => {
  const ISSUES = 'query($d: JSON!) { validateProjectType(definition: $d) { path message } }';

  it('validateProjectType lists every issue in the language asked, the same issues in both', async () => {
    const ask = async (locale: Locale) => (await admin.inLocale(locale).ok<{ validateProjectType: { path: string; message: string }[] }>(ISSUES, { d: BROKEN })).validateProjectType;
    const zh = await ask('zh');
    const en = await ask('en');
    expect(zh.length).toBeGreaterThanOrEqual(12);
    expect(zh.map((i) => i.path)).toEqual(en.map((i) => i.path));
    zh.forEach((issue) => expectChinese(issue.message));
    en.forEach((issue) => expectEnglish(issue.message));
    expect(zh.find((i) => i.path === 'stages[0].deadlineDays')?.message).toBe('须为不小于 1 的整数天数');
    expect(en.find((i) => i.path === 'stages[0].deadlineDays')?.message).toBe('must be a whole number of days from 1');
    // The database's own checks, too: a named approver who does not exist.
    expect(zh.some((i) => i.path === 'stages[0].gate.approvers.userIds[0]' && i.message.startsWith('没有 id 为'))).toBe(true);
  });

  it('importProjectType refuses a broken definition with every issue as a field error in the language asked', async () => {
    const { zh, en } = await inBoth(graphqlRefusal(admin, 'mutation($d: JSON!) { importProjectType(definition: $d) { key } }', { d: { ...BROKEN, key: 'broken-import' } }));
    expect(zh.code).toBe('BAD_USER_INPUT');
    expect(zh.fieldErrors.length).toBeGreaterThanOrEqual(12);
    expect(en.fieldErrors.every((e) => e.code === 'invalid_definition')).toBe(true);
  });

  it('publishProjectType refuses a broken draft the same way, and the draft lists its issues in the language asked', async () => {
    const key = `broken-${randomUUID().slice(0, 6)}`;
    await admin.ok('mutation($d: JSON!) { saveProjectTypeDraft(definition: $d) { key } }', { d: { ...BROKEN, key } });
    const { zh } = await inBoth(graphqlRefusal(admin, 'mutation($k: String!) { publishProjectType(key: $k) { version } }', { k: key }));
    expect(zh.code).toBe('BAD_USER_INPUT');
    const draftIssues = async (locale: Locale) =>
      (await admin.inLocale(locale).ok<{ projectTypeDraft: { issues: { message: string }[] } }>('query($k: String!) { projectTypeDraft(key: $k) { issues { message } } }', { k: key }))
        .projectTypeDraft.issues;
    (await draftIssues('zh')).forEach((issue) => expectChinese(issue.message));
    (await draftIssues('en')).forEach((issue) => expectEnglish(issue.message));
  });
});

describe('attachments (REST)', () => {
  const restRefusal = (answer: (locale: Locale) => Promise<{ status: number; body: { error: { code: string; message: string } } }>, status: number) =>
    inBoth(async (locale) => {
      const { status: got, body } = await answer(locale);
      expect(got).toBe(status);
      return { code: body.error.code, message: body.error.message, fieldErrors: [] };
    });

  it('401 without a token, for uploads and downloads', async () => {
    const up = await restRefusal((locale) => upload(locale, null, {}, true), 401);
    expect(up.zh.code).toBe('UNAUTHENTICATED');
    await restRefusal((locale) => download(locale, null, randomUUID()), 401);
  });

  it('404 for an attachment that does not exist, and for a project the uploader may not see', async () => {
    const missing = await restRefusal((locale) => download(locale, operator.bearer, randomUUID()), 404);
    expect(missing.zh.message).toBe('没有此附件');
    expect(missing.en.message).toBe('no such attachment');
    await restRefusal((locale) => upload(locale, viewer.bearer, { projectId: randomUUID(), stageKey: 'first', field: 'note' }, true), 404);
  });

  it('400 for an upload without a file, or to a field that takes none; 409 for a stage that is not current', async () => {
    const p = await start();
    await restRefusal((locale) => upload(locale, operator.bearer, { projectId: p.id, stageKey: 'first', field: 'note' }, false), 400);
    const field = await restRefusal((locale) => upload(locale, operator.bearer, { projectId: p.id, stageKey: 'first', field: 'note' }, true), 400);
    expect(field.zh.message).toBe('field：“note”不是阶段“first”的附件字段');
    await restRefusal((locale) => upload(locale, operator.bearer, { projectId: p.id, stageKey: 'second', field: 'note' }, true), 409);
  });
});
