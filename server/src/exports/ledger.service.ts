import type { EntityManager } from '@mikro-orm/postgresql';
import { labelOf, type FieldDefinition, type LocalizedText } from '@phaseflow/forms';
import type { ProjectTypeDefinition } from '@phaseflow/workflows';
import type { Principal } from '../access/principal';
import { ProjectTypeSchema, type Project } from '../db/entities';
import { filteredProjects, orderedAfter, sortKeysOf, type ProjectFilter, type ProjectOrder } from '../projects/project-query';
import {
  DESIGNATION_TEXT,
  FLAG_TEXT,
  LEDGER_TEXT,
  STATUS_TEXT,
  fieldCells,
  fieldHeadings,
  localTime,
  sheetNamer,
  stagesOf,
  unionFields,
  unionStages,
  unitPathText,
  type CellValue,
} from './ledger-format';
import type { LedgerRequest } from './ledger-request';
import type { LedgerSheet } from './ledger-writer';

export interface LedgerOptions {
  /** `https://host`: attachment links in the workbook are absolute URLs to `/attachments/:id`. */
  baseUrl: string;
  /** Local time of dates in the workbook (China: 480). */
  utcOffsetMinutes: number;
  /** Projects read per page (per statement). */
  pageSize?: number;
  /** Projects created after this instant are left out, so that every sheet lists the same projects. */
  asOf?: Date;
  signal?: AbortSignal;
  /** Called with every SQL statement the export runs (for counting them in tests and the bench). */
  onStatement?: (sql: string) => void;
}

export const DEFAULT_PAGE_SIZE = 500;

type Row = Record<string, unknown>;
const placeholders = (values: unknown[]) => values.map(() => '?').join(', ');

/**
 * Reads one page ahead of the consumer: the next page's statements run in PostgreSQL while this
 * page's rows are written. One page more in memory, no more.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let pending = iterator.next();
  try {
    for (;;) {
      const result = await pending;
      if (result.done) return;
      pending = iterator.next();
      yield result.value;
    }
  } finally {
    // Let the page in flight settle before the generator is closed (a cancelled export ends here).
    await pending.catch(() => undefined);
    await iterator.return?.();
  }
}

/**
 * The ledger (台账) of the projects the principal may list, narrowed by the `projects` query's own
 * filter code: the projects sheet, then per project type and stage the latest submitted form data,
 * then each table field as a sheet of its own keyed by project code. Every sheet reads the projects in
 * keyset pages and batches its lookups per page (a fixed number of statements per page); the writer
 * pulls a page only when the output has taken the previous one.
 */
export class Ledger {
  private readonly pageSize: number;
  private readonly asOf: Date;
  private readonly unitNames = new Map<string, LocalizedText>();
  private readonly userNames = new Map<string, string>();
  private readonly types = new Map<string, { key: string; version: number; definition: ProjectTypeDefinition }>();
  /** Type ids met on the projects sheet, so the later sheets cover exactly those types. */
  private readonly seenTypeIds = new Set<string>();

  constructor(
    private readonly em: EntityManager,
    private readonly principal: Principal,
    private readonly request: LedgerRequest,
    private readonly options: LedgerOptions,
  ) {
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.asOf = options.asOf ?? new Date();
  }

  private get locale() {
    return this.request.locale;
  }

  private async execute<T extends Row>(sql: string, params: unknown[]): Promise<T[]> {
    if (this.options.signal?.aborted) throw new Error('the export was cancelled');
    this.options.onStatement?.(sql);
    return this.em.getConnection().execute<T[]>(sql, params);
  }

  /** The projects of the filter, the ones the principal may list, created by `asOf`. */
  private projects(em: EntityManager, filter: ProjectFilter, extra?: { sql: string; params: unknown[] }) {
    const qb = filteredProjects(em, this.principal, filter).andWhere({ createdAt: { $lte: this.asOf } });
    if (extra) qb.andWhere(extra.sql, extra.params);
    return qb;
  }

