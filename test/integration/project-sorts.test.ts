import { beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../support/graphql';
import { loadDirectory, START, SUBMIT, VALID, type Directory } from '../support/fixtures';

let admin: Api;
let dir: Directory;

const PAGE = `query($first: Int, $after: String, $offset: Int, $filter: ProjectFilter, $orderBy: ProjectOrder) {
  projects(first: $first, after: $after, offset: $offset, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id currentStage { position dueAt } unit { names { zh en } } } }
  }
}`;

interface Node {
  id: string;
  currentStage: { position: number; dueAt: string | null } | null;
  unit: { names: { zh: string; en: string } };
}
interface Page {
  projects: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Node }[] };
}

type Field = 'DUE_DATE' | 'STAGE' | 'UNIT';
type Direction = 'ASC' | 'DESC';

beforeAll(async () => {
  admin = await Api.signIn('admin@phaseflow.local');
  dir = await loadDirectory(admin);
  // Several projects per unit (ties on UNIT), at the first and second stage (ties on STAGE); no village,
  // so that other files' counts of a town's subtree stay as they are.
  for (const [index, unit] of ['Xiling Town', 'Xiling Town', 'Organisation Department', 'Organisation Department', 'Xiling Town'].entries()) {
    const { startProject } = await admin.ok<{ startProject: { id: string } }>(START, {
      input: {
        typeKey: 'five-phase',
        title: `排序 ${index}`,
        unitId: dir.units[unit],
        leadId: dir.users['lead@phaseflow.local'],
        departmentId: dir.units['Organisation Department'],
        teamMemberIds: [dir.users['member2@phaseflow.local']],
      },
    });
    if (index % 2 === 0) await admin.ok(SUBMIT, { input: { projectId: startProject.id, stageKey: 'planned', submit: true, data: VALID.planned } });
  }
});

/** Every project of the type, first by cursors in pages of 4, then by offsets in pages of 4. */
async function both(api: Api, field: Field, direction: Direction): Promise<{ byCursor: Node[]; byOffset: Node[]; total: number }> {
  const variables = { filter: { typeKey: 'five-phase' }, orderBy: { field, direction } };
  const byCursor: Node[] = [];
  let after: string | null = null;
  let total = 0;
  for (let page = 0; page < 100; page += 1) {
    const data: Page = await api.ok<Page>(PAGE, { ...variables, first: 4, after });
    total = data.projects.totalCount;
    byCursor.push(...data.projects.edges.map((edge) => edge.node));
    if (!data.projects.pageInfo.hasNextPage) break;
    after = data.projects.pageInfo.endCursor;
  }
  const byOffset: Node[] = [];
  for (let offset = 0; offset < total; offset += 4) {
    const data = await api.ok<Page>(PAGE, { ...variables, first: 4, offset });
    byOffset.push(...data.projects.edges.map((edge) => edge.node));
  }
  return { byCursor, byOffset, total };
}

const keyOf: Record<Field, (node: Node, locale: 'zh' | 'en') => number | string> = {
  DUE_DATE: (node) => (node.currentStage?.dueAt ? Date.parse(node.currentStage.dueAt) : Number.POSITIVE_INFINITY),
  STAGE: (node) => node.currentStage?.position ?? Number.POSITIVE_INFINITY,
  UNIT: (node, locale) => node.unit.names[locale],
};

describe('sorting the project list by due date, stage and unit', () => {
  for (const field of ['DUE_DATE', 'STAGE', 'UNIT'] as const) {
    for (const direction of ['ASC', 'DESC'] as const) {
      it(`${field} ${direction}: cursors and offsets give the same order, each project once, ties by id`, async () => {
        const { byCursor, byOffset, total } = await both(admin, field, direction);
        expect(total).toBeGreaterThanOrEqual(5);
        expect(byCursor.map((n) => n.id)).toEqual(byOffset.map((n) => n.id));
        expect(new Set(byCursor.map((n) => n.id)).size).toBe(total);
        const keys = byCursor.map((node) => keyOf[field](node, 'en'));
        const sign = direction === 'ASC' ? 1 : -1;
        for (let i = 1; i < byCursor.length; i += 1) {
          const [before, after] = [keys[i - 1]!, keys[i]!];
          if (before === after) {
            // the tie-break: ids in the same direction as the key
            expect(direction === 'ASC' ? byCursor[i - 1]!.id < byCursor[i]!.id : byCursor[i - 1]!.id > byCursor[i]!.id).toBe(true);
          } else if (typeof before === 'number' && typeof after === 'number') {
            expect(sign * (after - before)).toBeGreaterThan(0);
          }
        }
        if (field === 'UNIT') {
          // every unit's projects form one run, and DESC runs the units in the opposite order
          const runs = keys.filter((key, i) => i === 0 || key !== keys[i - 1]);
          expect(new Set(runs).size).toBe(runs.length);
        }
      });
    }
  }

  it('sorts UNIT by the names of the request\'s language, and the reverse order is the reverse', async () => {
    for (const locale of ['zh', 'en'] as const) {
      const api = admin.inLocale(locale);
      const ascending = (await both(api, 'UNIT', 'ASC')).byCursor.map((node) => node.unit.names[locale]);
      const descending = (await both(api, 'UNIT', 'DESC')).byCursor.map((node) => node.unit.names[locale]);
      const runs = (names: string[]) => names.filter((name, i) => i === 0 || name !== names[i - 1]);
      expect(new Set(runs(ascending)).size).toBe(runs(ascending).length);
      expect(runs(descending)).toEqual([...runs(ascending)].reverse());
    }
  });

  it('refuses a cursor of another order', async () => {
    const page = await admin.ok<Page>(PAGE, { first: 1, orderBy: { field: 'STAGE', direction: 'ASC' } });
    const error = await admin.fails(PAGE, { first: 1, after: page.projects.pageInfo.endCursor, orderBy: { field: 'DUE_DATE', direction: 'ASC' } });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
