import type {
  CreateParams,
  DataProvider,
  GetListParams,
  GetListResult,
  GetManyReferenceParams,
  Identifier,
  RaRecord,
  UpdateParams,
} from 'react-admin';
import { HttpError } from 'react-admin';
import type {
  ApiKey,
  ApiKeyScope,
  AuditEvent,
  DefinitionIssue,
  LocalizedText,
  OpenGatePlace,
  OrgImport,
  UnitKind,
  UnitRole,
  Inbox,
  Project,
  ProjectCardPage,
  Progress,
  ProjectType,
  ProjectTypeDiff,
  ProjectTypeDraft,
  ProjectTypeStatus,
  Unit,
  User,
  Bulletin,
  BulletinLevel,
  BulletinSummary,
  FeedKind,
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookSubscription,
} from '../types';
import {
  BULLETIN,
  BULLETINS,
  GENERATE_BULLETIN,
  ADD_SIGNER,
  API_KEYS,
  ASSIGN_ROLE,
  CHANGE_PASSWORD,
  CREATE_API_KEY,
  CREATE_UNIT,
  CREATE_UNIT_KIND,
  CREATE_USER,
  DEACTIVATE_UNIT,
  DEACTIVATE_USER,
  MOVE_UNIT,
  OPEN_GATE_PLACES,
  ORGANISATION_AUDIT,
  ORGANISATION_IMPORT,
  REACTIVATE_UNIT,
  REACTIVATE_USER,
  RESET_PASSWORD,
  REVOKE_API_KEY,
  REVOKE_ROLE,
  START_ORGANISATION_IMPORT,
  UNIT_KINDS,
  UPDATE_UNIT,
  UPDATE_USER,
  USER,
  USERS_WITH_INACTIVE,
  ARCHIVE_PROJECT_TYPE,
  CANCEL_PROJECT,
  DECIDE_GATE,
  DELETE_PROJECT_TYPE_DRAFT,
  EXPORT_PROJECT_TYPE,
  IMPORT_PROJECT_TYPE,
  MARK_INBOX_READ,
  MOVE_PROJECT_TO_STAGE,
  MY_INBOX,
  PROJECT,
  PROJECT_TYPE,
  PROJECT_TYPE_DIFF,
  PROJECT_TYPE_DRAFTS,
  PROJECT_TYPE_FOR_DESIGNER,
  PROJECT_TYPES,
  PROGRESS,
  PROGRESS_STAGES,
  PROJECT_CARDS,
  PROJECTS,
  PUBLISH_PROJECT_TYPE,
  SAVE_PROJECT_TYPE_DRAFT,
  START_PROJECT,
  SUBMIT_STAGE_FORM,
  TRANSFER_APPROVAL,
  UNITS,
  USERS,
  VALIDATE_PROJECT_TYPE,
  WITHDRAW_SUBMISSION,
  WITHDRAW_VOTE,
  CREATE_WEBHOOK_SUBSCRIPTION,
  DELETE_WEBHOOK_SUBSCRIPTION,
  PAUSE_WEBHOOK_SUBSCRIPTION,
  REDELIVER_WEBHOOK,
  RESUME_WEBHOOK_SUBSCRIPTION,
  ROTATE_WEBHOOK_SECRET,
  UPDATE_WEBHOOK_SUBSCRIPTION,
  WEBHOOK_DELIVERIES,
  WEBHOOK_SUBSCRIPTION,
  WEBHOOK_SUBSCRIPTIONS,
} from './documents';
import type { GraphqlClient } from './graphql-client';

export interface SubmitStageFormInput {
  projectId: string;
  stageKey: string;
  data: Record<string, unknown>;
  submit: boolean;
  requestId: string;
}

export interface DecideGateInput {
  projectId: string;
  stageKey: string;
  decision: 'APPROVE' | 'REJECT' | 'RETURN';
  comment?: string;
  returnToStageKey?: string;
  requestId: string;
}

export interface CancelProjectInput {
  projectId: string;
  reason: string;
  requestId: string;
}

export interface StageCommandInput {
  projectId: string;
  stageKey: string;
  requestId: string;
}

export interface TransferApprovalInput extends StageCommandInput {
  fromUserId: string;
  toUserId: string;
}

