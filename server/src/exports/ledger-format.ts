import { labelOf, type AttachmentRef, type FieldDefinition, type Locale, type LocalizedText } from '@phaseflow/forms';
import type { ProjectTypeDefinition, StageDefinition } from '@phaseflow/workflows';

const t = (zh: string, en: string): LocalizedText => ({ zh, en });

/** Column headings and value names of the ledger, in both languages. */
export const LEDGER_TEXT = {
  projectsSheet: t('项目台账', 'Projects'),
  code: t('编号', 'Code'),
  title: t('名称', 'Title'),
  unit: t('所属单位', 'Unit'),
  lead: t('牵头领导', 'Lead'),
  department: t('责任部门', 'Department'),
  team: t('工作班子', 'Team'),
  type: t('项目类型', 'Project type'),
  version: t('版本', 'Version'),
  stage: t('当前阶段', 'Current stage'),
  status: t('状态', 'Status'),
  dueAt: t('截止日期', 'Due date'),
  flag: t('预警', 'Flag'),
  designation: t('认定状态', 'Designation'),
  revision: t('修订号', 'Revision'),
  submittedAt: t('提交时间', 'Submitted at'),
  row: t('行号', 'Row'),
  links: t('链接', 'links'),
  yes: t('是', 'yes'),
  no: t('否', 'no'),
} as const;

export const STATUS_TEXT: Record<string, LocalizedText> = {
  ACTIVE: t('进行中', 'Active'),
  COMPLETED: t('已完成', 'Completed'),
  CANCELLED: t('已取消', 'Cancelled'),
};
export const FLAG_TEXT: Record<string, LocalizedText> = { WARNING: t('预警', 'Warning'), OVERDUE: t('逾期', 'Overdue') };
export const DESIGNATION_TEXT: Record<string, LocalizedText> = {
  DESIGNATED: t('已认定', 'Designated'),
  UNDER_REVIEW: t('复核中', 'Under review'),
  RECTIFYING: t('整改中', 'Rectifying'),
  EXPIRED: t('已失效', 'Expired'),
};

/** What one cell holds: text, a number, a date, or a file name linked to its download. */
export type CellValue = string | number | Date | null | { text: string; hyperlink: string };

/** Wall-clock time at a UTC offset, as a Date whose UTC fields read that time (spreadsheets have no time zones). */
export function localTime(instant: Date | string | null | undefined, utcOffsetMinutes: number): Date | null {
  if (!instant) return null;
  const at = new Date(instant);
  return Number.isNaN(at.getTime()) ? null : new Date(at.getTime() + utcOffsetMinutes * 60_000);
}

/** `2026-03-01 08:00` for CSV, from a local-time Date of `localTime`. */
export function dateText(local: Date | null, withTime = true): string {
  if (!local) return '';
  const iso = local.toISOString();
  return withTime ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}

