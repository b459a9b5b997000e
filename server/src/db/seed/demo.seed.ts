import type { EntityManager } from '@mikro-orm/postgresql';
import type { FormData } from '@phaseflow/forms';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../../config';
import { readAppState, writeAppState } from '../app-state';
import { importTable } from '../../org/import/import.service';
import { readTable } from '../../org/import/import-table';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-users';
import { hashPassword } from '../../auth/password';
import { decideGate, startProject, submitStageForm } from '../../projects/project.service';
import type { Services } from '../../services';
import { loadPrincipal } from '../../auth/authenticate';
import type { Principal } from '../../access/principal';
import { AuditEventSchema, ProjectSchema, ProjectTypeSchema, RoleAssignmentSchema, UnitSchema, UserSchema } from '../entities';
import { demoSiteType } from './demo-site.type';
import { fivePhaseType } from './five-phase.type';
import { siteReviewType } from './site-review.type';

export { DEMO_PASSWORD, DEMO_USERS } from './demo-users';

/** The sample organisation the repo ships (server/scripts/generate-sample-org.ts writes it). */
export const SAMPLE_ORGANISATION_CSV = join(findRepoRoot(), 'server', 'data', 'sample-organisation.csv');

/** Valid sample data for each stage of the default type. */
export function sampleStageData(stageKey: string, n: number): FormData {
  switch (stageKey) {
    case 'planned':
      return {
        goal: `建设村级党群服务中心，提升服务群众能力（第 ${n} 号）`,
        category: ['party', 'infrastructure', 'industry', 'service'][n % 4],
        budget: 20 + n * 5,
        startDate: '2026-03-01',
        demonstrationSite: n % 3 === 0,
      };
    case 'arranged':
      return {
        milestones: '3 月完成设计，6 月完成施工，9 月投入使用',
        contact: '王主任',
        contactPhone: '13800138000',
        teamSize: 3 + (n % 5),
        plannedEndDate: '2026-09-30',
      };
    case 'implemented':
      return { progress: 100, spent: 18 + n * 4, summary: '主体工程已完工，配套设施到位', obstacles: n % 2 ? ['funding'] : [] };
    case 'assessed':
      return { score: 80 + (n % 20), grade: n % 4 === 0 ? 'excellent' : 'good', assessorComment: '达到预期目标' };
    case 'applied':
      return { outcome: '经验在全县推广，形成可复制做法', replicable: true, beneficiaries: 500 + n * 10 };
    default:
      return {};
  }
}

/**
 * Writes the default types and the demo organisation when the database has no users: the sample
 * organisation file, through the same import as an admin's, then the demo password for the demo logins.
 */
export async function seedOrganisation(em: EntityManager): Promise<boolean> {
  if ((await em.count(UserSchema, {})) > 0) return false;
  const table = await readTable(readFileSync(SAMPLE_ORGANISATION_CSV), 'CSV');
  await em.transactional(async (tx) => {
    const { plan } = await importTable(tx, table, { importer: { kind: 'system' }, dryRun: false });
    if (plan.problems.length > 0) {
      throw new Error(`the sample organisation has problems: ${plan.problems.slice(0, 5).map((p) => `row ${p.row} ${p.column}: ${p.message.en}`).join('; ')}`);
    }
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await tx.nativeUpdate(UserSchema, { email: { $in: DEMO_USERS.map((user) => user.email) } }, { passwordHash });
  });
  return true;
}

/** The demo's project types. */
export const DEMO_TYPES = [fivePhaseType, siteReviewType, demoSiteType];

/**
 * Writes each demo type whose key the database does not have yet (so also into a database seeded by an
 * older version); a type an admin has since changed or archived is left as it is. Answers how many it wrote.
 */
export async function ensureDemoTypes(em: EntityManager): Promise<number> {
  let written = 0;
  await em.transactional(async (tx) => {
    for (const type of DEMO_TYPES) {
      if ((await tx.count(ProjectTypeSchema, { key: type.key })) === 0) {
        tx.create(ProjectTypeSchema, { id: randomUUID(), key: type.key, version: type.version, name: type.name, definition: type });
        written += 1;
      }
    }
  });
  return written;
}

const PROJECT_TITLES = [
  '柳树村党群服务中心建设',
  '石桥村人居环境整治',
  '桃源村茶叶合作社',
  '南山村便民服务站',
  '东河镇党员先锋岗',
  '西岭镇智慧党建平台',
  '柳树村产业路硬化',
  '石桥村文化广场',
  '桃源村电商服务点',
  '南山村养老互助点',
  '东河镇示范点复评准备',
  '县直机关党建示范点',
];

/** How far each demo project gets: number of approved gates (5 = completed). */
const PROGRESS = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 1];
const UNIT_CODES = ['donghe', 'donghe', 'xiling', 'xiling', 'donghe', 'xiling', 'donghe', 'donghe', 'xiling', 'xiling', 'donghe', 'qingshan'];

