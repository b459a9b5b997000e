import type { EntityManager } from '@mikro-orm/postgresql';
import type { FormData } from '@phaseflow/forms';
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../auth/password';
import { decideGate, startProject, submitStageForm } from '../../projects/project.service';
import type { Services } from '../../services';
import { loadPrincipal } from '../../auth/authenticate';
import type { Principal } from '../../access/principal';
import { ProjectSchema, ProjectTypeSchema, RoleAssignmentSchema, UnitSchema, UserSchema, type Unit } from '../entities';
import { fivePhaseType } from './five-phase.type';
import { siteReviewType } from './site-review.type';

export const DEMO_PASSWORD = 'phaseflow';

interface UnitSeed {
  code: string;
  zh: string;
  en: string;
  kind: string;
  parent?: string;
}

const UNITS: UnitSeed[] = [
  { code: 'qingshan', zh: '青山县', en: 'Qingshan County', kind: 'COUNTY' },
  { code: 'qingshan-org', zh: '县委组织部', en: 'Organisation Department', kind: 'DEPARTMENT', parent: 'qingshan' },
  { code: 'qingshan-agri', zh: '县农业农村局', en: 'Agriculture and Rural Affairs Bureau', kind: 'DEPARTMENT', parent: 'qingshan' },
  { code: 'donghe', zh: '东河镇', en: 'Donghe Town', kind: 'TOWN', parent: 'qingshan' },
  { code: 'xiling', zh: '西岭镇', en: 'Xiling Town', kind: 'TOWN', parent: 'qingshan' },
  { code: 'donghe-liushu', zh: '柳树村', en: 'Liushu Village', kind: 'VILLAGE', parent: 'donghe' },
  { code: 'donghe-shiqiao', zh: '石桥村', en: 'Shiqiao Village', kind: 'VILLAGE', parent: 'donghe' },
  { code: 'xiling-taoyuan', zh: '桃源村', en: 'Taoyuan Village', kind: 'VILLAGE', parent: 'xiling' },
  { code: 'xiling-nanshan', zh: '南山村', en: 'Nanshan Village', kind: 'VILLAGE', parent: 'xiling' },
];

interface UserSeed {
  email: string;
  name: string;
  roles: [unit: string, role: 'admin' | 'operator' | 'approver' | 'viewer'][];
}

/** Demo users, one per role at least; all share the demo-only password. */
export const DEMO_USERS: UserSeed[] = [
  { email: 'admin@phaseflow.local', name: '管理员 Admin', roles: [['qingshan', 'admin']] },
  { email: 'lead@phaseflow.local', name: '张书记 Secretary Zhang', roles: [['qingshan', 'viewer']] },
  { email: 'approver@phaseflow.local', name: '李审批 Approver Li', roles: [['qingshan', 'approver'], ['donghe', 'approver'], ['xiling', 'approver']] },
  { email: 'operator@phaseflow.local', name: '王填报 Operator Wang', roles: [['qingshan', 'operator'], ['donghe', 'operator'], ['xiling', 'operator']] },
  { email: 'viewer@phaseflow.local', name: '赵查看 Viewer Zhao', roles: [['qingshan', 'viewer']] },
  { email: 'member1@phaseflow.local', name: '陈专班 Member Chen', roles: [['donghe', 'viewer']] },
  { email: 'member2@phaseflow.local', name: '刘专班 Member Liu', roles: [['xiling', 'viewer']] },
  { email: 'town.admin@phaseflow.local', name: '周镇管 Town admin Zhou', roles: [['donghe', 'admin']] },
];

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

/** Writes the default type, the unit tree and the demo users when the database has none. */
export async function seedOrganisation(em: EntityManager): Promise<boolean> {
  if ((await em.count(UserSchema, {})) > 0) return false;
  await em.transactional(async (tx) => {
    const byCode = new Map<string, Unit>();
    for (const seed of UNITS) {
      const id = randomUUID();
      const parent = seed.parent ? byCode.get(seed.parent)! : null;
      const unit = tx.create(UnitSchema, {
        id,
        code: seed.code,
        nameZh: seed.zh,
        nameEn: seed.en,
        kind: seed.kind,
        parentId: parent?.id ?? null,
        path: `${parent?.path ?? '/'}${id}/`,
      });
      byCode.set(seed.code, unit);
    }
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const seed of DEMO_USERS) {
      const user = tx.create(UserSchema, { id: randomUUID(), email: seed.email, name: seed.name, passwordHash });
      for (const [code, role] of seed.roles) {
        tx.create(RoleAssignmentSchema, { id: randomUUID(), userId: user.id, unitId: byCode.get(code)!.id, role });
      }
    }
    for (const type of [fivePhaseType, siteReviewType]) {
      if ((await tx.count(ProjectTypeSchema, { key: type.key })) === 0) {
        tx.create(ProjectTypeSchema, { id: randomUUID(), key: type.key, version: type.version, name: type.name, definition: type });
      }
    }
  });
  return true;
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

/**
 * Starts a dozen demo projects through the real workflow path (start, submit, approve), so that
 * their workflows and the read model agree. Needs a running worker.
 */
export async function seedProjects(services: Services): Promise<number> {
  const em = services.orm.em.fork();
  if ((await em.count(ProjectSchema, {})) > 0) return 0;
  const users = new Map((await em.find(UserSchema, {})).map((user) => [user.email, user]));
  const units = new Map((await em.find(UnitSchema, {})).map((unit) => [unit.code, unit]));
  const principalOf = async (email: string): Promise<Principal> => (await loadPrincipal(services.orm, users.get(email)!.id))!.principal;
  const session = (principal: Principal) => ({ principal, em: services.orm.em.fork(), locale: 'zh' as const, services });
  const operator = await principalOf('operator@phaseflow.local');
  const approver = await principalOf('approver@phaseflow.local');
  const lead = await principalOf('lead@phaseflow.local');
  const unitCodes = ['donghe', 'donghe', 'xiling', 'xiling', 'donghe', 'xiling', 'donghe', 'donghe', 'xiling', 'xiling', 'donghe', 'qingshan'];
  for (let i = 0; i < PROJECT_TITLES.length; i += 1) {
    const unit = units.get(unitCodes[i])!;
    const project = await startProject(session(operator), {
      typeKey: fivePhaseType.key,
      title: PROJECT_TITLES[i],
      unitId: unit.id,
      leadId: lead.id,
      departmentId: units.get(i % 2 ? 'qingshan-agri' : 'qingshan-org')!.id,
      teamMemberIds: [users.get(i % 2 ? 'member2@phaseflow.local' : 'member1@phaseflow.local')!.id, operator.id],
    });
    const approvals = PROGRESS[i];
    for (let s = 0; s < Math.min(approvals + 1, fivePhaseType.stages.length); s += 1) {
      const stage = fivePhaseType.stages[s];
      const submit = s < approvals || i % 2 === 0;
      await submitStageForm(session(operator), {
        projectId: project.id,
        stageKey: stage.key,
        data: sampleStageData(stage.key, i),
        submit,
        requestId: `seed-${i}-${stage.key}-form`,
      });
      if (s < approvals) {
        const decider = stage.gate.approvers.kind === 'LEAD' ? lead : approver;
        await decideGate(session(decider), {
          projectId: project.id,
          stageKey: stage.key,
          decision: 'APPROVE',
          comment: '同意',
          requestId: `seed-${i}-${stage.key}-gate`,
        });
      }
    }
  }
  return PROJECT_TITLES.length;
}
