import { describe, expect, it } from 'vitest';
import { planImport, type ExistingUnit, type Snapshot } from './import-plan';
import { readTable } from './import-table';

const HEADER = 'type,code,parent_code,kind,name_zh,name_en,sort_order,email,name,phone,roles';

function unit(code: string, parentCode: string | null, inScope = true): ExistingUnit {
  return { id: `id-${code}`, code, parentCode, kind: 'TOWN', nameZh: `${code}镇`, nameEn: `${code} town`, sortOrder: 0, inScope };
}

function snapshot(): Snapshot {
  return {
    units: new Map([unit('county', null), unit('east', 'county'), unit('west', 'county', false)].map((u) => [u.code, u])),
    users: new Map([['chen@x.cn', { id: 'u1', email: 'chen@x.cn', name: '陈明', phone: null, roles: new Set(['east:viewer']), manageable: true }]]),
    kinds: new Set(['COUNTY', 'TOWN', 'VILLAGE']),
    mayCreateRoots: false,
  };
}

async function plan(...rows: string[]) {
  return planImport(await readTable(Buffer.from([HEADER, ...rows].join('\n')), 'CSV'), snapshot());
}

const problemsOf = async (...rows: string[]) => (await plan(...rows)).problems.map((p) => `${p.row}:${p.column}:${p.code}`);

describe('planning an organisation import', () => {
  it.each([
    [['UNIT,v1,east,VILLAGE,一村,One,,,,,'], []],
    [['UNIT,v1,nowhere,VILLAGE,一村,One,,,,,'], ['2:parent_code:unknown_parent']],
    [['UNIT,v1,west,VILLAGE,一村,One,,,,,'], ['2:parent_code:unknown_parent']],
    [['UNIT,west,county,TOWN,西镇,West,,,,,'], ['2:code:code_taken']],
    [['UNIT,v1,,VILLAGE,一村,One,,,,,'], ['2:parent_code:outside_scope']],
    [['UNIT,east,,TOWN,东镇,East,,,,,'], ['2:parent_code:required']],
    [['UNIT,v1,east,HAMLET,一村,One,,,,,'], ['2:kind:bad_kind']],
    [['UNIT,v1,east,VILLAGE,,One,x,,,,'], ['2:name_zh:required', '2:sort_order:bad_sort_order']],
    [['UNIT,v1,east,VILLAGE,一村,One,,,,,', 'UNIT,v1,east,VILLAGE,一村,One,,,,,'], ['3:code:duplicate_code']],
    [['UNIT,a,b,VILLAGE,甲,A,,,,,', 'UNIT,b,a,VILLAGE,乙,B,,,,,'], ['2:parent_code:cycle', '3:parent_code:cycle']],
    [['UNIT,east,v1,TOWN,东镇,East,,,,,', 'UNIT,v1,east,VILLAGE,一村,One,,,,,'], ['2:parent_code:cycle', '3:parent_code:cycle']],
    [['USER,,,,,,,li@x.cn,李,,east:ADMIN;v9:VIEWER'], ['2:roles:unknown_unit']],
    [['USER,,,,,,,li@x.cn,李,,east:OWNER'], ['2:roles:bad_role']],
    [['USER,,,,,,,li@x.cn,李,,east'], ['2:roles:bad_role']],
    [['USER,,,,,,,li@x.cn,李,,west:VIEWER'], ['2:roles:unknown_unit']],
    [['USER,,,,,,,li,李,,', 'USER,,,,,,,chen@x.cn,,12,'], ['2:email:bad_email', '3:name:required', '3:phone:bad_phone']],
    [['USER,,,,,,,li@x.cn,李,,', 'USER,,,,,,,LI@x.cn,李,,'], ['3:email:duplicate_email']],
    [['GROUP,g,,,,,,,,,', ',x,,,,,,,,,'], ['2:type:bad_type', '3:type:required']],
  ])('%j gives %j', async (rows, expected) => {
    expect(await problemsOf(...rows)).toEqual(expected);
  });

  it('reports missing and unknown columns on the header row', async () => {
    const table = await readTable(Buffer.from('kind,colour\nTOWN,red\n'), 'CSV');
    expect(planImport(table, snapshot()).problems.map((p) => `${p.row}:${p.column}:${p.code}`)).toEqual([
      '1:type:missing_column',
      '1:code:missing_column',
      '1:colour:unknown_column',
      '2:type:required',
    ]);
  });

  it('plans parents before children and counts what changes', async () => {
    const result = await plan(
      'UNIT,v2,v1,VILLAGE,二村,Two,,,,,',
      'UNIT,v1,east,VILLAGE,一村,One,,,,,',
      'UNIT,east,county,TOWN,east镇,East Town,5,,,,',
      'UNIT,county,,TOWN,county镇,county town,,,,,',
      'USER,,,,,,,chen@x.cn,陈明,,east:VIEWER;v1:OPERATOR',
      'USER,,,,,,,Li@X.cn,李,13800138000,v2:ADMIN',
    );
    expect(result.problems).toEqual([]);
    expect(result.unitCreates.map((u) => u.code)).toEqual(['v1', 'v2']);
    expect(result.unitUpdates.map((u) => `${u.code}:${u.nameEn}:${u.sortOrder}:${u.moved}`)).toEqual(['east:East Town:5:false']);
    expect(result.userCreates).toEqual([{ email: 'li@x.cn', name: '李', phone: '13800138000' }]);
    expect(result.roleGrants.map((g) => `${g.email}:${g.unitCode}:${g.role}`)).toEqual(['chen@x.cn:v1:operator', 'li@x.cn:v2:admin']);
    expect(result.counts).toEqual({ unitsCreated: 2, unitsUpdated: 1, usersCreated: 1, usersUpdated: 0, rolesAssigned: 2, unchanged: 1 });
  });

  it('refuses to change a user the importer does not manage, but may give them a role', async () => {
    const snap = snapshot();
    snap.users.get('chen@x.cn')!.manageable = false;
    const table = await readTable(Buffer.from([HEADER, 'USER,,,,,,,chen@x.cn,陈明明,,', 'USER,,,,,,,chen@x.cn,陈明,,east:ADMIN'].join('\n')), 'CSV');
    expect(planImport(table, snap).problems.map((p) => `${p.row}:${p.column}:${p.code}`)).toEqual(['2:email:user_not_managed', '3:email:duplicate_email']);
    const grant = await readTable(Buffer.from([HEADER, 'USER,,,,,,,chen@x.cn,陈明,,east:ADMIN'].join('\n')), 'CSV');
    expect(planImport(grant, snap).roleGrants).toEqual([{ email: 'chen@x.cn', unitCode: 'east', role: 'admin' }]);
  });

  it('numbers rows as the sheet does, skipping blank lines and counting quoted line breaks', async () => {
    const table = await readTable(Buffer.from(`\uFEFF${HEADER}\nUNIT,a,,COUNTY,甲,A,,,,,\n\nUNIT,b,a,TOWN,"乙\n镇",B,,,,,\nUNIT,c,a,TOWN,丙,C,,,,,\n`), 'CSV');
    expect(table.rows.map((row) => `${row.row}:${row.cells.code}`)).toEqual(['2:a', '5:b', '6:c']);
  });
});