  /** How many projects the projects sheet will list. */
  async total(): Promise<number> {
    this.options.onStatement?.('count');
    return this.projects(this.em.fork(), this.request.filter).getCount();
  }

  /** Pages of projects in the request's order; a fresh entity manager per page, so memory stays flat. */
  private async *projectPages(filter: ProjectFilter, extra?: { sql: string; params: unknown[] }): AsyncGenerator<Project[]> {
    const order: ProjectOrder = this.request.order;
    let last: { value: string; id: string } | null = null;
    for (;;) {
      if (this.options.signal?.aborted) return;
      const em = this.em.fork();
      this.options.onStatement?.('projects page');
      // Plain rows, not managed entities: nothing to track, far less to allocate per page.
      const page = await orderedAfter(this.projects(em, filter, extra), order, last, this.request.locale).limit(this.pageSize).execute<Project[]>('all', true);
      if (page.length === 0) return;
      yield page;
      if (page.length < this.pageSize) return;
      const end: Project = page[page.length - 1];
      // The sort key as PostgreSQL prints it, so the next page starts exactly after this one.
      this.options.onStatement?.('sort key');
      last = { value: (await sortKeysOf(em, order, this.request.locale, [end.id])).get(end.id) ?? '', id: end.id };
    }
  }

  /** Names of units (with the ancestors on their paths) and users not read yet, one statement each. */
  private async loadNames(unitIds: string[], userIds: string[]): Promise<void> {
    const units = [...new Set(unitIds)].filter((id) => !this.unitNames.has(id));
    if (units.length > 0) {
      const rows = await this.execute<{ id: string; name_zh: string; name_en: string }>(`select id, name_zh, name_en from unit where id in (${placeholders(units)})`, units);
      for (const row of rows) this.unitNames.set(row.id, { zh: row.name_zh, en: row.name_en });
    }
    const users = [...new Set(userIds)].filter((id) => !this.userNames.has(id));
    if (users.length > 0) {
      const rows = await this.execute<{ id: string; name: string }>(`select id, name from app_user where id in (${placeholders(users)})`, users);
      for (const row of rows) this.userNames.set(row.id, row.name);
    }
  }

  /** Published versions not read yet, one statement. */
  private async loadTypes(typeIds: string[]): Promise<void> {
    const missing = [...new Set(typeIds)].filter((id) => !this.types.has(id));
    if (missing.length === 0) return;
    this.options.onStatement?.('types');
    const rows = await this.em.fork().find(ProjectTypeSchema, { id: { $in: missing } });
    for (const row of rows) this.types.set(row.id, { key: row.key, version: row.version, definition: row.definition });
  }

  private unitName(id: string): string {
    const name = this.unitNames.get(id);
    return name ? labelOf(name, this.locale) : '';
  }

  /** The projects sheet: one row per project. */
  projectsSheet(): LedgerSheet {
    const text = (key: keyof typeof LEDGER_TEXT) => LEDGER_TEXT[key][this.locale];
    const headings = [text('code'), text('title'), text('unit'), text('lead'), text('department'), text('team'), text('type'), text('version'), text('stage'), text('status'), text('dueAt'), text('flag'), text('designation')];
    return {
      name: text('projectsSheet'),
      headings,
      widths: [16, 32, 36, 10, 20, 24, 20, 6, 12, 8, 16, 8, 10],
      pages: () => this.projectRows(),
    };
  }

