import type { FieldDefinition } from '@phaseflow/forms';
import type { ProjectTypeDefinition } from '@phaseflow/workflows';
import { describe, expect, it } from 'vitest';
import { contentDisposition, csvText, fieldCells, fieldHeadings, localTime, sheetNamer, unionFields, unionStages, unitPathText } from './ledger-format';
import { parseLedgerRequest } from './ledger-request';

const l = (zh: string, en: string) => ({ zh, en });
const BASE = 'https://pf.example.org';

describe('fieldCells', () => {
  const select: FieldDefinition = { key: 'kind', type: 'singleSelect', label: l('类别', 'Kind'), options: [{ value: 'road', label: l('道路', 'Roads') }] };
  const multi: FieldDefinition = { ...select, type: 'multiSelect' };
  const file = { id: 'a1', name: '记录.pdf', size: 3, contentType: 'application/pdf' };
  it.each([
    ['a select by its label', select, 'road', 'zh', ['道路']],
    ['a select in English', select, 'road', 'en', ['Roads']],
    ['an unknown option as itself', select, 'gone', 'zh', ['gone']],
    ['a multi select joined', multi, ['road', 'x'], 'zh', ['道路、x']],
    ['true as 是', { key: 'b', type: 'boolean', label: l('b', 'b') }, true, 'zh', ['是']],
    ['false as no', { key: 'b', type: 'boolean', label: l('b', 'b') }, false, 'en', ['no']],
    ['a day as a date', { key: 'd', type: 'date', label: l('d', 'd') }, '2026-03-05', 'zh', [new Date('2026-03-05T00:00:00.000Z')]],
    ['a number as a number', { key: 'n', type: 'number', label: l('n', 'n') }, 4.5, 'zh', [4.5]],
    ['an empty value as an empty cell', { key: 't', type: 'text', label: l('t', 't') }, '', 'zh', [null]],
    ['one file as a link and its URL', { key: 'f', type: 'attachment', label: l('f', 'f') }, [file], 'zh', [{ text: '记录.pdf', hyperlink: `${BASE}/attachments/a1` }, `${BASE}/attachments/a1`]],
    ['two files as names and URLs', { key: 'f', type: 'attachment', label: l('f', 'f') }, [file, { ...file, id: 'a2', name: 'b.png' }], 'zh', ['记录.pdf\nb.png', `${BASE}/attachments/a1\n${BASE}/attachments/a2`]],
    ['no file as two empty cells', { key: 'f', type: 'attachment', label: l('f', 'f') }, undefined, 'zh', [null, null]],
  ] as const)('writes %s', (_name, field, value, locale, cells) => {
    expect(fieldCells(field as FieldDefinition, value, locale, BASE)).toEqual(cells);
  });

  it('gives an attachment two headings', () => {
    expect(fieldHeadings({ key: 'f', type: 'attachment', label: l('佐证', 'Evidence') }, 'en')).toEqual(['Evidence', 'Evidence links']);
  });
});

describe('sheetNamer', () => {
  it('keeps names within Excel’s rules and unique', () => {
    const name = sheetNamer();
    expect(name('调查')).toBe('调查');
    expect(name('调查')).toBe('调查 (2)');
    expect(name('a/b:c?')).toBe('a-b-c-');
    expect(name('x'.repeat(40))).toHaveLength(31);
    expect(name('X'.repeat(40))).toBe(`${'x'.repeat(27)} (2)`.replace(/x/g, 'X'));
  });
});

describe('small helpers', () => {
  it('writes a unit path from the root and local times', () => {
    const names = new Map([['a', l('青山县', 'Qingshan')], ['b', l('东河镇', 'Donghe')]]);
    expect(unitPathText('/a/b/', names, 'zh')).toBe('青山县 / 东河镇');
    expect(unitPathText('/a/b/', names, 'en')).toBe('Qingshan / Donghe');
    const local = localTime('2026-03-01T16:30:00.000Z', 480);
    expect(csvText(local)).toBe('2026-03-02 00:30');
    expect(localTime(null, 480)).toBeNull();
  });

  it('names the file in RFC 5987 form with an ASCII fallback', () => {
    expect(contentDisposition('zh', '2026-12-02', 'xlsx')).toBe(`attachment; filename="ledger-2026-12-02.xlsx"; filename*=UTF-8''%E5%8F%B0%E8%B4%A6-2026-12-02.xlsx`);
    expect(contentDisposition('en', '2026-12-02', 'csv')).toBe(`attachment; filename="ledger-2026-12-02.csv"; filename*=UTF-8''ledger-2026-12-02.csv`);
  });

  it('unites the stages and fields of several versions, newest labels first', () => {
    const version = (v: number, fields: string[], stages = ['a']): ProjectTypeDefinition =>
      ({
        key: 't',
        version: v,
        name: l('t', 't'),
        stages: stages.map((key) => ({ key, name: l(`${key}${v}`, key), form: { fields: fields.map((f) => ({ key: f, type: 'text', label: l(`${f}${v}`, f) })) } })),
      }) as unknown as ProjectTypeDefinition;
    const defs = [version(1, ['x', 'old'], ['a', 'gone']), version(2, ['x', 'y'])];
    expect(unionStages(defs).map((s) => `${s.key}:${s.name.zh}`)).toEqual(['a:a2', 'gone:gone1']);
    expect(unionFields(defs, 'a').map((f) => `${f.key}:${f.label.zh}`)).toEqual(['x:x2', 'y:y2', 'old:old1']);
  });
});

describe('parseLedgerRequest', () => {
  it('reads the filters, the order and the language', () => {
    const id = '8c3f5d8e-7a55-4c4c-9d2e-4d3e3f8a1b2c';
    const parsed = parseLedgerRequest({ status: 'active', unitId: id, unitScope: 'EXACT', orderBy: 'code', lang: 'en', search: '' }, 'zh-CN');
    expect(parsed).toEqual({
      request: {
        filter: expect.objectContaining({ status: 'ACTIVE', unitId: id, unitScope: 'EXACT', search: null }),
        order: { field: 'CODE', direction: 'ASC' },
        locale: 'en',
      },
    });
    expect(parseLedgerRequest({}, 'en-GB')).toMatchObject({ request: { order: { field: 'CREATED_AT', direction: 'DESC' }, locale: 'en' } });
  });

  it('names every bad parameter', () => {
    const parsed = parseLedgerRequest({ flag: 'RED', leadId: 'x', extra: '1', status: ['ACTIVE', 'COMPLETED'], designationValidBefore: 'soon' }, undefined);
    expect('errors' in parsed && parsed.errors.map((e) => `${e.path}:${e.code}`)).toEqual([
      'flag:invalid_value',
      'extra:unknown_parameter',
      'status:invalid',
      'designationValidBefore:invalid_date',
      'leadId:invalid_id',
    ]);
  });
});