export interface AddSignerInput extends StageCommandInput {
  userId: string;
}

export interface MoveProjectInput extends StageCommandInput {
  reason: string;
}

/** What the designer starts from: the newest published version and the draft, either may be missing. */
export interface ProjectTypeForDesigner {
  published: {
    id: string;
    key: string;
    version: number;
    status: ProjectTypeStatus;
    versions: number[];
    definition: unknown;
  } | null;
  draft: ProjectTypeDraft | null;
}

export interface CreateApiKeyInput {
  name: string;
  unitId: string;
  scopes: ApiKeyScope[];
  ratePerMinute?: number;
  burst?: number;
  expiresAt?: string;
}

export interface CreateWebhookInput {
  name: string;
  url: string;
  kinds: FeedKind[];
  unitId: string;
}

/** What a create or a rotation answers: the only time the signing secret is shown. */
export interface WebhookSecretResult {
  subscription: WebhookSubscription;
  secret: string;
}

export type OrgImportFormat = 'CSV' | 'XLSX';

export interface ProjectCardsArgs {
  first: number;
  after?: string | null;
  filter: Record<string, unknown>;
  orderBy?: { field: 'CREATED_AT' | 'UPDATED_AT' | 'TITLE' | 'CODE'; direction: 'ASC' | 'DESC' };
}

/** The standard react-admin methods plus the project, project type and organisation commands the pages call. */
export interface PhaseflowDataProvider extends DataProvider {
  submitStageForm(input: SubmitStageFormInput): Promise<{ data: Project }>;
  decideGate(input: DecideGateInput): Promise<{ data: Project }>;
  cancelProject(input: CancelProjectInput): Promise<{ data: Project }>;
  withdrawVote(input: StageCommandInput): Promise<{ data: Project }>;
  transferApproval(input: TransferApprovalInput): Promise<{ data: Project }>;
  addSigner(input: AddSignerInput): Promise<{ data: Project }>;
  withdrawSubmission(input: StageCommandInput): Promise<{ data: Project }>;
  moveProjectToStage(input: MoveProjectInput): Promise<{ data: Project }>;
  getInbox(first?: number, signal?: AbortSignal): Promise<Inbox>;
  /** Marks the given inbox items read, or all of them; answers how many changed. */
  markInboxRead(ids: string[] | 'all'): Promise<number>;
  getProjectTypeForDesigner(key: string, signal?: AbortSignal): Promise<ProjectTypeForDesigner>;
  getProjectTypeDrafts(signal?: AbortSignal): Promise<ProjectTypeDraft[]>;
  validateProjectType(definition: unknown, signal?: AbortSignal): Promise<DefinitionIssue[]>;
  getProjectTypeDiff(key: string, from?: number, to?: number, signal?: AbortSignal): Promise<ProjectTypeDiff>;
  exportProjectType(key: string, version?: number): Promise<unknown>;
  saveProjectTypeDraft(definition: unknown): Promise<ProjectTypeDraft>;
  deleteProjectTypeDraft(key: string): Promise<boolean>;
  publishProjectType(key: string): Promise<ProjectType>;
  archiveProjectType(key: string): Promise<ProjectType>;
  importProjectType(definition: unknown): Promise<ProjectTypeDraft>;
  getUnitKinds(signal?: AbortSignal): Promise<UnitKind[]>;
  createUnitKind(key: string, names: LocalizedText, sortOrder?: number): Promise<UnitKind>;
  moveUnit(id: string, parentId: string): Promise<Unit>;
  deactivateUnit(id: string): Promise<Unit>;
  reactivateUnit(id: string): Promise<Unit>;
  deactivateUser(id: string): Promise<User>;
  reactivateUser(id: string): Promise<User>;
  assignRole(userId: string, unitId: string, role: UnitRole): Promise<User>;
  revokeRole(userId: string, unitId: string, role: UnitRole): Promise<User>;
  resetPassword(userId: string, newPassword: string): Promise<boolean>;
  /** Answers the fresh token: older ones stop working. */
  changePassword(currentPassword: string, newPassword: string): Promise<string>;
  getOrganisationAudit(first: number, unitId?: string, signal?: AbortSignal): Promise<AuditEvent[]>;
  getOpenGatePlaces(unitId: string | undefined, inactiveOnly: boolean, signal?: AbortSignal): Promise<OpenGatePlace[]>;
  getBulletins(signal?: AbortSignal): Promise<BulletinSummary[]>;
  getBulletin(id: string, signal?: AbortSignal): Promise<Bulletin>;
  generateBulletin(input: { typeKey: string; month: string; level: BulletinLevel; scopeUnitId?: string | null }): Promise<{ id: string }>;
  /** `content` is the file as base64. */
  startOrganisationImport(content: string, format: OrgImportFormat, dryRun: boolean): Promise<OrgImport>;
  getOrganisationImport(id: string, signal?: AbortSignal): Promise<OrgImport | null>;
  /** The secret comes back this once; the server keeps only its hash. */
  createApiKey(input: CreateApiKeyInput): Promise<{ apiKey: ApiKey; secret: string }>;
  revokeApiKey(id: string): Promise<ApiKey>;
  /** One cursor page of light project cards (the kanban's columns). */
  getProjectCards(args: ProjectCardsArgs, signal?: AbortSignal): Promise<ProjectCardPage>;
  /** The figures of a part of the unit tree (`unitId`; all the viewer sees without), now or `asOf`. */
  getProgress(args: ProgressArgs, signal?: AbortSignal): Promise<Progress>;
  /** Only the totals and the stage counts (a type's funnel). */
  getStageProgress(args: ProgressArgs, signal?: AbortSignal): Promise<StageProgressResult>;
  /** The secret comes back this once, in the answer. */
  createWebhook(input: CreateWebhookInput): Promise<WebhookSecretResult>;
  pauseWebhook(id: string): Promise<WebhookSubscription>;
  resumeWebhook(id: string): Promise<WebhookSubscription>;
  /** A new secret; the old one keeps verifying for `overlapHours` (the server's default when omitted). */
  rotateWebhookSecret(id: string, overlapHours?: number): Promise<WebhookSecretResult>;
  /** One page of a subscription's delivery log, newest first. */
  getWebhookDeliveries(subscriptionId: string, first: number, after?: string | null, signal?: AbortSignal): Promise<WebhookDeliveryPage>;
  /** Sends a delivery's event again now; answers the new attempt. */
  redeliverWebhook(deliveryId: string): Promise<WebhookDelivery>;
}

