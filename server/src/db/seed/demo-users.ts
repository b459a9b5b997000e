import type { UnitRole } from '@phaseflow/workflows';

export const DEMO_PASSWORD = 'phaseflow';

export interface DemoUser {
  email: string;
  name: string;
  roles: [unit: string, role: UnitRole][];
}

/** Demo users, one per role at least; all share the demo-only password. They are rows of the sample organisation too. */
export const DEMO_USERS: DemoUser[] = [
  { email: 'admin@phaseflow.local', name: '管理员 Admin', roles: [['qingshan', 'admin']] },
  { email: 'lead@phaseflow.local', name: '张书记 Secretary Zhang', roles: [['qingshan', 'viewer']] },
  { email: 'approver@phaseflow.local', name: '李审批 Approver Li', roles: [['qingshan', 'approver'], ['donghe', 'approver'], ['xiling', 'approver']] },
  { email: 'operator@phaseflow.local', name: '王填报 Operator Wang', roles: [['qingshan', 'operator'], ['donghe', 'operator'], ['xiling', 'operator']] },
  { email: 'viewer@phaseflow.local', name: '赵查看 Viewer Zhao', roles: [['qingshan', 'viewer']] },
  { email: 'member1@phaseflow.local', name: '陈专班 Member Chen', roles: [['donghe', 'viewer']] },
  { email: 'member2@phaseflow.local', name: '刘专班 Member Liu', roles: [['xiling', 'viewer']] },
  { email: 'town.admin@phaseflow.local', name: '周镇管 Town admin Zhou', roles: [['donghe', 'admin']] },
];

/** The demo units the README, the tests and the demo logins rely on: codes and names stay as they are. */
export const DEMO_UNITS = [
  { code: 'qingshan', zh: '青山县', en: 'Qingshan County', kind: 'COUNTY', parent: null },
  { code: 'qingshan-org', zh: '县委组织部', en: 'Organisation Department', kind: 'DEPARTMENT', parent: 'qingshan' },
  { code: 'qingshan-agri', zh: '县农业农村局', en: 'Agriculture and Rural Affairs Bureau', kind: 'DEPARTMENT', parent: 'qingshan' },
  { code: 'donghe', zh: '东河镇', en: 'Donghe Town', kind: 'TOWN', parent: 'qingshan' },
  { code: 'xiling', zh: '西岭镇', en: 'Xiling Town', kind: 'TOWN', parent: 'qingshan' },
  { code: 'donghe-liushu', zh: '柳树村', en: 'Liushu Village', kind: 'VILLAGE', parent: 'donghe' },
  { code: 'donghe-shiqiao', zh: '石桥村', en: 'Shiqiao Village', kind: 'VILLAGE', parent: 'donghe' },
  { code: 'xiling-taoyuan', zh: '桃源村', en: 'Taoyuan Village', kind: 'VILLAGE', parent: 'xiling' },
  { code: 'xiling-nanshan', zh: '南山村', en: 'Nanshan Village', kind: 'VILLAGE', parent: 'xiling' },
] as const;