/** More projects across the other towns, decided by those towns' own approvers. */
const TOWN_PROJECTS: [title: string, unitCode: string, approvals: number][] = [
  ['南坪镇产业园区党建联建', 'nanping', 2],
  ['北山镇乡村振兴示范带', 'beishan', 1],
  ['河口镇渔港码头改造', 'hekou', 0],
  ['龙泉镇温泉小镇建设', 'longquan', 3],
  ['白沙镇垃圾分类试点', 'baisha', 1],
  ['青石镇便民服务中心', 'qingshi', 0],
  ['清溪镇清溪河生态治理', 'qingxi', 2],
  ['枫林乡油茶基地建设', 'fenglin', 0],
];

/** `app_state` key recording that the demo projects are all in place. */
export const DEMO_PROJECTS_SEEDED = 'seed:demo-projects';

export interface SeedProgress {
  /** Demo projects started by this run. */
  started: number;
  /** Demo projects a run before had started (a seed that stopped half way resumes from them). */
  resumed: number;
}

/**
 * Starts twenty demo projects, in the demo towns and across the others, through the real workflow path (start, submit, approve), so that
 * their workflows and the read model agree. Needs a running worker.
 *
 * Resumable: every step carries a request id of its own, so a run that stopped half way (a crash, a
 * Temporal outage) carries on at the next start where it stopped: a project already there (found by
 * its title and unit, so also those of a run before request ids) is not started again, and a step
 * already taken answers as it did. Once all are in place, `app_state` says so and later starts skip it.
 */
export async function seedProjects(services: Services): Promise<SeedProgress> {
  const em = services.orm.em.fork();
  if (await readAppState(em, DEMO_PROJECTS_SEEDED)) return { started: 0, resumed: 0 };
  const users = new Map((await em.find(UserSchema, {})).map((user) => [user.email, user]));
  const units = new Map((await em.find(UnitSchema, {})).map((unit) => [unit.code, unit]));
  const principalOf = async (email: string): Promise<Principal> => (await loadPrincipal(services.orm, users.get(email)!.id))!.principal;
  const session = (principal: Principal) => ({ principal, em: services.orm.em.fork(), locale: 'zh' as const, services });
  const operator = await principalOf('operator@phaseflow.local');
  const demoApprover = await principalOf('approver@phaseflow.local');
  const lead = await principalOf('lead@phaseflow.local');
  const projects = [
    ...PROJECT_TITLES.map((title, i) => ({ title, unitCode: UNIT_CODES[i], approvals: PROGRESS[i] })),
    ...TOWN_PROJECTS.map(([title, unitCode, approvals]) => ({ title, unitCode, approvals })),
  ];
  const progress: SeedProgress = { started: 0, resumed: 0 };
  for (const [i, { title, unitCode, approvals }] of projects.entries()) {
    const unit = units.get(unitCode)!;
    const existing = await em.findOne(ProjectSchema, { title, unitId: unit.id, createdBy: operator.id }, { orderBy: { createdAt: 'asc' } });
    if (existing) progress.resumed += 1;
    else progress.started += 1;
    // The demo approver signs in the demo towns; elsewhere the first approver the town has.
    const unitApprovers = (await em.find(RoleAssignmentSchema, { unitId: unit.id, role: 'approver' })).map((assignment) => assignment.userId).sort();
    const approver = unitApprovers.includes(demoApprover.id) || unitApprovers.length === 0 ? demoApprover : (await loadPrincipal(services.orm, unitApprovers[0]))!.principal;
    const project = existing ?? await startProject(session(operator), {
      requestId: `seed-${i}-start`,
      typeKey: fivePhaseType.key,
      title,
      unitId: unit.id,
      leadId: lead.id,
      departmentId: units.get(i % 2 ? 'qingshan-agri' : 'qingshan-org')!.id,
      teamMemberIds: [users.get(i % 2 ? 'member2@phaseflow.local' : 'member1@phaseflow.local')!.id, operator.id],
    });
    // A step a run before took is in the project's audit trail under its request id.
    const done = async (requestId: string) => existing !== null && (await em.count(AuditEventSchema, { projectId: project.id, requestId })) > 0;
    for (let s = 0; s < Math.min(approvals + 1, fivePhaseType.stages.length); s += 1) {
      const stage = fivePhaseType.stages[s];
      const submit = s < approvals || i % 2 === 0;
      const formRequest = `seed-${i}-${stage.key}-form`;
      if (!(await done(formRequest))) {
        await submitStageForm(session(operator), { projectId: project.id, stageKey: stage.key, data: sampleStageData(stage.key, i), submit, requestId: formRequest });
      }
      const gateRequest = `seed-${i}-${stage.key}-gate`;
      if (s < approvals && !(await done(gateRequest))) {
        const decider = stage.gate.approvers.kind === 'LEAD' ? lead : approver;
        await decideGate(session(decider), { projectId: project.id, stageKey: stage.key, decision: 'APPROVE', comment: '同意', requestId: gateRequest });
      }
    }
  }
  await writeAppState(em, DEMO_PROJECTS_SEEDED, { at: new Date().toISOString(), projects: projects.length });
  return progress;
}
