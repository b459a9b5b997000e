import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { Api } from '../support/graphql';
import { loadDirectory, type Directory } from '../support/fixtures';

let admin: Api;
let townAdmin: Api;
let dir: Directory;
const tag = Date.now().toString(36);
const HEADER = 'type,code,parent_code,kind,name_zh,name_en,sort_order,email,name,phone,roles';

beforeAll(async () => {
  [admin, townAdmin] = await Promise.all([Api.signIn('admin@phaseflow.local'), Api.signIn('town.admin@phaseflow.local')]);
  dir = await loadDirectory(admin);
});

interface ImportView {
  id: string;
  dryRun: boolean;
  status: string;
  processed: number;
  total: number;
  problems: { row: number; column: string; code: string; message: string }[];
  counts: Record<string, number> | null;
}
const IMPORT_FIELDS = 'id dryRun status processed total problems { row column code message } counts { unitsCreated unitsUpdated usersCreated usersUpdated rolesAssigned unchanged }';
const START = `mutation($content: String!, $format: OrgImportFormat!, $dryRun: Boolean!) { startOrganisationImport(content: $content, format: $format, dryRun: $dryRun) { ${IMPORT_FIELDS} } }`;

/** Starts an import and polls its progress until it finishes. */
async function runImport(api: Api, content: string | Buffer, dryRun: boolean, format: 'CSV' | 'XLSX' = 'CSV'): Promise<ImportView> {
  const started = await api.ok<{ startOrganisationImport: ImportView }>(START, { content: Buffer.from(content).toString('base64'), format, dryRun });
  expect(started.startOrganisationImport).toMatchObject({ status: 'RUNNING', dryRun });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { organisationImport } = await api.ok<{ organisationImport: ImportView }>(`query($id: ID!) { organisationImport(id: $id) { ${IMPORT_FIELDS} } }`, { id: started.startOrganisationImport.id });
    if (organisationImport.status !== 'RUNNING') return organisationImport;
    if (Date.now() > deadline) throw new Error(`import ${organisationImport.id} still running: ${organisationImport.processed}/${organisationImport.total}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

const csv = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';
const unitCodes = async (api: Api) => new Set((await api.ok<{ units: { code: string }[] }>('{ units { code } }')).units.map((unit) => unit.code));

describe('the import template', () => {
  it('downloads as CSV and XLSX with a bearer token, and not without', async () => {
    const base = inject('apiUrl');
    const headers = { authorization: `Bearer ${admin.bearer}` };
    const csvResponse = await fetch(`${base}/org/import/template.csv`, { headers });
    expect(csvResponse.status).toBe(200);
    expect(csvResponse.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await csvResponse.text()).replace(/^\uFEFF/, '')).toBe(`${HEADER}\n`);
    const xlsxResponse = await fetch(`${base}/org/import/template.xlsx`, { headers });
    expect(xlsxResponse.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsxResponse.arrayBuffer());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['organisation', '说明 Guide']);
    expect((workbook.getWorksheet('organisation')!.getRow(1).values as string[]).slice(1).join(',')).toBe(HEADER);
    expect((await fetch(`${base}/org/import/template.csv`)).status).toBe(401);
    expect((await fetch(`${base}/org/import/template.pdf`, { headers })).status).toBe(404);
  });
});

describe('a dry run', () => {
  const file = csv(
    `UNIT,imp-${tag},qingshan,TOWN,导入镇,Import Town,10,,,,`,
    `UNIT,imp-${tag}-a,nowhere-${tag},VILLAGE,甲村,A Village,,,,,`,
    `UNIT,imp-${tag},qingshan,TOWN,重复镇,Duplicate Town,,,,,`,
    `UNIT,imp-${tag}-b,imp-${tag},CASTLE,乙村,B Village,,,,,`,
    `UNIT,imp-${tag}-c,imp-${tag}-d,VILLAGE,丙村,C Village,,,,,`,
    `UNIT,imp-${tag}-d,imp-${tag}-c,VILLAGE,丁村,D Village,,,,,`,
    `USER,,,,,,,a-${tag}@example.org,甲,13800138000,imp-${tag}:ADMIN`,
    `USER,,,,,,,A-${tag}@example.org,甲二,,`,
    `USER,,,,,,,bad-email,乙,,`,
    `USER,,,,,,,c-${tag}@example.org,丙,,imp-${tag}:OWNER`,
    `USER,,,,,,,d-${tag}@example.org,丁,,nowhere-${tag}:VIEWER`,
    `THING,x,,,,,,,,,`,
    `UNIT,imp-${tag}-e,imp-${tag},VILLAGE,戊村,E Village,-5,,,,`,
  );
  const expected = [
    '3:parent_code:unknown_parent',
    '4:code:duplicate_code',
    '5:kind:bad_kind',
    '6:parent_code:cycle',
    '7:parent_code:cycle',
    '9:email:duplicate_email',
    '10:email:bad_email',
    '11:roles:bad_role',
    '12:roles:unknown_unit',
    '13:type:bad_type',
    '14:sort_order:bad_sort_order',
  ];

  it('lists every problem by row, column and code, in the request’s language, and changes nothing', async () => {
    const result = await runImport(admin, file, true);
    expect(result).toMatchObject({ status: 'SUCCEEDED', processed: 13, total: 13 });
    expect(result.problems.map((p) => `${p.row}:${p.column}:${p.code}`)).toEqual(expected);
    expect(result.problems[0].message).toBe(`there is no parent unit with code "nowhere-${tag}"`);
    const zh = await runImport(admin.inLocale('zh'), file, true);
    expect(zh.problems.map((p) => p.message).slice(0, 3)).toEqual([`没有编码为“nowhere-${tag}”的上级单位`, `编码“imp-${tag}”与第 2 行重复`, '没有单位类型“CASTLE”']);
    expect((await unitCodes(admin)).has(`imp-${tag}`)).toBe(false);
  });

  it('makes an apply with problems fail and change nothing', async () => {
    const result = await runImport(admin, file, false);
    expect(result.status).toBe('FAILED');
    expect(result.problems.map((p) => `${p.row}:${p.column}:${p.code}`)).toEqual(expected);
    expect((await unitCodes(admin)).has(`imp-${tag}`)).toBe(false);
  });
});

describe('applying an import', () => {
  const rows = [
    `UNIT,app-${tag}-v1,app-${tag},VILLAGE,一村,One Village,10,,,,`,
    `UNIT,app-${tag},qingshan,TOWN,应用镇,Apply Town,200,,,,`,
    `UNIT,app-${tag}-v2,app-${tag},VILLAGE,二村,Two Village,20,,,,`,
    `USER,,,,,,,head-${tag}@example.org,应镇长,13912345678,app-${tag}:ADMIN;app-${tag}-v1:VIEWER`,
    `USER,,,,,,,clerk-${tag}@example.org,文书,,app-${tag}-v2:OPERATOR`,
    `USER,,,,,,,old-${tag}@example.org,老用户,,app-${tag}:VIEWER`,
  ];

  it('creates everything in one go, and importing the same file again changes nothing', async () => {
    await admin.ok('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', {
      input: { email: `old-${tag}@example.org`, name: '老用户', password: 'long-enough-pass', roles: [{ unitId: dir.units['Donghe Town'], role: 'VIEWER' }] },
    });
    const applied = await runImport(admin, csv(...rows), false);
    expect(applied).toMatchObject({ status: 'SUCCEEDED', problems: [], processed: 6, total: 6 });
    expect(applied.counts).toEqual({ unitsCreated: 3, unitsUpdated: 0, usersCreated: 2, usersUpdated: 0, rolesAssigned: 4, unchanged: 0 });
    const units = await admin.ok<{ units: { code: string; parentId: string | null; sortOrder: number; names: { zh: string } }[] }>('{ units { id code parentId sortOrder names { zh } } }');
    const town = units.units.find((unit) => unit.code === `app-${tag}`)!;
    expect(town).toMatchObject({ parentId: dir.units['Qingshan County'], sortOrder: 200, names: { zh: '应用镇' } });
    const users = await admin.ok<{ users: { email: string; phone: string | null; roles: { role: string; unit: { code: string } }[] }[] }>(
      '{ users { email phone roles { role unit { code } } } }',
    );
    const head = users.users.find((user) => user.email === `head-${tag}@example.org`)!;
    expect(head.phone).toBe('13912345678');
    expect(head.roles.map((r) => `${r.unit.code}:${r.role}`).sort()).toEqual([`app-${tag}-v1:VIEWER`, `app-${tag}:ADMIN`]);
    // Imported users have no usable password until an admin resets it.
    const login = await new Api().fails('mutation { login(email: "' + `head-${tag}@example.org` + '", password: "phaseflow") { token } }');
    expect(login.extensions?.code).toBe('UNAUTHENTICATED');

    const again = await runImport(admin, csv(...rows), false);
    expect(again.counts).toEqual({ unitsCreated: 0, unitsUpdated: 0, usersCreated: 0, usersUpdated: 0, rolesAssigned: 0, unchanged: 6 });

    const audit = await admin.ok<{ organisationAudit: { action: string; actor: { email: string }; details: { counts: Record<string, number> } }[] }>(
      'query($unitId: ID) { organisationAudit(first: 5, unitId: $unitId) { action actor { email } details } }',
      { unitId: dir.units['Qingshan County'] },
    );
    // One audit row for the import that changed something; the unchanged re-import writes none.
    const imports = audit.organisationAudit.filter((event) => event.action === 'ORGANISATION_IMPORTED');
    expect(imports[0]).toMatchObject({ actor: { email: 'admin@phaseflow.local' }, details: { counts: { unitsCreated: 3, usersCreated: 2, rolesAssigned: 4, unchanged: 0 } } });
    // The change feed tells partners of the import by its counts, not its lists of units and people.
    const feed = await admin.ok<{ changes: { nodes: { kind: string; payload: Record<string, unknown> }[] } }>(
      'query($filter: ChangeEventFilter) { changes(first: 500, filter: $filter) { nodes { kind payload } } }',
      { filter: { kinds: ['ORGANISATION_IMPORTED'] } },
    );
    const announced = feed.changes.nodes.at(-1)!;
    expect(announced.payload).toMatchObject({ counts: { unitsCreated: 3, usersCreated: 2, rolesAssigned: 4, unchanged: 0 } });
    expect(announced.payload).not.toHaveProperty('after');
    expect(JSON.stringify(announced.payload)).not.toContain('@example.org');
  });

  it('reads XLSX too: a renamed and moved unit is updated, the rest unchanged', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('organisation');
    sheet.addRow(HEADER.split(','));
    for (const row of rows) sheet.addRow(row.split(','));
    // Row 4 (the second village) moves below the first village and takes a new English name.
    sheet.getRow(4).getCell(3).value = `app-${tag}-v1`;
    sheet.getRow(4).getCell(6).value = 'Second Village';
    const result = await runImport(admin, Buffer.from(await workbook.xlsx.writeBuffer()), false, 'XLSX');
    expect(result.problems).toEqual([]);
    expect(result.counts).toEqual({ unitsCreated: 0, unitsUpdated: 1, usersCreated: 0, usersUpdated: 0, rolesAssigned: 0, unchanged: 5 });
    const units = await admin.ok<{ units: { id: string; code: string; parentId: string | null; names: { en: string } }[] }>('{ units { id code parentId names { en } } }');
    const v1 = units.units.find((unit) => unit.code === `app-${tag}-v1`)!;
    expect(units.units.find((unit) => unit.code === `app-${tag}-v2`)).toMatchObject({ parentId: v1.id, names: { en: 'Second Village' } });
  });
});

describe('who may import', () => {
  it('refuses anyone but an admin of a top-level unit, and hides others’ jobs', async () => {
    const refused = await townAdmin.fails(START, { content: Buffer.from(csv()).toString('base64'), format: 'CSV', dryRun: true });
    expect(refused.extensions?.code).toBe('FORBIDDEN');
    const job = await runImport(admin, csv(`UNIT,qingshan,,COUNTY,青山县,Qingshan County,0,,,,`), true);
    expect(job.counts?.unchanged).toBe(1);
    const hidden = await townAdmin.fails('query($id: ID!) { organisationImport(id: $id) { id } }', { id: job.id });
    expect(hidden.extensions?.code).toBe('NOT_FOUND');
  });

  it('lets the admin of another top-level unit import only into its own subtree', async () => {
    const root = await admin.ok<{ createUnit: { id: string } }>('mutation($code: String!) { createUnit(input: { code: $code, kind: "COUNTY", names: { zh: "邻县", en: "Neighbour County" } }) { id } }', { code: `root-${tag}` });
    const email = `root-admin-${tag}@example.org`;
    await admin.ok('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', {
      input: { email, name: '邻县管理员', password: 'long-enough-pass', roles: [{ unitId: root.createUnit.id, role: 'ADMIN' }] },
    });
    const neighbour = await Api.signIn(email, 'long-enough-pass');
    const result = await runImport(
      neighbour,
      csv(
        `UNIT,root-${tag}-town,root-${tag},TOWN,邻镇,Neighbour Town,,,,,`,
        `UNIT,intruder-${tag},donghe,VILLAGE,外村,Intruder Village,,,,,`,
        `UNIT,qingshan-org,root-${tag},DEPARTMENT,县委组织部,Organisation Department,,,,,`,
        `USER,,,,,,,spy-${tag}@example.org,外人,,donghe:VIEWER`,
      ),
      true,
    );
    expect(result.problems.map((p) => `${p.row}:${p.column}:${p.code}`)).toEqual(['3:parent_code:unknown_parent', '4:code:code_taken', '5:roles:unknown_unit']);
  });
});

describe('the shipped sample organisation', () => {
  it('has the shape of the programme, and a dry run of it against the seeded demo finds everything unchanged', async () => {
    const sample = readFileSync(join(__dirname, '..', '..', 'server', 'data', 'sample-organisation.csv'));
    const text = sample.toString('utf8');
    const kinds = new Map<string, number>();
    for (const line of text.split('\n').slice(1)) {
      const [type, , , kind] = line.split(',');
      if (type === 'UNIT') kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    expect(Object.fromEntries(kinds)).toEqual({ COUNTY: 1, DEPARTMENT: 55, TOWN: 13, VILLAGE: 132, PARTY_COMMITTEE: 80, BRANCH: 2010 });
    expect(text.split('\n').filter((line) => line.startsWith('USER,')).length).toBe(3000);
    const result = await runImport(admin, sample, true);
    expect(result).toMatchObject({ status: 'SUCCEEDED', problems: [], processed: 5291, total: 5291 });
    expect(result.counts).toEqual({ unitsCreated: 0, unitsUpdated: 0, usersCreated: 0, usersUpdated: 0, rolesAssigned: 0, unchanged: 5291 });
  });
});
