import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { csvText, type CellValue } from './ledger-format';

/** One sheet of the ledger: its headings, and its rows page by page, read only as the output takes them. */
export interface LedgerSheet {
  name: string;
  headings: string[];
  /** Column widths in characters, by position; the rest get a default. */
  widths?: number[];
  pages(): AsyncIterable<CellValue[][]>;
}

/** Sheets one after the other: a later sheet may depend on what an earlier one read. */
export type LedgerSheets = AsyncIterable<LedgerSheet>;

/** Output queued past this many bytes makes the writer wait before it reads another page. */
export const BACKLOG_LIMIT = 1024 * 1024;

class Cancelled extends Error {
  constructor() {
    super('the export was cancelled');
    this.name = 'AbortError';
  }
}

export const isCancelled = (error: unknown) => error instanceof Cancelled;

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Cancelled();
}

/** Waits for `emitter`'s 'drain', or throws when the export is cancelled meanwhile. */
async function drained(emitter: NodeJS.EventEmitter, signal: AbortSignal): Promise<void> {
  try {
    await once(emitter, 'drain', { signal });
  } catch (error) {
    if (signal.aborted) throw new Cancelled();
    throw error;
  }
}

type BufferedStream = Writable & { _writableState?: { length?: number; needDrain?: boolean } };

/** Bytes queued in a writable: Node's streams say it, the readable-stream 2 copies inside archiver keep it in their state. */
const queued = (stream: BufferedStream) => stream.writableLength ?? stream._writableState?.length ?? 0;
const needsDrain = (stream: BufferedStream) => stream.writableNeedDrain ?? stream._writableState?.needDrain ?? false;

/**
 * Bytes a worksheet has committed that the zip has not compressed yet, and the zip entry's input.
 * ExcelJS's streaming writer queues a sheet's XML in its stream (a StreamBuf) and hands it on to the
 * zip entry without heeding backpressure, so the writer looks there itself. (exceljs 4.4.0; the
 * writer's unit test fails if this stops holding.)
 */
function sheetBacklog(sheet: ExcelJS.Worksheet): { bytes: number; entry: BufferedStream | null } {
  const stream = (sheet as unknown as { _stream?: { pipes?: BufferedStream[]; buffers?: { length?: number }[] } })._stream;
  const entry = stream?.pipes?.[0] ?? null;
  const buffered = (stream?.buffers ?? []).reduce((sum, buffer) => sum + (typeof buffer.length === 'number' ? buffer.length : 0), 0);
  return { bytes: buffered + (entry ? queued(entry) : 0), entry };
}

/** Compressed bytes the zip (archiver, which takes its input whatever its output's state) holds for the response. */
function zipBacklog(workbook: ExcelJS.stream.xlsx.WorkbookWriter | null): number {
  const zip = (workbook as unknown as { zip?: { _readableState?: { length?: number } } } | null)?.zip;
  return zip?._readableState?.length ?? 0;
}

/**
 * Waits until what was written so far has mostly left: the response's buffer, the zip's output and
 * the sheet's XML waiting for the zip. A client that stops reading thus stops the database reads
 * once about BACKLOG_LIMIT bytes wait for it.
 */
async function flowing(out: Writable, signal: AbortSignal, workbook: ExcelJS.stream.xlsx.WorkbookWriter | null = null, sheet: ExcelJS.Worksheet | null = null): Promise<void> {
  for (;;) {
    throwIfAborted(signal);
    const backlog = sheet ? sheetBacklog(sheet) : { bytes: 0, entry: null };
    if (queued(out) + zipBacklog(workbook) + backlog.bytes <= BACKLOG_LIMIT) return;
    if (backlog.entry && needsDrain(backlog.entry)) await drained(backlog.entry, signal);
    else if (needsDrain(out)) await drained(out, signal);
    // The zip compresses on the thread pool: give it a moment.
    else await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function xlsxCell(cell: CellValue): ExcelJS.CellValue {
  if (cell !== null && typeof cell === 'object' && !(cell instanceof Date)) return { text: cell.text, hyperlink: cell.hyperlink };
  return cell;
}

/**
 * Streams the sheets as an XLSX workbook into `out`, one sheet after another (a zip holds its
 * entries in sequence, so sheets written side by side would wait in memory), page by page, waiting
 * for the output between pages. Dates are written as dates (`yyyy-mm-dd hh:mm`).
 */
export async function writeLedgerXlsx(sheets: LedgerSheets, out: Writable, signal: AbortSignal): Promise<{ rows: number }> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  let rows = 0;
  for await (const spec of sheets) {
    throwIfAborted(signal);
    const sheet = workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = spec.headings.map((header, i) => ({ header, width: spec.widths?.[i] ?? Math.min(40, Math.max(10, header.length * 2 + 2)) }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for await (const page of spec.pages()) {
      throwIfAborted(signal);
      for (const cells of page) {
        const row = sheet.addRow(cells.map(xlsxCell));
        cells.forEach((cell, i) => {
          if (cell instanceof Date) row.getCell(i + 1).numFmt = 'yyyy-mm-dd hh:mm';
        });
        row.commit();
        rows += 1;
      }
      await flowing(out, signal, workbook, sheet);
    }
    sheet.commit();
    await flowing(out, signal, workbook);
  }
  throwIfAborted(signal);
  await workbook.commit();
  return { rows };
}

/**
 * Streams the first sheet (the projects) as CSV into `out`: UTF-8 with a byte order mark, so that
 * Excel opens Chinese correctly; the other sheets do not fit a CSV file.
 */
export async function writeLedgerCsv(sheets: LedgerSheets, out: Writable, signal: AbortSignal): Promise<{ rows: number }> {
  let rows = 0;
  for await (const spec of sheets) {
    out.write('\uFEFF' + stringify([spec.headings]));
    for await (const page of spec.pages()) {
      throwIfAborted(signal);
      out.write(stringify(page.map((cells) => cells.map((cell) => csvText(cell)))));
      rows += page.length;
      await flowing(out, signal);
    }
    break;
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { rows };
}
