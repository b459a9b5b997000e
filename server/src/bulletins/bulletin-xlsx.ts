import type { Locale } from '@phaseflow/forms';
import ExcelJS from 'exceljs';
import type { Bulletin } from '../db/entities';

const COLUMNS: { key: string; zh: string; en: string; width: number }[] = [
  { key: 'rank', zh: '排名', en: 'Rank', width: 8 },
  { key: 'unit', zh: '单位', en: 'Unit', width: 28 },
  { key: 'total', zh: '项目数', en: 'Projects', width: 10 },
  { key: 'completed', zh: '已完成', en: 'Completed', width: 10 },
  { key: 'cancelled', zh: '已取消', en: 'Cancelled', width: 10 },
  { key: 'completionRate', zh: '完成率', en: 'Completion rate', width: 14 },
  { key: 'completedInMonth', zh: '本月完成', en: 'Completed this month', width: 14 },
  { key: 'newInMonth', zh: '本月新增', en: 'New this month', width: 14 },
  { key: 'overdue', zh: '逾期', en: 'Overdue', width: 10 },
  { key: 'overdueDays', zh: '逾期总天数', en: 'Days overdue', width: 12 },
  { key: 'warning', zh: '预警', en: 'Warnings', width: 10 },
  { key: 'previousRank', zh: '上月排名', en: 'Last month’s rank', width: 14 },
  { key: 'rankChange', zh: '名次变化', en: 'Rank change', width: 12 },
  { key: 'rateChange', zh: '完成率变化', en: 'Rate change', width: 14 },
  { key: 'interview', zh: '约谈', en: 'Called in', width: 10 },
];

/** The ranking sheet of a bulletin, headed in the reader's language. */
export async function bulletinWorkbook(bulletin: Bulletin, typeName: string, scopeName: string, locale: Locale): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = bulletin.generatedAt;
  const sheet = workbook.addWorksheet(locale === 'zh' ? '排名' : 'Ranking', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const level = bulletin.level === 'TOWN' ? (locale === 'zh' ? '乡镇' : 'towns') : locale === 'zh' ? '部门' : 'departments';
  sheet.addRow([
    locale === 'zh'
      ? `${scopeName} ${bulletin.month} ${typeName}月度通报（${level}，截至 ${bulletin.month} 月末，${bulletin.timeZone}）`
      : `${scopeName} monthly bulletin ${bulletin.month}: ${typeName} (${level}, as of the end of the month, ${bulletin.timeZone})`,
  ]).font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, COLUMNS.length);
  const header = sheet.addRow(COLUMNS.map((column) => column[locale]));
  header.font = { bold: true };
  COLUMNS.forEach((column, index) => (sheet.getColumn(index + 1).width = column.width));
  const yes = locale === 'zh' ? '是' : 'yes';
  for (const row of bulletin.rows) {
    const added = sheet.addRow([
      row.rank,
      row.names[locale],
      row.total,
      row.completed,
      row.cancelled,
      row.completionRate,
      row.completedInMonth,
      row.newInMonth,
      row.overdue,
      row.overdueDays,
      row.warning,
      row.previousRank,
      row.rankChange,
      row.rateChange,
      row.interview ? yes : '',
    ]);
    added.getCell(6).numFmt = '0.0%';
    added.getCell(14).numFmt = '+0.0%;-0.0%;0.0%';
    if (row.interview) added.font = { color: { argb: 'FFB71C1C' }, bold: true };
  }
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
