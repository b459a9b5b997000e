import ExcelJS from 'exceljs';
import express from 'express';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { loadPrincipal } from '../../server/src/auth/authenticate';
import { openOrm } from '../../server/src/db/orm';
import { exportsRouter } from '../../server/src/exports/export.routes';
import { Ledger } from '../../server/src/exports/ledger.service';
import type { Services } from '../../server/src/services';
import { Api } from '../support/graphql';
import { DECIDE, loadDirectory, START, SUBMIT, type Directory, type ProjectView } from '../support/fixtures';

let admin: Api;
let operator: Api;
let townAdmin: Api;
let dir: Directory;
const label = (zh: string, en: string) => ({ zh, en });
const key = `ledger-${randomUUID().slice(0, 6)}`;

/** A two-stage type with a select, a boolean, a date, a table and an attachment. */
const ledgerType = {
  key,
  version: 1,
  name: label('台账测试', 'Ledger test'),
  stages: [
    {
      key: 'survey',
      name: label('调查', 'Survey'),
      deadlineDays: 20,
      gate: { mode: 'ANY_OF', approvers: { kind: 'ROLE', role: 'approver' } },
      form: {
        fields: [
          { key: 'village', type: 'text', label: label('村名', 'Village'), required: true },
          { key: 'kind', type: 'singleSelect', label: label('类别', 'Kind'), options: [{ value: 'farm', label: label('农业', 'Farming') }, { value: 'road', label: label('道路', 'Roads') }] },
          { key: 'hasRisk', type: 'boolean', label: label('存在风险', 'Risk found') },
          { key: 'visitedOn', type: 'date', label: label('走访日期', 'Visited on') },
          {
            key: 'members',
            type: 'table',
            label: label('调查人员', 'Surveyors'),
            columns: [
              { key: 'name', type: 'text', label: label('姓名', 'Name'), required: true },
              { key: 'hours', type: 'number', label: label('工时', 'Hours') },
            ],
          },
          { key: 'evidence', type: 'attachment', label: label('佐证材料', 'Evidence'), accept: ['application/pdf'], maxFiles: 2 },
        ],
      },
    },
    {
      key: 'close',
      name: label('验收', 'Close'),
      deadlineDays: 10,
      gate: { mode: 'ANY_OF', approvers: { kind: 'LEAD' } },
      form: { fields: [{ key: 'score', type: 'indicator', label: label('评分', 'Score'), maxScore: 10, weight: 1 }] },
    },
  ],
};

let donghe: ProjectView;
let xiling: ProjectView;
let attachmentId: string;

async function start(unit: string, title: string): Promise<ProjectView> {
  const data = await operator.ok<{ startProject: ProjectView }>(START, {
    input: {
      typeKey: key,
      title,
      unitId: dir.units[unit],
      leadId: dir.users['lead@phaseflow.local'],
      departmentId: dir.units['Agriculture and Rural Affairs Bureau'],
      teamMemberIds: [dir.users['member1@phaseflow.local'], dir.users['member2@phaseflow.local']],
    },
  });
  return data.startProject;
}

async function submit(project: ProjectView, data: Record<string, unknown>, final = true) {
  await operator.ok(SUBMIT, { input: { projectId: project.id, stageKey: 'survey', submit: final, data } });
}

/** GETs the export as `api` with query parameters; the raw response. */
function exportOf(api: Api, format: 'xlsx' | 'csv', params: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const query = new URLSearchParams(params).toString();
  return fetch(`${inject('apiUrl')}/exports/projects.${format}${query ? `?${query}` : ''}`, { headers: { authorization: `Bearer ${api.bearer}`, ...headers } });
}

