import ExcelJS from 'exceljs';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CellValue } from './ledger-format';
import { BACKLOG_LIMIT, isCancelled, writeLedgerCsv, writeLedgerXlsx, type LedgerSheet } from './ledger-writer';

/** Rows of text hard to compress (so that bytes reach the output), counted as they are read. */
function sheetOf(name: string, pages: number, rowsPerPage: number, pulled: { pages: number }): LedgerSheet {
  return {
    name,
    headings: ['编号', '名称', '日期'],
    async *pages() {
      for (let p = 0; p < pages; p += 1) {
        pulled.pages += 1;
        yield Array.from({ length: rowsPerPage }, (_, i): CellValue[] => [`P-${p}-${i}`, `${Math.random().toString(36)}${Math.random().toString(36)}`, new Date(Date.UTC(2026, 2, 1 + (i % 28)))]);
      }
    },
  };
}

async function* sheets(...list: LedgerSheet[]) {
  yield* list;
}

/** A client that reads nothing: its buffer fills and stays full. */
const stalled = () => new Writable({ highWaterMark: 16 * 1024, write: () => undefined });

const collect = () => {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { out, bytes: () => Buffer.concat(chunks) };
};

describe('writeLedgerXlsx', () => {
  it('writes every sheet in order, with headings, rows and dates as dates', async () => {
    const pulled = { pages: 0 };
    const { out, bytes } = collect();
    const done = new Promise((resolve) => out.on('end', resolve));
    const result = await writeLedgerXlsx(sheets(sheetOf('项目台账', 3, 50, pulled), sheetOf('调查', 1, 2, pulled)), out, new AbortController().signal);
    await done;
    expect(result.rows).toBe(152);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes() as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['项目台账', '调查']);
    const first = workbook.getWorksheet('项目台账')!;
    expect(first.rowCount).toBe(151);
    expect((first.getRow(1).values as unknown[]).slice(1)).toEqual(['编号', '名称', '日期']);
    expect(first.getRow(2).getCell(1).value).toBe('P-0-0');
    expect(first.getRow(2).getCell(3).value).toEqual(new Date(Date.UTC(2026, 2, 1)));
  });

  it('stops reading pages while the client does not read, and stops for good when it is cancelled', async () => {
    const pulled = { pages: 0 };
    const out = stalled();
    const controller = new AbortController();
    // 200 pages of 500 rows: about 30 MB of sheet XML if it were all read.
    const writing = writeLedgerXlsx(sheets(sheetOf('项目台账', 200, 500, pulled)), out, controller.signal);
    // The zip compresses on the thread pool, so the count settles a little later on a busy machine.
    let before = -1;
    for (let tries = 0; tries < 40 && pulled.pages !== before; tries += 1) {
      before = pulled.pages;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // A page is some 30 KB of XML: the writer stops once about BACKLOG_LIMIT (1 MB) waits, far from the end.
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(100);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pulled.pages).toBe(before);
    controller.abort();
    const outcome = await writing.then(() => 'finished', (error: unknown) => error);
    expect(isCancelled(outcome)).toBe(true);
    expect(pulled.pages).toBe(before);
  });
});

describe('writeLedgerCsv', () => {
  it('writes the first sheet only, with a byte order mark, quoting as CSV does', async () => {
    const { out, bytes } = collect();
    const done = new Promise((resolve) => out.on('end', resolve));
    const rows: CellValue[][] = [['A-1', '甲, "乙"', new Date(Date.UTC(2026, 2, 1, 8, 30))], ['A-2', '多\n行', null]];
    const first: LedgerSheet = { name: 'p', headings: ['编号', '名称', '日期'], pages: async function* () { yield rows; } };
    const second: LedgerSheet = { name: 's', headings: ['不该出现'], pages: async function* () { yield [['x']]; } };
    expect((await writeLedgerCsv(sheets(first, second), out, new AbortController().signal)).rows).toBe(2);
    await done;
    expect(bytes().toString('utf8')).toBe('\uFEFF编号,名称,日期\nA-1,"甲, ""乙""",2026-03-01 08:30\nA-2,"多\n行",\n');
  });

  it('waits for a client that does not read', async () => {
    const pulled = { pages: 0 };
    const controller = new AbortController();
    const writing = writeLedgerCsv(sheets(sheetOf('p', 500, 500, pulled)), stalled(), controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Past the limit the writer waits: a page is some 25 KB, so a few pages at most.
    expect(pulled.pages).toBeLessThanOrEqual(Math.ceil(BACKLOG_LIMIT / 20_000) + 1);
    controller.abort();
    expect(isCancelled(await writing.catch((error: unknown) => error))).toBe(true);
  });
});
