import { beforeAll, describe, expect, inject, it } from 'vitest';
import { Api } from '../support/graphql';
import { loadDirectory, START, SUBMIT, VALID, type Directory } from '../support/fixtures';

let admin: Api;
let dir: Directory;

beforeAll(async () => {
  admin = await Api.signIn('admin@phaseflow.local');
  dir = await loadDirectory(admin);
});

const PAGE = `query($first: Int, $after: String, $offset: Int, $filter: ProjectFilter, $orderBy: ProjectOrder) {
  projects(first: $first, after: $after, offset: $offset, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id code title status currentStage { key } unit { names { en } } lead { email } } }
  }
}`;

interface Page {
  projects: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: { id: string; code: string; status: string; currentStage: { key: string } | null; unit: { names: { en: string } }; lead: { email: string } } }[];
  };
}

describe('projects connection', () => {
  it('pages through every project exactly once with cursors', async () => {
    // Every project, by pages of 100 (the most a page holds): the shared stack has more as earlier files add theirs.
    const all: { projects: { edges: { node: { id: string } }[] } } = { projects: { edges: [] } };
    let next: string | null = null;
    for (;;) {
      const data: Page = await admin.ok<Page>(PAGE, { first: 100, after: next });
      all.projects.edges.push(...data.projects.edges);
      if (!data.projects.pageInfo.hasNextPage) break;
      next = data.projects.pageInfo.endCursor;
    }
    expect(all.projects.edges.length).toBeGreaterThanOrEqual(12);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 1000; page += 1) {
      const data: Page = await admin.ok<Page>(PAGE, { first: 5, after });
      seen.push(...data.projects.edges.map((e) => e.node.id));
      expect(data.projects.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!data.projects.pageInfo.hasNextPage) break;
      after = data.projects.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.projects.edges.map((e) => e.node.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('jumps to a page with offset and orders by title', async () => {
    const ordered = await admin.ok<Page>(PAGE, { first: 100, orderBy: { field: 'TITLE', direction: 'ASC' } });
    const titles = ordered.projects.edges.map((e) => e.node.id);
    const third = await admin.ok<Page>(PAGE, { first: 3, offset: 6, orderBy: { field: 'TITLE', direction: 'ASC' } });
    expect(third.projects.edges.map((e) => e.node.id)).toEqual(titles.slice(6, 9));
  });

  it('filters by stage, status, unit, lead and type, and counts the filtered set', async () => {
    const arranged = await admin.ok<Page>(PAGE, { first: 100, filter: { stageKey: 'arranged' } });
    expect(arranged.projects.totalCount).toBe(arranged.projects.edges.length);
    expect(arranged.projects.edges.every((e) => e.node.currentStage?.key === 'arranged')).toBe(true);
    const completed = await admin.ok<Page>(PAGE, { first: 100, filter: { status: 'COMPLETED' } });
    expect(completed.projects.edges.every((e) => e.node.status === 'COMPLETED' && e.node.currentStage === null)).toBe(true);
    // The town itself: other files may start projects in its villages, which its subtree includes.
    const xiling = await admin.ok<Page>(PAGE, { first: 100, filter: { unitId: dir.units['Xiling Town'], unitScope: 'EXACT' } });
    expect(xiling.projects.totalCount).toBeGreaterThan(0);
    expect(xiling.projects.edges.every((e) => e.node.unit.names.en === 'Xiling Town')).toBe(true);
    const byLead = await admin.ok<Page>(PAGE, { first: 100, filter: { leadId: dir.users['lead@phaseflow.local'], typeKey: 'five-phase' } });
    expect(byLead.projects.edges.every((e) => e.node.lead.email === 'lead@phaseflow.local')).toBe(true);
    const none = await admin.ok<Page>(PAGE, { first: 100, filter: { typeKey: 'no-such-type' } });
    expect(none.projects).toMatchObject({ totalCount: 0, edges: [] });
  });

  it('refuses a page size over 100 and a foreign cursor with BAD_USER_INPUT', async () => {
    expect((await admin.fails(PAGE, { first: 101 })).extensions?.code).toBe('BAD_USER_INPUT');
    expect((await admin.fails(PAGE, { first: 5, after: 'garbage' })).extensions?.code).toBe('BAD_USER_INPUT');
    const page = await admin.ok<Page>(PAGE, { first: 1 });
    const foreign = await admin.fails(PAGE, { first: 1, after: page.projects.pageInfo.endCursor, orderBy: { field: 'TITLE', direction: 'ASC' } });
    expect(foreign.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('project types', () => {
  it('serves the default type with its stages, gates, forms and JSON Schema', async () => {
    const data = await admin.inLocale('zh').ok<{
      projectType: {
        key: string;
        version: number;
        name: string;
        stages: {
          key: string;
          name: string;
          deadlineDays: number;
          gate: { mode: string; approvers: { kind: string; role: string | null; description: string } };
          form: { fields: { key: string; type: string; label: string; required: boolean; min: number | null; max: number | null; options: { value: string; label: string }[] | null }[]; jsonSchema: Record<string, unknown> };
        }[];
      };
    }>(`{ projectType(key: "five-phase") { key version name stages { key name deadlineDays
          gate { mode approvers { kind role description } }
          form { fields { key type label required min max options { value label } } jsonSchema } } } }`);
    const type = data.projectType;
    expect(type.name).toBe('五步验收');
    expect(type.stages.map((s) => `${s.key}:${s.name}`)).toEqual([
      'planned:有谋划',
      'arranged:有安排',
      'implemented:有落实',
      'assessed:有考核',
      'applied:有应用',
    ]);
    expect(type.stages[0].gate).toEqual({ mode: 'ANY_OF', approvers: { kind: 'ROLE', role: 'APPROVER', description: '项目所属单位的审批人' } });
    expect(type.stages[1].gate.approvers.kind).toBe('LEAD');
    const budget = type.stages[0].form.fields.find((f) => f.key === 'budget')!;
    expect(budget).toMatchObject({ type: 'number', label: '预算（万元）', required: true, min: 0, max: 100000 });
    const schema = type.stages[0].form.jsonSchema;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(['goal', 'category', 'budget', 'startDate']);
    expect(schema.additionalProperties).toBe(false);
  });

  it('lists the newest version of each type and returns null for an unknown one', async () => {
    const data = await admin.ok<{ projectTypes: { key: string; version: number; projectCount: number }[]; projectType: null }>(
      '{ projectTypes { key version projectCount } projectType(key: "nope") { key } }',
    );
    const keys = data.projectTypes.map((t) => t.key);
    expect(keys).toEqual(expect.arrayContaining(['five-phase', 'site-review']));
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(keys.length);
    expect(data.projectTypes.find((t) => t.key === 'five-phase')!.projectCount).toBeGreaterThanOrEqual(12);
    expect(data.projectType).toBeNull();
  });
});

describe('availability', () => {
  it('answers UNAVAILABLE, retryable, when no worker takes the update, and changes nothing', async () => {
    const idle = (await Api.signIn('operator@phaseflow.local', 'phaseflow', inject('idleGraphqlUrl'))).on(inject('idleGraphqlUrl'));
    const started = await idle.ok<{ startProject: { id: string } }>(START, {
      input: {
        typeKey: 'five-phase',
        title: 'No worker for me',
        unitId: dir.units['Donghe Town'],
        leadId: dir.users['lead@phaseflow.local'],
        departmentId: dir.units['Organisation Department'],
        teamMemberIds: [dir.users['member1@phaseflow.local']],
      },
    });
    const begun = Date.now();
    const error = await idle.fails(SUBMIT, { input: { projectId: started.startProject.id, stageKey: 'planned', data: VALID.planned, submit: true } });
    expect(error.extensions?.code).toBe('UNAVAILABLE');
    expect(error.extensions?.retryable).toBe(true);
    expect(Date.now() - begun).toBeLessThan(15_000);
    const after = await admin.ok<{ project: { submissions: unknown[] } }>('query($id: ID!) { project(id: $id) { submissions { id } } }', {
      id: started.startProject.id,
    });
    expect(after.project.submissions).toEqual([]);
  });

  it('reports health and readiness', async () => {
    const base = inject('apiUrl');
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    const idleBase = inject('idleGraphqlUrl').replace(/\/graphql$/, '');
    expect((await fetch(`${idleBase}/readyz`)).status).toBe(200);
  });
});