async function workbookOf(response: Response): Promise<ExcelJS.Workbook> {
  expect(response.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  return workbook;
}

/** A sheet's rows as arrays of cell values (the first cell at index 0). */
function rowsOf(sheet: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const rows: ExcelJS.CellValue[][] = [];
  sheet.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
  return rows;
}

beforeAll(async () => {
  [admin, operator, townAdmin] = await Promise.all([Api.signIn('admin@phaseflow.local'), Api.signIn('operator@phaseflow.local'), Api.signIn('town.admin@phaseflow.local')]);
  dir = await loadDirectory(admin);
  await admin.ok('mutation($d: JSON!) { saveProjectTypeDraft(definition: $d) { key } }', { d: ledgerType });
  await admin.ok('mutation($k: String!) { publishProjectType(key: $k) { key } }', { k: key });
  donghe = await start('Donghe Town', '东河台账项目');
  xiling = await start('Xiling Town', '西岭台账项目');
  const form = new FormData();
  form.append('projectId', donghe.id);
  form.append('stageKey', 'survey');
  form.append('field', 'evidence');
  form.append('file', new Blob([new Uint8Array(20).fill(65)], { type: 'application/pdf' }), '走访记录.pdf');
  const uploaded = await fetch(`${inject('apiUrl')}/attachments`, { method: 'POST', body: form, headers: { authorization: `Bearer ${operator.bearer}` } });
  expect(uploaded.status).toBe(201);
  const file = (await uploaded.json()) as { id: string; name: string; size: number; contentType: string };
  attachmentId = file.id;
  // A submitted revision, then a draft on top: the ledger shows the submitted one.
  await submit(donghe, {
    village: '柳树村',
    kind: 'road',
    hasRisk: false,
    visitedOn: '2026-03-05',
    members: [{ name: '张三', hours: 3 }, { name: '李四', hours: 4.5 }],
    evidence: [{ id: file.id, name: file.name, size: file.size, contentType: file.contentType }],
  });
  await submit(xiling, { village: '桃园村', kind: 'farm', hasRisk: true, members: [{ name: '王五', hours: 1 }] });
});

describe('the ledger as XLSX', () => {
  it('has the projects, a sheet per stage with labelled columns, table rows keyed by code and attachment links', async () => {
    const response = await exportOf(admin, 'xlsx', { typeKey: key, orderBy: 'CODE', direction: 'ASC' }, { 'accept-language': 'zh-CN' });
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="ledger-\d{4}-\d{2}-\d{2}\.xlsx"; filename\*=UTF-8''%E5%8F%B0%E8%B4%A6-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(response.headers.get('x-total-count')).toBe('2');
    const workbook = await workbookOf(response);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['项目台账', '调查', '调查-调查人员', '验收']);

    const projects = rowsOf(workbook.getWorksheet('项目台账')!);
    expect(projects[0]).toEqual(['编号', '名称', '所属单位', '牵头领导', '责任部门', '工作班子', '项目类型', '版本', '当前阶段', '状态', '截止日期', '预警', '认定状态']);
    expect(projects).toHaveLength(3);
    const dongheRow = projects.find((row) => row[0] === donghe.code)!;
    expect(dongheRow.slice(1, 4)).toEqual(['东河台账项目', '青山县 / 东河镇', expect.any(String)]);
    expect(dongheRow.slice(6, 10)).toEqual(['台账测试', 1, '调查', '进行中']);
    expect(dongheRow[10]).toBeInstanceOf(Date);

    const survey = rowsOf(workbook.getWorksheet('调查')!);
    expect(survey[0]).toEqual(['编号', '名称', '版本', '修订号', '提交时间', '村名', '类别', '存在风险', '走访日期', '佐证材料', '佐证材料 链接']);
    const dongheData = survey.find((row) => row[0] === donghe.code)!;
    expect(dongheData.slice(5, 9)).toEqual(['柳树村', '道路', '否', new Date('2026-03-05T00:00:00.000Z')]);
    expect(dongheData[9]).toEqual({ text: '走访记录.pdf', hyperlink: `${inject('apiUrl')}/attachments/${attachmentId}` });
    expect(dongheData[10]).toBe(`${inject('apiUrl')}/attachments/${attachmentId}`);
    expect(survey.find((row) => row[0] === xiling.code)!.slice(5, 8)).toEqual(['桃园村', '农业', '是']);

    const members = rowsOf(workbook.getWorksheet('调查-调查人员')!);
    expect(members).toEqual([
      ['编号', '行号', '姓名', '工时'],
      ...[
        [donghe.code, 1, '张三', 3],
        [donghe.code, 2, '李四', 4.5],
        [xiling.code, 1, '王五', 1],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ]);
    // Nobody has submitted the closing stage: its sheet has only its headings.
    expect(rowsOf(workbook.getWorksheet('验收')!)).toEqual([['编号', '名称', '版本', '修订号', '提交时间', '评分']]);
  });

  it('speaks English with lang=en and shows the latest submitted revision, not a later draft', async () => {
    // The approver rejects the submission; a draft saved then must not show.
    const approver = await Api.signIn('approver@phaseflow.local');
    await approver.ok(DECIDE, { input: { projectId: donghe.id, stageKey: 'survey', decision: 'REJECT', comment: '补充材料' } });
    await submit(donghe, { village: '草稿村' }, false);
    const workbook = await workbookOf(await exportOf(admin, 'xlsx', { typeKey: key, lang: 'en' }));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Projects', 'Survey', 'Survey-Surveyors', 'Close']);
    const survey = rowsOf(workbook.getWorksheet('Survey')!);
    expect(survey[0].slice(5)).toEqual(['Village', 'Kind', 'Risk found', 'Visited on', 'Evidence', 'Evidence links']);
    const row = survey.find((r) => r[0] === donghe.code)!;
    expect(row.slice(3, 8)).toEqual([1, expect.any(Date), '柳树村', 'Roads', 'no']);
    const projects = rowsOf(workbook.getWorksheet('Projects')!);
    expect(projects.find((r) => r[0] === donghe.code)!.slice(2, 3)).toEqual(['Qingshan County / Donghe Town']);
  });

  it('takes the list’s filters and shows a town only its own projects', async () => {
    const filtered = rowsOf((await workbookOf(await exportOf(admin, 'xlsx', { typeKey: key, unitId: dir.units['Xiling Town'] }))).worksheets[0]);
    expect(filtered.slice(1).map((row) => row[0])).toEqual([xiling.code]);
    const searched = await exportOf(admin, 'xlsx', { typeKey: key, search: donghe.code });
    expect(searched.headers.get('x-total-count')).toBe('1');
    const town = await workbookOf(await exportOf(townAdmin, 'xlsx', { typeKey: key }));
    const codes = rowsOf(town.worksheets[0]).slice(1).map((row) => row[0]);
    expect(codes).toEqual([donghe.code]);
    const townMembers = rowsOf(town.getWorksheet('调查-调查人员')!).slice(1);
    expect(townMembers.map((row) => row[0])).toEqual([donghe.code, donghe.code]);
    // Asking for the other town by filter does not widen what the town admin sees.
    const other = await exportOf(townAdmin, 'xlsx', { typeKey: key, unitId: dir.units['Xiling Town'] });
    expect(other.headers.get('x-total-count')).toBe('0');
  });

  it('serves a partner’s API key within the key’s unit', async () => {
    const { createApiKey } = await admin.ok<{ createApiKey: { secret: string } }>(
      'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }',
      { input: { name: `ledger ${key}`, unitId: dir.units['Xiling Town'], scopes: ['READ'] } },
    );
    const partner = new Api(undefined, createApiKey.secret);
    const response = await exportOf(partner, 'csv', { typeKey: key, lang: 'en' });
    expect(response.status).toBe(200);
    const lines = (await response.text()).replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('Code,Title,Unit,Lead,Department,Team,Project type,Version,Current stage,Status,Due date,Flag,Designation');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual([xiling.code]);
  });

  it('puts each type’s stage sheets behind its name when several types are exported', async () => {
    const workbook = await workbookOf(await exportOf(admin, 'xlsx'));
    const names = workbook.worksheets.map((sheet) => sheet.name);
    expect(names).toContain('台账测试-调查');
    expect(names).toContain('台账测试-调查-调查人员');
  });
});

describe('the ledger as CSV', () => {
  it('is the projects sheet alone, UTF-8 with a byte order mark', async () => {
    const response = await exportOf(admin, 'csv', { typeKey: key, orderBy: 'CODE', direction: 'ASC', lang: 'zh' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/filename\*=UTF-8''%E5%8F%B0%E8%B4%A6-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\n');
    expect(lines[0]).toBe('编号,名称,所属单位,牵头领导,责任部门,工作班子,项目类型,版本,当前阶段,状态,截止日期,预警,认定状态');
    expect(lines).toHaveLength(3);
    const first = [donghe, xiling].sort((a, b) => a.code.localeCompare(b.code))[0];
    expect(lines[1]).toMatch(new RegExp(`^${first.code},${first.title},青山县 / ..镇,`));
    expect(lines[1]).toMatch(/,台账测试,1,调查,进行中,\d{4}-\d{2}-\d{2} \d{2}:\d{2},,$/);
  });
});

describe('reading the database', () => {
  it('runs a fixed number of statements per page, whatever the page holds', async () => {
    const orm = await openOrm(inject('databaseUrl'));
    try {
      const principal = (await loadPrincipal(orm, dir.users['admin@phaseflow.local']))!.principal;
      /** Statements of the projects sheet, and of all the sheets, with pages of `pageSize`. */
      const count = async (pageSize: number) => {
        const statements: string[] = [];
        const ledger = new Ledger(orm.em.fork(), principal, { filter: {}, order: { field: 'CODE', direction: 'ASC' }, locale: 'zh' }, {
          baseUrl: 'http://x', utcOffsetMinutes: 480, pageSize, onStatement: (sql) => statements.push(sql),
        });
        let rows = 0;
        let projectsSheet = 0;
        let sheets = 0;
        for await (const sheet of ledger.sheets()) {
          for await (const page of sheet.pages()) rows += page.length;
          if (sheets === 0) projectsSheet = statements.length;
          sheets += 1;
        }
        return { projectsSheet, all: statements.length, rows, sheets };
      };
      const total = await new Ledger(orm.em.fork(), principal, { filter: {}, order: { field: 'CODE', direction: 'ASC' }, locale: 'zh' }, { baseUrl: 'http://x', utcOffsetMinutes: 480 }).total();
      expect(total).toBeGreaterThan(10);
      // One page of every project: a handful of statements, not one per project.
      const onePage = await count(1000);
      expect(onePage.projectsSheet).toBeLessThanOrEqual(7);
      // Pages of 5: at most 7 per page (names already read are not read again).
      const small = await count(5);
      expect(small.projectsSheet).toBeLessThanOrEqual(7 * Math.ceil(total / 5) + 1);
      expect(small.rows).toBe(onePage.rows);
      // Every other sheet reads its pages with two statements each (a page of projects, their submissions).
      expect(onePage.sheets).toBeGreaterThan(5);
      expect(onePage.all - onePage.projectsSheet).toBeLessThanOrEqual(2 * (onePage.sheets - 1));
    } finally {
      await orm.close();
    }
  });
});

describe('a client that goes away', () => {
  it('stops the database reads when the client disconnects', async () => {
    const orm = await openOrm(inject('databaseUrl'));
    const principal = (await loadPrincipal(orm, dir.users['admin@phaseflow.local']))!.principal;
    const statements: string[] = [];
    // The real route, on pages of one project, so that the export has hundreds of pages.
    const app = express();
    app.use('/exports', exportsRouter({ orm, auth: { authenticate: async () => principal } } as unknown as Services, { pageSize: 1, onStatement: (sql) => statements.push(sql) }));
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const settle = () => new Promise((resolve) => setTimeout(resolve, 400));
    try {
      // Everything, read to the end: how many statements a whole export takes.
      const whole = await fetch(`http://127.0.0.1:${port}/exports/projects.xlsx`);
      await whole.arrayBuffer();
      const all = statements.length;
      expect(all).toBeGreaterThan(100);

      // A client that goes away as soon as the export begins.
      statements.length = 0;
      const socket = connect(port, '127.0.0.1');
      socket.write('GET /exports/projects.xlsx HTTP/1.1\r\nhost: x\r\n\r\n');
      await once(socket, 'data');
      socket.destroy();
      await settle();
      const afterClose = statements.length;
      await settle();
      expect(statements.length).toBe(afterClose);
      expect(afterClose).toBeLessThan(all / 2);
    } finally {
      server.close();
      await orm.close();
    }
  });
});

describe('refusals', () => {
  it('answers a bad filter with 400 BAD_USER_INPUT naming the parameter, in the asked language', async () => {
    const response = await exportOf(admin, 'xlsx', { status: 'SLEEPING', unitId: 'nope' }, { 'accept-language': 'en' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: { code: string; message: string; fieldErrors: { path: string; code: string; message: string }[] } };
    expect(body.error.code).toBe('BAD_USER_INPUT');
    expect(body.error.fieldErrors).toEqual([
      { path: 'status', code: 'invalid_value', message: 'must be one of ACTIVE, COMPLETED, CANCELLED' },
      { path: 'unitId', code: 'invalid_id', message: 'is not a valid id' },
    ]);
    const typo = await exportOf(admin, 'csv', { unit: dir.units['Donghe Town'], lang: 'zh' });
    expect(typo.status).toBe(400);
    const typoBody = (await typo.json()) as { error: { fieldErrors: { path: string; message: string }[] } };
    expect(typoBody.error.fieldErrors).toEqual([{ path: 'unit', code: 'unknown_parameter', message: '不是导出接口的参数' }]);
  });

  it('wants a token and a known format', async () => {
    const anonymous = await fetch(`${inject('apiUrl')}/exports/projects.xlsx`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    const pdf = await exportOf(admin, 'pdf' as 'csv');
    expect(pdf.status).toBe(404);
    expect(((await pdf.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});