/** A day (YYYY-MM-DD) from a form's date field, as a Date at midnight, or the text when it is not one. */
function dayOf(value: string): Date | string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00.000Z`) : value;
}

const optionLabel = (field: FieldDefinition, value: unknown, locale: Locale) => {
  const option = field.options?.find((o) => o.value === value);
  return option ? labelOf(option.label, locale) : String(value);
};

/** The attachment references of a value, ignoring anything that is not one. */
export function attachmentsOf(value: unknown): AttachmentRef[] {
  return Array.isArray(value) ? value.filter((ref): ref is AttachmentRef => typeof ref?.id === 'string' && typeof ref?.name === 'string') : [];
}

export const attachmentUrl = (baseUrl: string, id: string) => `${baseUrl}/attachments/${encodeURIComponent(id)}`;

/**
 * The cells a field's value takes in the ledger: selects by their labels, booleans as 是/否 (yes/no),
 * dates as dates, attachments as the file names (linked when there is one file) and then a column
 * of download links. Tables are not cells (they get sheets of their own).
 */
export function fieldCells(field: FieldDefinition, value: unknown, locale: Locale, baseUrl: string): CellValue[] {
  if (field.type === 'attachment') {
    const files = attachmentsOf(value);
    const urls = files.map((file) => attachmentUrl(baseUrl, file.id));
    const names = files.length === 1 ? { text: files[0].name, hyperlink: urls[0] } : files.map((file) => file.name).join('\n') || null;
    return [names, urls.join('\n') || null];
  }
  if (value === undefined || value === null || value === '') return [null];
  switch (field.type) {
    case 'boolean':
      return [typeof value === 'boolean' ? LEDGER_TEXT[value ? 'yes' : 'no'][locale] : String(value)];
    case 'singleSelect':
      return [optionLabel(field, value, locale)];
    case 'multiSelect':
      return [Array.isArray(value) ? value.map((v) => optionLabel(field, v, locale)).join('、') : String(value)];
    case 'date':
      return [typeof value === 'string' ? dayOf(value) : String(value)];
    case 'number':
    case 'integer':
    case 'indicator':
      return [typeof value === 'number' ? value : String(value)];
    default:
      return [typeof value === 'string' ? value : JSON.stringify(value)];
  }
}

/** The headings a field takes: its label, and for attachments a second column for the links. */
export function fieldHeadings(field: FieldDefinition, locale: Locale): string[] {
  const label = labelOf(field.label, locale);
  return field.type === 'attachment' ? [label, `${label} ${LEDGER_TEXT.links[locale]}`] : [label];
}

/** A cell as CSV text. */
export function csvText(cell: CellValue, withTime = true): string {
  if (cell === null) return '';
  if (cell instanceof Date) return dateText(cell, withTime);
  if (typeof cell === 'object') return cell.text;
  return String(cell);
}

/** Every stage a type's projects fill in, in order: its stages, then the re-review and its rectification. */
export function stagesOf(definition: ProjectTypeDefinition): StageDefinition[] {
  return [...definition.stages, ...(definition.review ? [definition.review.stage, definition.review.rectifyStage] : [])];
}

/**
 * The columns of a stage across the versions of a type: every field of the newest version that has
 * the stage, then fields only older versions had, by key; labels from the newest version.
 */
export function unionFields(definitions: ProjectTypeDefinition[], stageKey: string): FieldDefinition[] {
  const newestFirst = [...definitions].sort((a, b) => b.version - a.version);
  const fields = new Map<string, FieldDefinition>();
  for (const definition of newestFirst) {
    const stage = stagesOf(definition).find((s) => s.key === stageKey);
    for (const field of stage?.form.fields ?? []) if (!fields.has(field.key)) fields.set(field.key, field);
  }
  return [...fields.values()];
}

/** The stages of a type across versions, newest version's order first, then stages only older versions had. */
export function unionStages(definitions: ProjectTypeDefinition[]): StageDefinition[] {
  const newestFirst = [...definitions].sort((a, b) => b.version - a.version);
  const stages = new Map<string, StageDefinition>();
  for (const definition of newestFirst) for (const stage of stagesOf(definition)) if (!stages.has(stage.key)) stages.set(stage.key, stage);
  return [...stages.values()];
}

const MAX_SHEET_NAME = 31;

/**
 * Names sheets as Excel allows: at most 31 characters, none of `[]:*?/\`, not starting or ending
 * with an apostrophe, unique regardless of case (a clash gets ` (2)`, ` (3)`...).
 */
export function sheetNamer(): (wanted: string) => string {
  const taken = new Set<string>();
  return (wanted) => {
    const clean = wanted.replace(/[[\]:*?/\\]/g, '-').replace(/^'+|'+$/g, '').trim() || 'Sheet';
    let name = [...clean].slice(0, MAX_SHEET_NAME).join('');
    for (let n = 2; taken.has(name.toLowerCase()); n += 1) {
      const suffix = ` (${n})`;
      name = [...clean].slice(0, MAX_SHEET_NAME - suffix.length).join('') + suffix;
    }
    taken.add(name.toLowerCase());
    return name;
  };
}

/** The path of a unit from the root, `青山县 / 东河镇 / 柳树村`, from its materialised path of ids. */
export function unitPathText(path: string, names: Map<string, LocalizedText>, locale: Locale): string {
  return path
    .split('/')
    .filter(Boolean)
    .map((id) => {
      const name = names.get(id);
      return name ? labelOf(name, locale) : id;
    })
    .join(' / ');
}

/** The export's file name, `台账-2026-12-02.xlsx`, as a Content-Disposition value (RFC 6266 with RFC 5987 UTF-8). */
export function contentDisposition(locale: Locale, day: string, extension: 'xlsx' | 'csv'): string {
  const name = `${locale === 'zh' ? '台账' : 'ledger'}-${day}.${extension}`;
  return `attachment; filename="ledger-${day}.${extension}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
