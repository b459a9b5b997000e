import type { FormData } from '@phaseflow/forms';
import { loadPrincipal } from '../../auth/authenticate';
import type { Principal } from '../../access/principal';
import { decideGate, endBackfill, startProject, submitStageForm, type Backfill } from '../../projects/project.service';
import { monthOf, shiftMonth } from '@phaseflow/workflows/bulletin';
import { bulletinSettingsOf, bulletinTargets, generateBulletin, notifyBulletinPublished } from '../../bulletins/bulletin.service';
import type { Services } from '../../services';
import { readAppState, writeAppState } from '../app-state';
import { AuditEventSchema, ProjectSchema, ProjectStageSchema, UnitSchema, UserSchema } from '../entities';
import { demoSiteType } from './demo-site.type';

/** `app_state` key recording that the demonstration sites are all in place. */
export const DEMO_SITES_SEEDED = 'seed:demo-sites';

const DAY = 24 * 60 * 60 * 1000;
const SITES_PER_TOWN = 5;
/** Sites completed per town, in the towns' order: 52 of 65, 80%, unevenly so that the ranking says something. */
const COMPLETED_PER_TOWN = [5, 5, 4, 5, 4, 4, 3, 4, 4, 3, 4, 4, 3];

type Step = { stageKey: string; kind: 'form' | 'gate'; daysAgo: number };

/**
 * Where a site's work stands, as steps days before now: completed sites finished between 3 and 72
 * days ago (so the last months' bulletins differ); of the others, some have been building for 75 days
 * (past the 60-day deadline: OVERDUE), some for 53 (in the 10-day warning window: WARNING), and the
 * rest are on time, waiting at a gate or still building.
 */
export function siteTimeline(index: number, completed: boolean, activeRank: number): { startedDaysAgo: number; steps: Step[] } {
  const steps: Step[] = [];
  if (completed) {
    const done = 3 + ((index * 17) % 70);
    const build = 20 + ((index * 7) % 35);
    const started = done + 9 + build;
    steps.push(
      { stageKey: 'apply', kind: 'form', daysAgo: started - 3 },
      { stageKey: 'apply', kind: 'gate', daysAgo: started - 5 },
      { stageKey: 'construct', kind: 'form', daysAgo: done + 4 },
      { stageKey: 'construct', kind: 'gate', daysAgo: done + 3 },
      { stageKey: 'accept', kind: 'form', daysAgo: done + 1 },
      { stageKey: 'accept', kind: 'gate', daysAgo: done },
    );
    return { startedDaysAgo: started, steps };
  }
  const building = [75, 53, 75, 20, 53, 75, 10, 75, 53, 30, 53, 75, 20][activeRank % 13];
  if (activeRank === 3) {
    // Built and waiting for the lead's acceptance.
    steps.push(
      { stageKey: 'apply', kind: 'form', daysAgo: 47 },
      { stageKey: 'apply', kind: 'gate', daysAgo: 45 },
      { stageKey: 'construct', kind: 'form', daysAgo: 6 },
      { stageKey: 'construct', kind: 'gate', daysAgo: 5 },
      { stageKey: 'accept', kind: 'form', daysAgo: 1 },
    );
    return { startedDaysAgo: 50, steps };
  }
  if (activeRank === 6) {
    // Applied, waiting for the town's approval.
    steps.push({ stageKey: 'apply', kind: 'form', daysAgo: 2 });
    return { startedDaysAgo: building, steps };
  }
  steps.push({ stageKey: 'apply', kind: 'form', daysAgo: building + 2 }, { stageKey: 'apply', kind: 'gate', daysAgo: building });
  return { startedDaysAgo: building + 5, steps };
}

function siteData(stageKey: string, siteName: string, n: number): FormData {
  switch (stageKey) {
    case 'apply':
      return {
        siteName,
        theme: ['service', 'industry', 'environment', 'culture'][n % 4],
        plannedInvestment: 30 + (n % 9) * 10,
        plan: `依托${siteName}，建设党群服务阵地，完善便民服务功能，打造可看可学的示范点。`,
      };
    case 'construct':
      return { progress: 100, invested: 28 + (n % 9) * 10, summary: '阵地建设完成，制度上墙，服务功能投入使用。' };
    case 'accept':
      return { acceptedOn: new Date().toISOString().slice(0, 10), rating: ['excellent', 'good', 'pass'][n % 3], remarks: '达到示范点创建标准，同意挂牌。' };
    default:
      return {};
  }
}

async function pool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/**
 * Starts the 65 demonstration sites, five in villages of each of the 13 towns, through the real path
 * (start, submit, approve) with each step backfilled to when it was done: their workflows, read model,
 * audit trail and stage history agree, and the timers of the sites past their deadline or warning have
 * fired at once. Resumable like the other demo projects (request ids, titles, audit rows).
 */
