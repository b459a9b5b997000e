/**
 * Bulk loader for the export bench: a county with 13 towns, 130 villages and 10 departments, 100
 * users (one admin of the county, password `phaseflow`), both demo project types as published
 * version 1, and `projects` projects spread over the villages, half of each type. Four in five are
 * COMPLETED with every stage's form submitted; the others are ACTIVE at their third stage with the
 * first two submitted (some flagged WARNING or OVERDUE). Site reviews carry a table of 5 activities
 * and an attachment reference. Everything is written by a few set-based SQL statements
 * (generate_series), not through the API or Temporal, so 10,000 projects load in seconds; the rows
 * are what the read model would hold, which is all the export reads.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../server/src/auth/password';
import { fivePhaseType } from '../../server/src/db/seed/five-phase.type';
import { siteReviewType } from '../../server/src/db/seed/site-review.type';

export const BENCH_ADMIN = 'bench.admin@phaseflow.local';
export const BENCH_PASSWORD = 'phaseflow';

const FIVE_PHASE_DATA: Record<string, Record<string, unknown>> = {
  planned: { goal: '建设党群服务中心，服务群众', category: 'party', budget: 50, startDate: '2026-03-01' },
  arranged: { milestones: '三月设计，六月施工，九月使用', contact: '王主任', contactPhone: '13800138000', teamSize: 4, plannedEndDate: '2026-09-30' },
  implemented: { progress: 100, spent: 45.5, summary: '主体工程完工，设施到位', obstacles: ['funding'] },
  assessed: { score: 92, grade: 'excellent' },
  applied: { outcome: '经验在全县推广，形成可复制做法', replicable: true },
};

const SITE_REVIEW_DATA: Record<string, Record<string, unknown>> = {
  apply: {
    siteName: '柳树村党群服务中心',
    contactEmail: 'site@example.org',
    contactPhone: '13800138000',
    website: 'https://example.org/site',
    activities: Array.from({ length: 5 }, (_, i) => ({ name: `主题党日活动 ${i + 1}`, date: `2026-0${i + 3}-15`, participants: 20 + i * 5 })),
    totalParticipants: 150,
    evidence: [{ id: randomUUID(), name: '活动照片.pdf', size: 204_800, contentType: 'application/pdf' }],
  },
  score: { organisation: 8, service: 9, innovation: 7, passed: true },
  designate: { level: 'county', remarks: '达到县级示范点标准，予以认定' },
};

export async function loadLedgerData(orm: MikroORM, projects: number): Promise<void> {
  const conn = orm.em.getConnection();
  const county = randomUUID();
  await conn.execute(`insert into unit (id, code, name_zh, name_en, kind, parent_id, path) values (?, 'bench', '青山县', 'Qingshan County', 'COUNTY', null, ?)`, [county, `/${county}/`]);
  await conn.execute(
    `insert into unit (id, code, name_zh, name_en, kind, parent_id, path, sort_order)
     select id, 'town-' || n, '第' || n || '镇', 'Town ' || n, 'TOWN', ?, ? || id || '/', n
       from (select gen_random_uuid() as id, n from generate_series(1, 13) n) t`,
    [county, `/${county}/`],
  );
  await conn.execute(
    `insert into unit (id, code, name_zh, name_en, kind, parent_id, path, sort_order)
     select gen_random_uuid(), 'village-' || t.sort_order || '-' || n, t.name_zh || n || '村', 'Village ' || n || ', ' || t.name_en, 'VILLAGE', t.id, t.path, n
       from unit t cross join generate_series(1, 10) n where t.kind = 'TOWN'`,
  );
  await conn.execute(`update unit set path = path || id || '/' where kind = 'VILLAGE'`);
  await conn.execute(
    `insert into unit (id, code, name_zh, name_en, kind, parent_id, path, sort_order)
     select id, 'dept-' || n, '第' || n || '部门', 'Department ' || n, 'DEPARTMENT', ?, ? || id || '/', n
       from (select gen_random_uuid() as id, n from generate_series(1, 10) n) d`,
    [county, `/${county}/`],
  );
  const hash = await hashPassword(BENCH_PASSWORD);
  const admin = randomUUID();
  await conn.execute(`insert into app_user (id, email, name, password_hash) values (?, ?, '基准管理员', ?)`, [admin, BENCH_ADMIN, hash]);
  await conn.execute(`insert into role_assignment (id, user_id, unit_id, role) values (?, ?, ?, 'admin')`, [randomUUID(), admin, county]);
  await conn.execute(
    `insert into app_user (id, email, name, password_hash) select gen_random_uuid(), 'bench' || n || '@phaseflow.local', '成员' || n, '!unusable' from generate_series(1, 99) n`,
  );
  for (const type of [fivePhaseType, siteReviewType]) {
    await conn.execute(`insert into project_type (id, key, version, name, definition) values (?, ?, 1, cast(? as jsonb), cast(? as jsonb))`, [
      randomUUID(),
      type.key,
      JSON.stringify(type.name),
      JSON.stringify(type),
    ]);
  }

  // Projects: type by parity, village, lead and department round-robin; every fifth ACTIVE at its third stage.
  await conn.execute(
    `with v as (select array_agg(id order by code) ids from unit where kind = 'VILLAGE'),
          d as (select array_agg(id order by code) ids from unit where kind = 'DEPARTMENT'),
          u as (select array_agg(id order by email) ids from app_user),
          t as (select key, id, definition from project_type)
     insert into project (id, code, title, type_id, type_key, type_version, unit_id, lead_id, department_id, status, current_stage_key,
                          workflow_id, roles, last_seq, created_by, created_at, updated_at, flag)
     select gen_random_uuid(), 'BENCH-' || lpad(n::text, 6, '0'), '基准项目 ' || n, t.id, t.key, 1,
            v.ids[1 + n % array_length(v.ids, 1)], u.ids[1 + n % array_length(u.ids, 1)], d.ids[1 + n % array_length(d.ids, 1)],
            case when n % 5 = 0 then 'ACTIVE' else 'COMPLETED' end,
            case when n % 5 = 0 then t.definition -> 'stages' -> 2 ->> 'key' end,
            'bench-' || n, '{}'::jsonb, 10, ?, now() - (n || ' minutes')::interval, now() - (n || ' minutes')::interval,
            case when n % 5 = 0 and n % 3 = 0 then 'WARNING' when n % 5 = 0 and n % 7 = 0 then 'OVERDUE' end
       from generate_series(1, ?) n, v, d, u, t
      where t.key = case when n % 2 = 0 then 'five-phase' else 'site-review' end`,
    [admin, projects],
  );
  await conn.execute(
    `with u as (select array_agg(id order by email) ids from app_user)
     insert into project_member (project_id, user_id)
     select p.id, u.ids[1 + (hashtext(p.code) & 1023) % array_length(u.ids, 1)] from project p, u
     union
     select p.id, u.ids[1 + ((hashtext(p.code) >> 10) & 1023) % array_length(u.ids, 1)] from project p, u`,
  );
  await conn.execute(
    `insert into project_stage (id, project_id, stage_key, position, status, opened_at, due_at, overdue, warning)
     select gen_random_uuid(), id, current_stage_key, 2, 'OPEN', created_at, created_at + interval '20 days', coalesce(flag = 'OVERDUE', false), coalesce(flag = 'WARNING', false)
       from project where status = 'ACTIVE'`,
  );
  const stages = [
    ...fivePhaseType.stages.map((stage, position) => ({ typeKey: fivePhaseType.key, key: stage.key, position, data: FIVE_PHASE_DATA[stage.key] })),
    ...siteReviewType.stages.flatMap((stage, position) => (SITE_REVIEW_DATA[stage.key] ? [{ typeKey: siteReviewType.key, key: stage.key, position, data: SITE_REVIEW_DATA[stage.key] }] : [])),
  ];
  for (const stage of stages) {
    await conn.execute(
      `insert into submission (id, project_id, stage_key, revision, status, data, author_id, seq, created_at)
       select gen_random_uuid(), id, ?, 1, 'SUBMITTED', cast(? as jsonb), lead_id, ?, created_at + (? || ' days')::interval
         from project where type_key = ? and (status = 'COMPLETED' or ? < 2)`,
      [stage.key, JSON.stringify(stage.data), stage.position + 1, stage.position + 1, stage.typeKey, stage.position],
    );
  }
  await conn.execute('analyze');
}