export interface ProgressArgs {
  typeKey?: string;
  unitId?: string;
  asOf?: string;
}

export interface StageProgressResult {
  typeKey: string | null;
  asOf: string;
  figures: Pick<Progress['figures'], 'total' | 'active' | 'completed' | 'completionRate' | 'stages'>;
}

export const PROJECT_ORDER_FIELDS: Record<string, string> = {
  createdAt: 'CREATED_AT',
  updatedAt: 'UPDATED_AT',
  title: 'TITLE',
  code: 'CODE',
  dueAt: 'DUE_DATE',
  currentStage: 'STAGE',
  unit: 'UNIT',
};

export const PROJECT_FILTER_KEYS = [
  'typeKey',
  'stageKey',
  'status',
  'unitId',
  'unitScope',
  'leadId',
  'search',
  'flag',
  'designation',
  'dueAfter',
  'dueBefore',
] as const;

const notSupported = (method: string, resource: string): never => {
  throw new HttpError(`${method} is not supported for ${resource}`, 405, { code: 'NOT_SUPPORTED' });
};

const notFound = (resource: string, id: Identifier): never => {
  throw new HttpError(`${resource} ${id} not found`, 404, { code: 'NOT_FOUND' });
};

const getPath = (record: object, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], record);

const matchesFilter = (record: { id?: unknown }, filter: Record<string, unknown>, searchable: string[]): boolean =>
  Object.entries(filter).every(([key, expected]) => {
    if (expected === undefined || expected === null || expected === '') return true;
    if (key === 'q') {
      const needle = String(expected).toLowerCase();
      return searchable.some((path) => String(getPath(record, path) ?? '').toLowerCase().includes(needle));
    }
    if (key === 'id' && Array.isArray(expected)) return expected.map(String).includes(String(record.id));
    return String(getPath(record, key)) === String(expected);
  });

