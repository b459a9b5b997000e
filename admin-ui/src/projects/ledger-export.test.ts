import { describe, expect, it } from 'vitest';
import { csvRecordCounter, fileNameOf, ledgerExportUrl } from './ledger-export';

describe('ledgerExportUrl', () => {
  it('carries the list filters, the sort and the language, leaving empty filters out', () => {
    const url = ledgerExportUrl('xlsx', { status: 'ACTIVE', unitId: 'u-1', flag: '', q: '村', other: 'x' }, { field: 'updatedAt', order: 'DESC' }, 'en');
    expect(url).toBe('/exports/projects.xlsx?status=ACTIVE&unitId=u-1&search=%E6%9D%91&orderBy=UPDATED_AT&direction=DESC&lang=en');
    expect(ledgerExportUrl('csv', { search: 'a', q: 'b' }, { field: 'unit.name', order: 'ASC' }, 'zh')).toBe('/exports/projects.csv?search=a&lang=zh');
  });
});

describe('csvRecordCounter', () => {
  it('counts records, not line breaks inside quoted cells, across chunks', () => {
    const count = csvRecordCounter();
    expect(count('a,b\n1,"x\ny')).toBe(1);
    expect(count('"\n2,z\n')).toBe(2);
  });
});

describe('fileNameOf', () => {
  it('prefers the UTF-8 name', () => {
    expect(fileNameOf(`attachment; filename="ledger-2026-12-02.xlsx"; filename*=UTF-8''%E5%8F%B0%E8%B4%A6-2026-12-02.xlsx`, 'x')).toBe('台账-2026-12-02.xlsx');
    expect(fileNameOf('attachment; filename="a.csv"', 'x')).toBe('a.csv');
    expect(fileNameOf(null, 'x.xlsx')).toBe('x.xlsx');
  });
});