export async function seedDemoSites(services: Services, options: { concurrency?: number } = {}): Promise<{ started: number; resumed: number }> {
  const em = services.orm.em.fork();
  if (await readAppState(em, DEMO_SITES_SEEDED)) return { started: 0, resumed: 0 };
  const now = Date.now();
  const user = async (email: string) => (await em.findOneOrFail(UserSchema, { email })).id;
  const principal = async (id: string): Promise<Principal> => (await loadPrincipal(services.orm, id))!.principal;
  const session = (who: Principal) => ({ principal: who, em: services.orm.em.fork(), locale: 'zh' as const, services });
  const operator = await principal(await user('operator@phaseflow.local'));
  const lead = await principal(await user('lead@phaseflow.local'));
  const demoApprover = await user('approver@phaseflow.local');
  const members = [await user('member1@phaseflow.local'), await user('member2@phaseflow.local')];
  const departments = [(await em.findOneOrFail(UnitSchema, { code: 'qingshan-org' })).id, (await em.findOneOrFail(UnitSchema, { code: 'qingshan-agri' })).id];
  const county = await em.findOneOrFail(UnitSchema, { code: 'qingshan' });
  const towns = await em.find(UnitSchema, { parentId: county.id, kind: 'TOWN', active: true }, { orderBy: { sortOrder: 'asc' } });

  const sites: { index: number; townIndex: number; village: { id: string; name: string }; completed: boolean; activeRank: number }[] = [];
  let activeRank = 0;
  for (const [townIndex, town] of towns.entries()) {
    const villages = await em.find(UnitSchema, { parentId: town.id, kind: { $in: ['VILLAGE', 'COMMUNITY'] }, active: true }, { orderBy: { sortOrder: 'asc' }, limit: SITES_PER_TOWN });
    for (const [j, village] of villages.entries()) {
      const completed = j < (COMPLETED_PER_TOWN[townIndex] ?? 4);
      sites.push({ index: sites.length, townIndex, village: { id: village.id, name: village.nameZh }, completed, activeRank: completed ? -1 : activeRank++ });
    }
  }

  const progress = { started: 0, resumed: 0 };
  await pool(sites, options.concurrency ?? 6, async (site) => {
    const title = `${site.village.name}党建示范点创建`;
    const timeline = siteTimeline(site.index, site.completed, site.activeRank);
    const at = (daysAgo: number): Backfill => ({ at: new Date(now - daysAgo * DAY) });
    const fresh = em.fork();
    const existing = await fresh.findOne(ProjectSchema, { title, unitId: site.village.id, typeKey: demoSiteType.key });
    if (existing) progress.resumed += 1;
    else progress.started += 1;
    const project =
      existing ??
      (await startProject(
        session(operator),
        {
          requestId: `site-${site.index}-start`,
          typeKey: demoSiteType.key,
          title,
          unitId: site.village.id,
          leadId: lead.id,
          departmentId: departments[site.index % 2],
          teamMemberIds: [members[site.index % 2], operator.id],
        },
        at(timeline.startedDaysAgo),
      ));
    for (const step of timeline.steps) {
      const requestId = `site-${site.index}-${step.stageKey}-${step.kind}`;
      if (existing && (await em.fork().count(AuditEventSchema, { projectId: project.id, requestId })) > 0) continue;
      if (step.kind === 'form') {
        await submitStageForm(session(operator), { projectId: project.id, stageKey: step.stageKey, data: siteData(step.stageKey, title, site.index), submit: true, requestId }, at(step.daysAgo));
        continue;
      }
      const stage = demoSiteType.stages.find((candidate) => candidate.key === step.stageKey)!;
      let decider = lead;
      if (stage.gate.approvers.kind !== 'LEAD') {
        // Whoever the gate resolved as its signers: the demo approver where it is one.
        const row = await em.fork().findOneOrFail(ProjectStageSchema, { projectId: project.id, stageKey: step.stageKey });
        decider = await principal(row.approvers.includes(demoApprover) || row.approvers.length === 0 ? demoApprover : row.approvers[0]);
      }
      await decideGate(session(decider), { projectId: project.id, stageKey: step.stageKey, decision: 'APPROVE', comment: '同意', requestId }, at(step.daysAgo));
    }
    // Its earlier work is all there: deadlines are watched from now on (a site past one is flagged at once).
    if (!site.completed) await endBackfill(services, project.workflowId);
  });
  await seedDemoBulletins(services);
  await writeAppState(em, DEMO_SITES_SEEDED, { at: new Date().toISOString(), projects: sites.length });
  return progress;
}

/**
 * The demonstration sites' bulletins for the two months before this one, at each configured level, as
 * the schedule would have published them (with their inbox items). Bulletins are idempotent, so a
 * resumed seed makes none twice. Answers how many it made.
 */
export async function seedDemoBulletins(services: Services): Promise<number> {
  const em = services.orm.em.fork();
  const { timeZone, levels } = await bulletinSettingsOf(em, services.bulletin);
  const current = monthOf(Date.now(), timeZone);
  let made = 0;
  for (const month of [shiftMonth(current, -2), shiftMonth(current, -1)]) {
    for (const target of (await bulletinTargets(em, levels)).filter((candidate) => candidate.typeKey === demoSiteType.key)) {
      const { bulletin, created } = await generateBulletin(em.fork(), { ...target, month, timeZone, generatedBy: null });
      await notifyBulletinPublished(em.fork(), bulletin.id);
      if (created) made += 1;
    }
  }
  return made;
}