/** Filters, sorts and pages a resource the API returns whole (units, users, project types). */
const pageInMemory = <T extends { id: string }>(
  records: T[],
  params: GetListParams,
  searchable: string[],
): GetListResult<T & RaRecord> => {
  const filtered = records.filter((record) => matchesFilter(record, params.filter ?? {}, searchable));
  const { field, order } = params.sort ?? { field: 'id', order: 'ASC' };
  const sorted = [...filtered].sort((a, b) => {
    const left = getPath(a, field);
    const right = getPath(b, field);
    const compared =
      typeof left === 'number' && typeof right === 'number'
        ? left - right
        : String(left ?? '').localeCompare(String(right ?? ''), undefined, { numeric: true });
    return order === 'DESC' ? -compared : compared;
  });
  const { page, perPage } = params.pagination ?? { page: 1, perPage: sorted.length || 1 };
  const start = (page - 1) * perPage;
  return { data: sorted.slice(start, start + perPage) as (T & RaRecord)[], total: sorted.length };
};

/** `{ [name]: n }` for a number the user gave, `{}` for an empty input. */
const numberOrNothing = (name: string, value: unknown): Record<string, number> =>
  typeof value === 'number' && Number.isFinite(value) ? { [name]: value } : {};

/** The variables that were given: an omitted GraphQL argument takes the server's default. */
const definedOnly = (args: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined && value !== null && value !== ''));

/** `key` names the newest version of a project type, `key@version` one pinned version. */
export const parseProjectTypeId = (id: Identifier): { key: string; version?: number } => {
  const [key, version] = String(id).split('@');
  return version ? { key, version: Number(version) } : { key };
};

const asProjectTypeRecord = (type: Omit<ProjectType, 'typeId'> & { id: string }, id: string): ProjectType => ({
  ...type,
  typeId: type.id,
  id,
});

/** The edit form's unit input works on `unitId`, as in the create form. */
const asWebhookRecord = (subscription: WebhookSubscription): WebhookSubscription => ({ ...subscription, unitId: subscription.unit.id });

