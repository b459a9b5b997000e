import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

export type ImportFormat = 'CSV' | 'XLSX';

/**
 * The import table: one row per unit or user. Units are matched by `code`, users by `email`.
 * `roles` lists `unit_code:ROLE` pairs separated by ";" (e.g. `donghe:ADMIN;donghe-liushu:OPERATOR`).
 */
export const COLUMNS = ['type', 'code', 'parent_code', 'kind', 'name_zh', 'name_en', 'sort_order', 'email', 'name', 'phone', 'roles'] as const;
export type Column = (typeof COLUMNS)[number];

/** One data row of the file, with its row number as a spreadsheet shows it (the header is row 1). */
export interface TableRow {
  row: number;
  cells: Partial<Record<Column, string>>;
}

export interface Table {
  rows: TableRow[];
  /** Header cells that are not columns of the import, with the row and column where they stand. */
  unknownColumns: string[];
  missingColumns: Column[];
}

export class UnreadableFileError extends Error {}

/** Bilingual descriptions of the columns, for the template's guide sheet. */
export const COLUMN_GUIDE: Record<Column, { zh: string; en: string; example: string }> = {
  type: { zh: 'UNIT（单位）或 USER（用户）', en: 'UNIT or USER', example: 'UNIT' },
  code: { zh: '单位编码，唯一；按编码匹配已有单位', en: 'unit code, unique; existing units are matched by it', example: 'donghe-liushu' },
  parent_code: { zh: '上级单位编码；空 = 顶级单位', en: 'code of the parent unit; empty = a top-level unit', example: 'donghe' },
  kind: { zh: '单位类型：COUNTY TOWN VILLAGE COMMUNITY DEPARTMENT PARTY_COMMITTEE BRANCH 或管理员添加的类型', en: 'unit kind: COUNTY TOWN VILLAGE COMMUNITY DEPARTMENT PARTY_COMMITTEE BRANCH or one an admin added', example: 'VILLAGE' },
  name_zh: { zh: '中文名称', en: 'Chinese name', example: '柳树村' },
  name_en: { zh: '英文名称', en: 'English name', example: 'Liushu Village' },
  sort_order: { zh: '排序号（整数，可空）', en: 'sort order (a whole number, optional)', example: '10' },
  email: { zh: '用户邮箱，唯一；按邮箱匹配已有用户', en: 'user email, unique; existing users are matched by it', example: 'chen.ming@qingshan.gov.cn' },
  name: { zh: '用户姓名', en: 'user name', example: '陈明' },
  phone: { zh: '电话（可空）', en: 'phone (optional)', example: '13800138000' },
  roles: { zh: '角色：单位编码:角色，多个用“;”分隔；角色为 ADMIN OPERATOR APPROVER VIEWER', en: 'roles: unit_code:ROLE separated by ";"; roles ADMIN OPERATOR APPROVER VIEWER', example: 'donghe:OPERATOR;donghe-liushu:VIEWER' },
};

function cellsOf(headers: string[], values: string[]): Partial<Record<Column, string>> {
  const cells: Partial<Record<Column, string>> = {};
  headers.forEach((header, i) => {
    if ((COLUMNS as readonly string[]).includes(header)) cells[header as Column] = (values[i] ?? '').trim();
  });
  return cells;
}

function tableOf(headerCells: string[], body: { row: number; values: string[] }[]): Table {
  const headers = headerCells.map((cell) => cell.trim().toLowerCase());
  const rows = body
    .filter(({ values }) => values.some((value) => value.trim() !== ''))
    .map(({ row, values }) => ({ row, cells: cellsOf(headers, values) }));
  return {
    rows,
    unknownColumns: headers.filter((header) => header !== '' && !(COLUMNS as readonly string[]).includes(header)),
    missingColumns: (['type', 'code'] as Column[]).filter((column) => !headers.includes(column)),
  };
}

function readCsv(content: Buffer): Table {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(content, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    throw new UnreadableFileError((error as Error).message);
  }
  if (records.length === 0) return { rows: [], unknownColumns: [], missingColumns: ['type', 'code'] };
  const [header, ...body] = records;
  return tableOf(header.record, body.map(({ record, info }) => ({ row: info.lines, values: record })));
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
  return '';
}

async function readXlsx(content: Buffer): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch (error) {
    throw new UnreadableFileError((error as Error).message);
  }
  const sheet = workbook.getWorksheet('organisation') ?? workbook.worksheets[0];
  if (!sheet) throw new UnreadableFileError('the workbook has no sheet');
  const lines: { row: number; values: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = [];
    for (let column = 1; column <= Math.max(row.cellCount, COLUMNS.length); column += 1) values.push(cellText(row.getCell(column).value));
    lines.push({ row: rowNumber, values });
  });
  if (lines.length === 0) return { rows: [], unknownColumns: [], missingColumns: ['type', 'code'] };
  const [header, ...body] = lines;
  // A header on row 1 is expected; a sheet may start lower, and then its rows count from there.
  return tableOf(header.values, body);
}

export async function readTable(content: Buffer, format: ImportFormat): Promise<Table> {
  return format === 'CSV' ? readCsv(content) : readXlsx(content);
}

export type TableValues = Partial<Record<Column, string | number>>;

export function writeCsv(rows: TableValues[]): string {
  return stringify(rows, { header: true, columns: [...COLUMNS], bom: true });
}

/** A workbook with the table on sheet "organisation" and a bilingual guide to its columns on a second sheet. */
export async function writeXlsx(rows: TableValues[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  // Fixed dates keep the generated sample the same from run to run.
  workbook.created = new Date('2026-01-01T00:00:00Z');
  workbook.modified = new Date('2026-01-01T00:00:00Z');
  workbook.creator = 'Phaseflow';
  const sheet = workbook.addWorksheet('organisation');
  sheet.columns = COLUMNS.map((key) => ({ header: key, key, width: key === 'roles' ? 48 : key.startsWith('name') || key === 'email' ? 28 : 16 }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.addRows(rows);
  const guide = workbook.addWorksheet('说明 Guide');
  guide.columns = [
    { header: '列 column', key: 'column', width: 14 },
    { header: '说明', key: 'zh', width: 60 },
    { header: 'Description', key: 'en', width: 70 },
    { header: '示例 example', key: 'example', width: 36 },
  ];
  guide.getRow(1).font = { bold: true };
  for (const column of COLUMNS) guide.addRow({ column, ...COLUMN_GUIDE[column] });
  guide.addRow({});
  guide.addRow({
    column: 'note',
    zh: '同一文件再次导入不会改变任何数据。导入只添加角色，不收回文件中没有的角色。导入的新用户没有可用密码，由管理员重置后登录。',
    en: 'Importing the same file again changes nothing. An import adds roles and never takes away roles the file does not list. New users get no usable password until an admin resets it.',
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