  private async *projectRows(): AsyncGenerator<CellValue[][]> {
    for await (const page of this.projectPages(this.request.filter)) {
      const ids = page.map((project) => project.id);
      const [members, stages] = await Promise.all([
        this.execute<{ project_id: string; user_id: string }>(`select project_id, user_id from project_member where project_id in (${placeholders(ids)})`, ids),
        this.execute<{ project_id: string; due_at: Date | string | null }>(
          `select ps.project_id, ps.due_at from project_stage ps join project p on p.id = ps.project_id and ps.stage_key = p.current_stage_key where p.id in (${placeholders(ids)})`,
          ids,
        ),
      ]);
      const unitIds = page.flatMap((project) => [project.departmentId, project.unitId]);
      const paths = await this.execute<{ id: string; path: string }>(`select id, path from unit where id in (${placeholders([...new Set(unitIds)])})`, [...new Set(unitIds)]);
      const pathOf = new Map(paths.map((row) => [row.id, row.path]));
      const ancestors = paths.flatMap((row) => row.path.split('/').filter(Boolean));
      await Promise.all([
        this.loadNames([...unitIds, ...ancestors], [...page.map((project) => project.leadId), ...members.map((m) => m.user_id)]),
        this.loadTypes(page.map((project) => project.typeId)),
      ]);
      const team = new Map<string, string[]>();
      for (const member of members) team.set(member.project_id, [...(team.get(member.project_id) ?? []), this.userNames.get(member.user_id) ?? '']);
      const dueAt = new Map(stages.map((row) => [row.project_id, row.due_at]));
      yield page.map((project) => {
        this.seenTypeIds.add(project.typeId);
        const type = this.types.get(project.typeId)?.definition;
        const stage = type && project.currentStageKey ? stagesOf(type).find((s) => s.key === project.currentStageKey) : undefined;
        return [
          project.code,
          project.title,
          unitPathText(pathOf.get(project.unitId) ?? `/${project.unitId}/`, this.unitNames, this.locale),
          this.userNames.get(project.leadId) ?? '',
          this.unitName(project.departmentId),
          (team.get(project.id) ?? []).sort().join(this.locale === 'zh' ? '、' : ', '),
          type ? labelOf(type.name, this.locale) : project.typeKey,
          project.typeVersion,
          stage ? labelOf(stage.name, this.locale) : (project.currentStageKey ?? ''),
          STATUS_TEXT[project.status]?.[this.locale] ?? project.status,
          project.status === 'ACTIVE' ? localTime(dueAt.get(project.id), this.options.utcOffsetMinutes) : null,
          project.status === 'ACTIVE' && project.flag ? (FLAG_TEXT[project.flag]?.[this.locale] ?? project.flag) : null,
          project.designationStatus ? (DESIGNATION_TEXT[project.designationStatus]?.[this.locale] ?? project.designationStatus) : null,
        ];
      });
    }
  }