export const createDataProvider = (client: GraphqlClient): PhaseflowDataProvider => {
  const fetchUnits = (signal?: AbortSignal) =>
    client.request<{ units: Unit[] }>(UNITS, {}, signal).then((result) => result.units);
  // includeInactive is asked for only when wanted, so the plain query serves every picker
  const fetchUsers = (unitId?: string, signal?: AbortSignal, includeInactive = false) =>
    client
      .request<{ users: User[] }>(
        includeInactive ? USERS_WITH_INACTIVE : USERS,
        { ...(unitId ? { unitId } : {}), ...(includeInactive ? { includeInactive } : {}) },
        signal,
      )
      .then((result) => result.users);
  const fetchApiKeys = (includeRevoked: boolean, signal?: AbortSignal) =>
    client.request<{ apiKeys: ApiKey[] }>(API_KEYS, { includeRevoked }, signal).then((result) => result.apiKeys);
  const fetchWebhooks = (signal?: AbortSignal) =>
    client
      .request<{ webhookSubscriptions: WebhookSubscription[] }>(WEBHOOK_SUBSCRIPTIONS, {}, signal)
      .then((result) => result.webhookSubscriptions.map(asWebhookRecord));
  const fetchProjectTypes = (signal?: AbortSignal) =>
    client
      .request<{ projectTypes: (Omit<ProjectType, 'typeId'> & { id: string })[] }>(PROJECT_TYPES, {}, signal)
      .then((result) => result.projectTypes.map((type) => asProjectTypeRecord(type, type.key)));
  const fetchProject = async (id: Identifier, signal?: AbortSignal): Promise<Project> => {
    const { project } = await client.request<{ project: Project | null }>(PROJECT, { id: String(id) }, signal);
    return project ?? notFound('projects', id);
  };

  const listProjects = async (params: GetListParams): Promise<GetListResult<Project>> => {
    const { page, perPage } = params.pagination ?? { page: 1, perPage: 20 };
    const filter: Record<string, unknown> = {};
    for (const key of PROJECT_FILTER_KEYS) {
      const value = params.filter?.[key];
      if (value !== undefined && value !== null && value !== '') filter[key] = value;
    }
    if (params.filter?.q && !filter.search) filter.search = params.filter.q;
    const orderField = params.sort ? PROJECT_ORDER_FIELDS[params.sort.field] : undefined;
    const { projects } = await client.request<{
      projects: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean };
        edges: { node: Project }[];
      };
    }>(
      PROJECTS,
      {
        first: perPage,
        offset: (page - 1) * perPage,
        filter,
        orderBy: orderField ? { field: orderField, direction: params.sort?.order === 'ASC' ? 'ASC' : 'DESC' } : undefined,
      },
      params.signal,
    );
    return {
      data: projects.edges.map((edge) => edge.node),
      total: projects.totalCount,
      pageInfo: projects.pageInfo,
    };
  };

  const getList = async (resource: string, params: GetListParams): Promise<GetListResult> => {
    switch (resource) {
      case 'projects':
        return listProjects(params);
      case 'projectTypes':
        return pageInMemory(await fetchProjectTypes(params.signal), params, ['key', 'name']);
      case 'units':
        return pageInMemory(await fetchUnits(params.signal), params, ['name', 'names.zh', 'names.en', 'kind']);
      case 'users': {
        const { unitId, includeInactive, ...filter } = params.filter ?? {};
        const users = await fetchUsers(unitId, params.signal, Boolean(includeInactive));
        return pageInMemory(users, { ...params, filter }, ['name', 'email', 'phone']);
      }
      case 'apiKeys': {
        const { includeRevoked, ...filter } = params.filter ?? {};
        const keys = await fetchApiKeys(Boolean(includeRevoked), params.signal);
        return pageInMemory(keys, { ...params, filter }, ['name', 'prefix', 'unit.name']);
      }
      case 'webhooks':
        return pageInMemory(await fetchWebhooks(params.signal), params, ['name', 'url', 'unit.name']);
      default:
        return notSupported('getList', resource);
    }
  };

  const getOne = async (resource: string, id: Identifier, signal?: AbortSignal): Promise<RaRecord> => {
    switch (resource) {
      case 'projects':
        return fetchProject(id, signal);
      case 'projectTypes': {
        const { projectType } = await client.request<{
          projectType: (Omit<ProjectType, 'typeId'> & { id: string }) | null;
        }>(PROJECT_TYPE, parseProjectTypeId(id), signal);
        return projectType ? asProjectTypeRecord(projectType, String(id)) : notFound(resource, id);
      }
      case 'units':
        return (await fetchUnits(signal)).find((unit) => unit.id === String(id)) ?? notFound(resource, id);
      case 'users': {
        const { user } = await client.request<{ user: User | null }>(USER, { id: String(id) }, signal);
        return user ?? notFound(resource, id);
      }
      case 'apiKeys':
        return (await fetchApiKeys(true, signal)).find((key) => key.id === String(id)) ?? notFound(resource, id);
      case 'webhooks': {
        const { webhookSubscription } = await client.request<{ webhookSubscription: WebhookSubscription | null }>(
          WEBHOOK_SUBSCRIPTION,
          { id: String(id) },
          signal,
        );
        return webhookSubscription ? asWebhookRecord(webhookSubscription) : notFound(resource, id);
      }
      default:
        return notSupported('getOne', resource);
    }
  };

  const command = async <K extends string>(
    document: string,
    field: K,
    input: object,
  ): Promise<{ data: Project }> => {
    const result = await client.request<Record<K, Project>>(document, { input });
    return { data: result[field] };
  };

  return {
    supportAbortSignal: true,
    getList,
    getOne: async (resource, params) => ({ data: (await getOne(resource, params.id, params.signal)) as never }),
    getMany: async (resource, params) => {
      const wanted = params.ids.map(String);
      if (resource === 'projects') {
        return { data: (await Promise.all(wanted.map((id) => fetchProject(id, params.signal)))) as never[] };
      }
      const { data } = await getList(resource, { filter: {}, signal: params.signal });
      const byId = new Map(data.map((record) => [String(record.id), record]));
      return { data: wanted.flatMap((id) => byId.get(id) ?? []) as never[] };
    },
    getManyReference: async (resource, params: GetManyReferenceParams) =>
      getList(resource, {
        ...params,
        filter: { ...params.filter, [params.target]: params.id },
      }) as never,
    create: async (resource, params: CreateParams) => {
      if (resource === 'units') {
        const { code, parentId, kind, names, sortOrder } = params.data;
        const { createUnit } = await client.request<{ createUnit: Unit }>(CREATE_UNIT, {
          input: { code, kind, names: { zh: names?.zh ?? '', en: names?.en ?? '' }, ...(parentId ? { parentId } : {}), ...numberOrNothing('sortOrder', sortOrder) },
        });
        return { data: createUnit as never };
      }
      if (resource === 'users') {
        const { email, name, phone, password, roles } = params.data;
        const { createUser } = await client.request<{ createUser: User }>(CREATE_USER, {
          input: {
            email,
            name,
            password,
            ...(phone ? { phone } : {}),
            roles: ((roles ?? []) as { unitId?: string; role?: UnitRole }[])
              .filter((grant) => grant.unitId && grant.role)
              .map(({ unitId, role }) => ({ unitId, role })),
          },
        });
        return { data: createUser as never };
      }
      if (resource !== 'projects') return notSupported('create', resource);
      const { typeKey, title, code, unitId, leadId, departmentId, teamMemberIds } = params.data;
      const { data } = await command(START_PROJECT, 'startProject', {
        typeKey,
        title,
        unitId,
        leadId,
        departmentId,
        teamMemberIds: teamMemberIds ?? [],
        ...(code ? { code } : {}),
      });
      return { data: data as never };
    },
    update: async (resource, params: UpdateParams) => {
      const id = String(params.id);
      if (resource === 'units') {
        const { code, kind, names, sortOrder } = params.data;
        const { updateUnit } = await client.request<{ updateUnit: Unit }>(UPDATE_UNIT, {
          input: { id, code, kind, names: names && { zh: names.zh, en: names.en }, ...numberOrNothing('sortOrder', sortOrder) },
        });
        return { data: updateUnit as never };
      }
      if (resource === 'users') {
        const { name, email, phone } = params.data;
        const { updateUser } = await client.request<{ updateUser: User }>(UPDATE_USER, {
          input: { id, name, email, phone: phone || null },
        });
        return { data: updateUser as never };
      }
      if (resource === 'webhooks') {
        const { name, url, kinds, unitId } = params.data;
        const { updateWebhookSubscription } = await client.request<{ updateWebhookSubscription: WebhookSubscription }>(
          UPDATE_WEBHOOK_SUBSCRIPTION,
          { input: { id, name, url, kinds, unitId } },
        );
        return { data: asWebhookRecord(updateWebhookSubscription) as never };
      }
      return notSupported('update', resource);
    },
    updateMany: async (resource) => notSupported('updateMany', resource),
    delete: async (resource, params) => {
      if (resource !== 'webhooks') return notSupported('delete', resource);
      await client.request<{ deleteWebhookSubscription: boolean }>(DELETE_WEBHOOK_SUBSCRIPTION, { id: String(params.id) });
      return { data: params.previousData as never };
    },
    deleteMany: async (resource) => notSupported('deleteMany', resource),
    submitStageForm: (input) => command(SUBMIT_STAGE_FORM, 'submitStageForm', input),
    decideGate: (input) => command(DECIDE_GATE, 'decideGate', input),
    cancelProject: (input) => command(CANCEL_PROJECT, 'cancelProject', input),
    withdrawVote: (input) => command(WITHDRAW_VOTE, 'withdrawVote', input),
    transferApproval: (input) => command(TRANSFER_APPROVAL, 'transferApproval', input),
    addSigner: (input) => command(ADD_SIGNER, 'addSigner', input),
    withdrawSubmission: (input) => command(WITHDRAW_SUBMISSION, 'withdrawSubmission', input),
    moveProjectToStage: (input) => command(MOVE_PROJECT_TO_STAGE, 'moveProjectToStage', input),
    getInbox: async (first = 50, signal) =>
      (await client.request<{ myInbox: Inbox }>(MY_INBOX, { first }, signal)).myInbox,
    markInboxRead: async (ids) =>
      (
        await client.request<{ markInboxRead: number }>(
          MARK_INBOX_READ,
          ids === 'all' ? { all: true } : { ids, all: false },
        )
      ).markInboxRead,
    getProjectTypeForDesigner: async (key, signal) => {
      const result = await client.request<{
        projectType: ProjectTypeForDesigner['published'];
        projectTypeDraft: ProjectTypeDraft | null;
      }>(PROJECT_TYPE_FOR_DESIGNER, { key }, signal);
      return { published: result.projectType, draft: result.projectTypeDraft };
    },
    getProjectTypeDrafts: async (signal) =>
      (await client.request<{ projectTypeDrafts: ProjectTypeDraft[] }>(PROJECT_TYPE_DRAFTS, {}, signal)).projectTypeDrafts,
    validateProjectType: async (definition, signal) =>
      (await client.request<{ validateProjectType: DefinitionIssue[] }>(VALIDATE_PROJECT_TYPE, { definition }, signal))
        .validateProjectType,
    getProjectTypeDiff: async (key, from, to, signal) =>
      (
        await client.request<{ projectTypeDiff: ProjectTypeDiff }>(
          PROJECT_TYPE_DIFF,
          { key, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) },
          signal,
        )
      ).projectTypeDiff,
    exportProjectType: async (key, version) =>
      (
        await client.request<{ exportProjectType: unknown }>(EXPORT_PROJECT_TYPE, {
          key,
          ...(version !== undefined ? { version } : {}),
        })
      ).exportProjectType,
    saveProjectTypeDraft: async (definition) =>
      (await client.request<{ saveProjectTypeDraft: ProjectTypeDraft }>(SAVE_PROJECT_TYPE_DRAFT, { definition }))
        .saveProjectTypeDraft,
    deleteProjectTypeDraft: async (key) =>
      (await client.request<{ deleteProjectTypeDraft: boolean }>(DELETE_PROJECT_TYPE_DRAFT, { key })).deleteProjectTypeDraft,
    publishProjectType: async (key) => {
      const { publishProjectType } = await client.request<{
        publishProjectType: Omit<ProjectType, 'typeId'> & { id: string };
      }>(PUBLISH_PROJECT_TYPE, { key });
      return asProjectTypeRecord(publishProjectType, publishProjectType.key);
    },
    archiveProjectType: async (key) => {
      const { archiveProjectType } = await client.request<{
        archiveProjectType: Omit<ProjectType, 'typeId'> & { id: string };
      }>(ARCHIVE_PROJECT_TYPE, { key });
      return asProjectTypeRecord(archiveProjectType, archiveProjectType.key);
    },
    importProjectType: async (definition) =>
      (await client.request<{ importProjectType: ProjectTypeDraft }>(IMPORT_PROJECT_TYPE, { definition })).importProjectType,
    getUnitKinds: async (signal) => (await client.request<{ unitKinds: UnitKind[] }>(UNIT_KINDS, {}, signal)).unitKinds,
    createUnitKind: async (key, names, sortOrder) =>
      (
        await client.request<{ createUnitKind: UnitKind }>(CREATE_UNIT_KIND, {
          key,
          names,
          ...numberOrNothing('sortOrder', sortOrder),
        })
      ).createUnitKind,
    moveUnit: async (id, parentId) => (await client.request<{ moveUnit: Unit }>(MOVE_UNIT, { id, parentId })).moveUnit,
    deactivateUnit: async (id) => (await client.request<{ deactivateUnit: Unit }>(DEACTIVATE_UNIT, { id })).deactivateUnit,
    reactivateUnit: async (id) => (await client.request<{ reactivateUnit: Unit }>(REACTIVATE_UNIT, { id })).reactivateUnit,
    deactivateUser: async (id) => (await client.request<{ deactivateUser: User }>(DEACTIVATE_USER, { id })).deactivateUser,
    reactivateUser: async (id) => (await client.request<{ reactivateUser: User }>(REACTIVATE_USER, { id })).reactivateUser,
    assignRole: async (userId, unitId, role) =>
      (await client.request<{ assignRole: User }>(ASSIGN_ROLE, { userId, unitId, role })).assignRole,
    revokeRole: async (userId, unitId, role) =>
      (await client.request<{ revokeRole: User }>(REVOKE_ROLE, { userId, unitId, role })).revokeRole,
    resetPassword: async (userId, newPassword) =>
      (await client.request<{ resetPassword: boolean }>(RESET_PASSWORD, { userId, newPassword })).resetPassword,
    changePassword: async (currentPassword, newPassword) =>
      (
        await client.request<{ changePassword: { token: string } }>(CHANGE_PASSWORD, { currentPassword, newPassword })
      ).changePassword.token,
    getOrganisationAudit: async (first, unitId, signal) =>
      (
        await client.request<{ organisationAudit: AuditEvent[] }>(
          ORGANISATION_AUDIT,
          { first, ...(unitId ? { unitId } : {}) },
          signal,
        )
      ).organisationAudit,
    getBulletins: async (signal) => (await client.request<{ bulletins: BulletinSummary[] }>(BULLETINS, { first: 200 }, signal)).bulletins,
    getBulletin: async (id, signal) => (await client.request<{ bulletin: Bulletin }>(BULLETIN, { id }, signal)).bulletin,
    generateBulletin: async (input) => (await client.request<{ generateBulletin: { id: string } }>(GENERATE_BULLETIN, input)).generateBulletin,
    getOpenGatePlaces: async (unitId, inactiveOnly, signal) =>
      (
        await client.request<{ openGatePlaces: OpenGatePlace[] }>(
          OPEN_GATE_PLACES,
          { inactiveOnly, ...(unitId ? { unitId } : {}) },
          signal,
        )
      ).openGatePlaces,
    startOrganisationImport: async (content, format, dryRun) =>
      (
        await client.request<{ startOrganisationImport: OrgImport }>(START_ORGANISATION_IMPORT, { content, format, dryRun })
      ).startOrganisationImport,
    getOrganisationImport: async (id, signal) =>
      (await client.request<{ organisationImport: OrgImport | null }>(ORGANISATION_IMPORT, { id }, signal)).organisationImport,
    createApiKey: async (input) =>
      (await client.request<{ createApiKey: { apiKey: ApiKey; secret: string } }>(CREATE_API_KEY, { input })).createApiKey,
    revokeApiKey: async (id) => (await client.request<{ revokeApiKey: ApiKey }>(REVOKE_API_KEY, { id })).revokeApiKey,
    getProgress: async (args, signal) =>
      (await client.request<{ progress: Progress }>(PROGRESS, definedOnly(args), signal)).progress,
    getStageProgress: async (args, signal) =>
      (await client.request<{ progress: StageProgressResult }>(PROGRESS_STAGES, definedOnly(args), signal)).progress,
    createWebhook: async (input) =>
      (await client.request<{ createWebhookSubscription: WebhookSecretResult }>(CREATE_WEBHOOK_SUBSCRIPTION, { input }))
        .createWebhookSubscription,
    pauseWebhook: async (id) =>
      (await client.request<{ pauseWebhookSubscription: WebhookSubscription }>(PAUSE_WEBHOOK_SUBSCRIPTION, { id })).pauseWebhookSubscription,
    resumeWebhook: async (id) =>
      (await client.request<{ resumeWebhookSubscription: WebhookSubscription }>(RESUME_WEBHOOK_SUBSCRIPTION, { id })).resumeWebhookSubscription,
    rotateWebhookSecret: async (id, overlapHours) =>
      (
        await client.request<{ rotateWebhookSecret: WebhookSecretResult }>(ROTATE_WEBHOOK_SECRET, {
          id,
          ...numberOrNothing('overlapHours', overlapHours),
        })
      ).rotateWebhookSecret,
    getWebhookDeliveries: async (subscriptionId, first, after, signal) =>
      (
        await client.request<{ webhookDeliveries: WebhookDeliveryPage }>(
          WEBHOOK_DELIVERIES,
          { subscriptionId, first, ...(after ? { after } : {}) },
          signal,
        )
      ).webhookDeliveries,
    redeliverWebhook: async (deliveryId) =>
      (await client.request<{ redeliverWebhook: WebhookDelivery }>(REDELIVER_WEBHOOK, { deliveryId })).redeliverWebhook,
    getProjectCards: async (args, signal) => {
      // A column's count comes with its first page; the pages after it skip the count.
      const { projects } = await client.request<{
        projects: { totalCount?: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: ProjectCardPage['cards'][number] }[] };
      }>(PROJECT_CARDS, { ...args, after: args.after ?? undefined, withCount: !args.after }, signal);
      return {
        cards: projects.edges.map((edge) => edge.node),
        totalCount: projects.totalCount ?? null,
        hasNextPage: projects.pageInfo.hasNextPage,
        endCursor: projects.pageInfo.endCursor,
      };
    },
  };
};