  /**
   * The sheets after the projects sheet, for the types met there: per stage the latest submitted
   * form data, then each table field of it. Call after the projects sheet has been read.
   */
  dataSheets(name: (wanted: string) => string): LedgerSheet[] {
    const byKey = new Map<string, ProjectTypeDefinition[]>();
    for (const id of this.seenTypeIds) {
      const type = this.types.get(id);
      if (type) byKey.set(type.key, [...(byKey.get(type.key) ?? []), type.definition]);
    }
    const several = byKey.size > 1;
    const sheets: LedgerSheet[] = [];
    for (const [typeKey, definitions] of [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const newest = [...definitions].sort((a, b) => b.version - a.version)[0];
      const prefix = several ? `${labelOf(newest.name, this.locale)}-` : '';
      for (const stage of unionStages(definitions)) {
        const fields = unionFields(definitions, stage.key);
        const stageName = labelOf(stage.name, this.locale);
        const cellsFields = fields.filter((field) => field.type !== 'table');
        const text = (key: keyof typeof LEDGER_TEXT) => LEDGER_TEXT[key][this.locale];
        sheets.push({
          name: name(`${prefix}${stageName}`),
          headings: [text('code'), text('title'), text('version'), text('revision'), text('submittedAt'), ...cellsFields.flatMap((field) => fieldHeadings(field, this.locale))],
          widths: [16, 32, 6, 6, 16],
          pages: () => this.stageRows(typeKey, stage.key, cellsFields),
        });
        for (const table of fields.filter((field) => field.type === 'table')) {
          const columns = table.columns ?? [];
          sheets.push({
            name: name(`${prefix}${stageName}-${labelOf(table.label, this.locale)}`),
            headings: [text('code'), text('row'), ...columns.flatMap((column) => fieldHeadings(column, this.locale))],
            widths: [16, 6],
            pages: () => this.tableRows(typeKey, stage.key, table),
          });
        }
      }
    }
    return sheets;
  }

  /** Pages of (project, latest submitted data of the stage), for the projects of the type that have one: two statements a page. */
  private async *submittedPages(typeKey: string, stageKey: string): AsyncGenerator<{ project: Project; revision: number; at: Date | string; data: Row }[]> {
    const filter: ProjectFilter = { ...this.request.filter, typeKey };
    if (this.request.filter.typeKey && this.request.filter.typeKey !== typeKey) return;
    const submitted = { sql: "exists (select 1 from submission s where s.project_id = p.id and s.stage_key = ? and s.status = 'SUBMITTED')", params: [stageKey] };
    for await (const page of this.projectPages(filter, submitted)) {
      const ids = page.map((project) => project.id);
      const rows = await this.execute<{ project_id: string; revision: number; created_at: Date | string; data: Row | string }>(
        `select distinct on (project_id) project_id, revision, created_at, data from submission
          where project_id in (${placeholders(ids)}) and stage_key = ? and status = 'SUBMITTED'
          order by project_id, revision desc`,
        [...ids, stageKey],
      );
      const latest = new Map(rows.map((row) => [row.project_id, row]));
      yield page.flatMap((project) => {
        const row = latest.get(project.id);
        if (!row) return [];
        const data = (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Row;
        return [{ project, revision: row.revision, at: row.created_at, data }];
      });
    }
  }

  /** The field of the project's own version where it has one (its options and type), else the column's. */
  private fieldFor(project: Project, stageKey: string, field: FieldDefinition, tableKey?: string): FieldDefinition {
    const definition = this.types.get(project.typeId)?.definition;
    const stage = definition ? stagesOf(definition).find((s) => s.key === stageKey) : undefined;
    let own = stage?.form.fields.find((f) => f.key === (tableKey ?? field.key));
    if (tableKey) own = own?.columns?.find((c) => c.key === field.key);
    return own && own.type === field.type ? own : field;
  }

  private async *stageRows(typeKey: string, stageKey: string, fields: FieldDefinition[]): AsyncGenerator<CellValue[][]> {
    for await (const page of this.submittedPages(typeKey, stageKey)) {
      yield page.map(({ project, revision, at, data }) => [
        project.code,
        project.title,
        project.typeVersion,
        revision,
        localTime(at, this.options.utcOffsetMinutes),
        ...fields.flatMap((field) => fieldCells(this.fieldFor(project, stageKey, field), data[field.key], this.locale, this.options.baseUrl)),
      ]);
    }
  }

  private async *tableRows(typeKey: string, stageKey: string, table: FieldDefinition): AsyncGenerator<CellValue[][]> {
    const columns = table.columns ?? [];
    for await (const page of this.submittedPages(typeKey, stageKey)) {
      yield page.flatMap(({ project, data }) => {
        const rows = Array.isArray(data[table.key]) ? (data[table.key] as Row[]) : [];
        return rows.map((row, i) => [
          project.code,
          i + 1,
          ...columns.flatMap((column) => fieldCells(this.fieldFor(project, stageKey, column, table.key), row?.[column.key], this.locale, this.options.baseUrl)),
        ]);
      });
    }
  }

  /** Every sheet in order: the projects, then (once they have been read) the data sheets. */
  async *sheets(): AsyncGenerator<LedgerSheet> {
    const name = sheetNamer();
    const projects = this.projectsSheet();
    yield { ...projects, name: name(projects.name), pages: () => readAhead(projects.pages()) };
    for (const sheet of this.dataSheets(name)) yield { ...sheet, pages: () => readAhead(sheet.pages()) };
  }
}
