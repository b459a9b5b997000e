const UNIT_FIELDS = /* GraphQL */ `
  fragment UnitFields on Unit {
    id code name names { zh en } kind parentId parent { id name } sortOrder active inScope
    viewerCan { startProject manage manageUsers manageApiKeys }
  }
`;

const USER_FIELDS = /* GraphQL */ `
  fragment UserFields on User { id name email phone active roles { role unit { id name } } }
`;

const STAGE_DEFINITION_FIELDS = /* GraphQL */ `
  fragment StageDefinitionFields on StageDefinition {
    key name position deadlineDays warningDays optional skipWhen
    gate { mode quorum approvers { kind role scope userIds description } }
  }
`;

const PROJECT_TYPE_FIELDS = /* GraphQL */ `
  fragment ProjectTypeFields on ProjectType {
    id key version name description publishedAt projectCount status archivedAt versions
    draft { basedOnVersion updatedAt }
    stages {
      ...StageDefinitionFields
      form {
        jsonSchema
        fields {
          ...FormFieldFields
          columns { ...FormFieldFields }
        }
      }
    }
  }
  fragment FormFieldFields on FormField {
    key type label required min max minLength maxLength pattern minDate maxDate helpText
    options { value label }
    compute visibleWhen minRows maxRows maxScore weight accept maxSizeBytes maxFiles
  }
  ${STAGE_DEFINITION_FIELDS}
`;

const DRAFT_FIELDS = /* GraphQL */ `
  fragment DraftFields on ProjectTypeDraft {
    key definition basedOnVersion updatedAt
    issues { path message }
    updatedBy { id name }
  }
`;

const PROJECT_LIST_FIELDS = /* GraphQL */ `
  fragment ProjectListFields on Project {
    id code title typeKey typeVersion status createdAt updatedAt
    type { id key version name }
    unit { id name }
    lead { id name }
    department { id name }
    flag
    designation { status validUntil renewals }
    currentStage { key name position status dueAt overdue warning }
  }
`;

const SUBMISSION_FIELDS = /* GraphQL */ `
  fragment SubmissionFields on Submission {
    id stageKey revision status data createdAt author { id name }
    previousRevision diff { path before after }
  }
`;

const PROJECT_DETAIL_FIELDS = /* GraphQL */ `
  fragment ProjectDetailFields on Project {
    ...ProjectListFields
    team { id name }
    viewerCan { submit decide cancel administer }
    stages {
      key name position status openedAt dueAt closedAt overdue warning warnAt
      definition { ...StageDefinitionFields form { definition } }
    }
    currentStage {
      key name position status openedAt dueAt closedAt overdue warning warnAt
      approvers { id name }
      gate {
        mode quorum outcome approvals rejections needed
        votes { vote comment at approver { id name } }
        pendingApprovers { id name }
      }
      definition { ...StageDefinitionFields form { definition } }
      latestSubmission { ...SubmissionFields }
    }
    submissions { ...SubmissionFields }
    decisions { id stageKey decision comment returnToStageKey createdAt decidedBy { id name } }
    auditTrail { id action stageKey details before after at actor { id name } }
  }
  ${PROJECT_LIST_FIELDS}
  ${STAGE_DEFINITION_FIELDS}
  ${SUBMISSION_FIELDS}
`;

export const LOGIN = /* GraphQL */ `
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) { token user { ...UserFields } }
  }
  ${USER_FIELDS}
`;

export const ME = /* GraphQL */ `
  query Me { me { ...UserFields } }
  ${USER_FIELDS}
`;

export const MY_PERMISSIONS = /* GraphQL */ `
  query MyPermissions { myPermissions { startProjects designTypes manageUnits manageOrganisation manageUsers manageApiKeys } }
`;

export const UNITS = /* GraphQL */ `
  query Units { units { ...UnitFields } }
  ${UNIT_FIELDS}
`;

export const USERS = /* GraphQL */ `
  query Users($unitId: ID) { users(unitId: $unitId) { ...UserFields } }
  ${USER_FIELDS}
`;

export const PROJECT_TYPES = /* GraphQL */ `
  query ProjectTypes { projectTypes { ...ProjectTypeFields } }
  ${PROJECT_TYPE_FIELDS}
`;

export const PROJECT_TYPE = /* GraphQL */ `
  query ProjectType($key: String!, $version: Int) { projectType(key: $key, version: $version) { ...ProjectTypeFields } }
  ${PROJECT_TYPE_FIELDS}
`;

export const PROJECTS = /* GraphQL */ `
  query Projects($first: Int, $offset: Int, $filter: ProjectFilter, $orderBy: ProjectOrder) {
    projects(first: $first, offset: $offset, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage }
      edges { node { ...ProjectListFields } }
    }
  }
  ${PROJECT_LIST_FIELDS}
`;

export const PROJECT = /* GraphQL */ `
  query Project($id: ID!) { project(id: $id) { ...ProjectDetailFields } }
  ${PROJECT_DETAIL_FIELDS}
`;

export const START_PROJECT = /* GraphQL */ `
  mutation StartProject($input: StartProjectInput!) { startProject(input: $input) { ...ProjectDetailFields } }
  ${PROJECT_DETAIL_FIELDS}
`;

export const SUBMIT_STAGE_FORM = /* GraphQL */ `
  mutation SubmitStageForm($input: SubmitStageFormInput!) { submitStageForm(input: $input) { ...ProjectDetailFields } }
  ${PROJECT_DETAIL_FIELDS}
`;

export const DECIDE_GATE = /* GraphQL */ `
  mutation DecideGate($input: DecideGateInput!) { decideGate(input: $input) { ...ProjectDetailFields } }
  ${PROJECT_DETAIL_FIELDS}
`;

export const CANCEL_PROJECT = /* GraphQL */ `
  mutation CancelProject($input: CancelProjectInput!) { cancelProject(input: $input) { ...ProjectDetailFields } }
  ${PROJECT_DETAIL_FIELDS}
`;

export const WITHDRAW_VOTE = /* GraphQL */ `
  mutation WithdrawVote($input: WithdrawVoteInput!) { withdrawVote(input: $input) { ...ProjectDetailFields } }
  ${PROJECT_DETAIL_FIELDS}
`;

export const TRANSFER_APPROVAL = /* GraphQL */ `
  mutation TransferApproval($input: TransferApprovalInput!) { transferApproval(input: $input) { ...ProjectDetailFields } }
  ${PROJECT_DETAIL_FIELDS}
`;

export const ADD_SIGNER = /* GraphQL */ `
  mutation AddSigner($input: AddSignerInput!) { addSigner(input: $input) { ...ProjectDetailFields } }
  ${PROJECT_DETAIL_FIELDS}
`;

export const WITHDRAW_SUBMISSION = /* GraphQL */ `
  mutation WithdrawSubmission($input: WithdrawSubmissionInput!) { withdrawSubmission(input: $input) { ...ProjectDetailFields } }
  ${PROJECT_DETAIL_FIELDS}
`;

export const MOVE_PROJECT_TO_STAGE = /* GraphQL */ `
  mutation MoveProjectToStage($input: MoveProjectInput!) { moveProjectToStage(input: $input) { ...ProjectDetailFields } }
  ${PROJECT_DETAIL_FIELDS}
`;

export const MY_INBOX = /* GraphQL */ `
  query MyInbox($first: Int!) {
    myInbox(first: $first) {
      unreadCount
      items {
        id kind stageKey createdAt readAt resolvedAt
        project { id code title stages { key name } }
        bulletin { id month typeName }
        webhookSubscription { id name }
        decision { id comment createdAt decidedBy { id name } }
      }
    }
  }
`;

export const MARK_INBOX_READ = /* GraphQL */ `
  mutation MarkInboxRead($ids: [ID!], $all: Boolean!) { markInboxRead(ids: $ids, all: $all) }
`;

export const PROJECT_TYPE_DRAFTS = /* GraphQL */ `
  query ProjectTypeDrafts { projectTypeDrafts { ...DraftFields } }
  ${DRAFT_FIELDS}
`;

/** What the designer opens: the newest published version (if any) and the draft (if any). */
export const PROJECT_TYPE_FOR_DESIGNER = /* GraphQL */ `
  query ProjectTypeForDesigner($key: String!) {
    projectType(key: $key) { id key version status versions definition }
    projectTypeDraft(key: $key) { ...DraftFields }
  }
  ${DRAFT_FIELDS}
`;

export const VALIDATE_PROJECT_TYPE = /* GraphQL */ `
  query ValidateProjectType($definition: JSON!) { validateProjectType(definition: $definition) { path message } }
`;

export const PROJECT_TYPE_DIFF = /* GraphQL */ `
  query ProjectTypeDiff($key: String!, $from: Int, $to: Int) {
    projectTypeDiff(key: $key, from: $from, to: $to) {
      key from to
      changes { kind path stageKey fieldKey property description before after }
    }
  }
`;

export const EXPORT_PROJECT_TYPE = /* GraphQL */ `
  query ExportProjectType($key: String!, $version: Int) { exportProjectType(key: $key, version: $version) }
`;

export const SAVE_PROJECT_TYPE_DRAFT = /* GraphQL */ `
  mutation SaveProjectTypeDraft($definition: JSON!) { saveProjectTypeDraft(definition: $definition) { ...DraftFields } }
  ${DRAFT_FIELDS}
`;

export const DELETE_PROJECT_TYPE_DRAFT = /* GraphQL */ `
  mutation DeleteProjectTypeDraft($key: String!) { deleteProjectTypeDraft(key: $key) }
`;

export const PUBLISH_PROJECT_TYPE = /* GraphQL */ `
  mutation PublishProjectType($key: String!) { publishProjectType(key: $key) { ...ProjectTypeFields } }
  ${PROJECT_TYPE_FIELDS}
`;

export const ARCHIVE_PROJECT_TYPE = /* GraphQL */ `
  mutation ArchiveProjectType($key: String!) { archiveProjectType(key: $key) { ...ProjectTypeFields } }
  ${PROJECT_TYPE_FIELDS}
`;

export const IMPORT_PROJECT_TYPE = /* GraphQL */ `
  mutation ImportProjectType($definition: JSON!) { importProjectType(definition: $definition) { ...DraftFields } }
  ${DRAFT_FIELDS}
`;

export const LOGOUT = /* GraphQL */ `
  mutation Logout { logout }
`;

const USER_DETAIL_FIELDS = /* GraphQL */ `
  fragment UserDetailFields on User {
    id name email phone active deactivatedAt
    roles { role unit { id name } }
    viewerCan { manage }
  }
`;

export const USERS_WITH_INACTIVE = /* GraphQL */ `
  query UsersWithInactive($unitId: ID, $includeInactive: Boolean) {
    users(unitId: $unitId, includeInactive: $includeInactive) { ...UserFields }
  }
  ${USER_FIELDS}
`;

export const USER = /* GraphQL */ `
  query User($id: ID!) { user(id: $id) { ...UserDetailFields } }
  ${USER_DETAIL_FIELDS}
`;

export const CREATE_USER = /* GraphQL */ `
  mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { ...UserDetailFields } }
  ${USER_DETAIL_FIELDS}
`;

export const UPDATE_USER = /* GraphQL */ `
  mutation UpdateUser($input: UpdateUserInput!) { updateUser(input: $input) { ...UserDetailFields } }
  ${USER_DETAIL_FIELDS}
`;

export const DEACTIVATE_USER = /* GraphQL */ `
  mutation DeactivateUser($id: ID!) { deactivateUser(id: $id) { ...UserDetailFields } }
  ${USER_DETAIL_FIELDS}
`;

export const REACTIVATE_USER = /* GraphQL */ `
  mutation ReactivateUser($id: ID!) { reactivateUser(id: $id) { ...UserDetailFields } }
  ${USER_DETAIL_FIELDS}
`;

export const ASSIGN_ROLE = /* GraphQL */ `
  mutation AssignRole($userId: ID!, $unitId: ID!, $role: UnitRole!) {
    assignRole(userId: $userId, unitId: $unitId, role: $role) { ...UserDetailFields }
  }
  ${USER_DETAIL_FIELDS}
`;

export const REVOKE_ROLE = /* GraphQL */ `
  mutation RevokeRole($userId: ID!, $unitId: ID!, $role: UnitRole!) {
    revokeRole(userId: $userId, unitId: $unitId, role: $role) { ...UserDetailFields }
  }
  ${USER_DETAIL_FIELDS}
`;

export const RESET_PASSWORD = /* GraphQL */ `
  mutation ResetPassword($userId: ID!, $newPassword: String!) { resetPassword(userId: $userId, newPassword: $newPassword) }
`;

export const CHANGE_PASSWORD = /* GraphQL */ `
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) { token }
  }
`;

export const UNIT_KINDS = /* GraphQL */ `
  query UnitKinds { unitKinds { key name names { zh en } sortOrder builtin } }
`;

export const CREATE_UNIT_KIND = /* GraphQL */ `
  mutation CreateUnitKind($key: String!, $names: LocalizedTextInput!, $sortOrder: Int) {
    createUnitKind(key: $key, names: $names, sortOrder: $sortOrder) { key name names { zh en } sortOrder builtin }
  }
`;

export const CREATE_UNIT = /* GraphQL */ `
  mutation CreateUnit($input: CreateUnitInput!) { createUnit(input: $input) { ...UnitFields } }
  ${UNIT_FIELDS}
`;

export const UPDATE_UNIT = /* GraphQL */ `
  mutation UpdateUnit($input: UpdateUnitInput!) { updateUnit(input: $input) { ...UnitFields } }
  ${UNIT_FIELDS}
`;

export const MOVE_UNIT = /* GraphQL */ `
  mutation MoveUnit($id: ID!, $parentId: ID!) { moveUnit(id: $id, parentId: $parentId) { ...UnitFields } }
  ${UNIT_FIELDS}
`;

export const DEACTIVATE_UNIT = /* GraphQL */ `
  mutation DeactivateUnit($id: ID!) { deactivateUnit(id: $id) { ...UnitFields } }
  ${UNIT_FIELDS}
`;

export const REACTIVATE_UNIT = /* GraphQL */ `
  mutation ReactivateUnit($id: ID!) { reactivateUnit(id: $id) { ...UnitFields } }
  ${UNIT_FIELDS}
`;

export const ORGANISATION_AUDIT = /* GraphQL */ `
  query OrganisationAudit($first: Int, $unitId: ID) {
    organisationAudit(first: $first, unitId: $unitId) { id action details before after at actor { id name } }
  }
`;

export const OPEN_GATE_PLACES = /* GraphQL */ `
  query OpenGatePlaces($unitId: ID, $inactiveOnly: Boolean) {
    openGatePlaces(unitId: $unitId, inactiveOnly: $inactiveOnly) {
      stageKey stageName since
      project { id code title }
      user { id name email }
    }
  }
`;

const ORG_IMPORT_FIELDS = /* GraphQL */ `
  fragment OrgImportFields on OrgImport {
    id dryRun status processed total startedAt finishedAt
    problems { row column message code }
    counts { unitsCreated unitsUpdated usersCreated usersUpdated rolesAssigned unchanged }
  }
`;

export const START_ORGANISATION_IMPORT = /* GraphQL */ `
  mutation StartOrganisationImport($content: String!, $format: OrgImportFormat!, $dryRun: Boolean!) {
    startOrganisationImport(content: $content, format: $format, dryRun: $dryRun) { ...OrgImportFields }
  }
  ${ORG_IMPORT_FIELDS}
`;

export const ORGANISATION_IMPORT = /* GraphQL */ `
  query OrganisationImport($id: ID!) { organisationImport(id: $id) { ...OrgImportFields } }
  ${ORG_IMPORT_FIELDS}
`;

const API_KEY_FIELDS = /* GraphQL */ `
  fragment ApiKeyFields on ApiKey {
    id name prefix scopes ratePerMinute burst expiresAt createdAt lastUsedAt revokedAt active
    unit { id name }
    createdBy { id name }
  }
`;

export const API_KEYS = /* GraphQL */ `
  query ApiKeys($unitId: ID, $includeRevoked: Boolean) {
    apiKeys(unitId: $unitId, includeRevoked: $includeRevoked) { ...ApiKeyFields }
  }
  ${API_KEY_FIELDS}
`;

export const CREATE_API_KEY = /* GraphQL */ `
  mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { ...ApiKeyFields } } }
  ${API_KEY_FIELDS}
`;

export const REVOKE_API_KEY = /* GraphQL */ `
  mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { ...ApiKeyFields } }
  ${API_KEY_FIELDS}
`;

/** One page of kanban cards: the few fields a card shows, paged by cursor; counted only when withCount (the first page). */
export const PROJECT_CARDS = /* GraphQL */ `
  query ProjectCards($first: Int, $after: String, $filter: ProjectFilter, $orderBy: ProjectOrder, $withCount: Boolean = true) {
    projects(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount @include(if: $withCount)
      pageInfo { hasNextPage endCursor }
      edges { node { id code title status flag unit { id name } currentStage { key name dueAt overdue warning } } }
    }
  }
`;

const PROGRESS_FIGURES_FIELDS = /* GraphQL */ `
  fragment ProgressFiguresFields on ProgressFigures {
    total active completed cancelled completionRate warning overdue dueWithin7Days
    stages { stageKey name position count warning overdue }
    designations { status count }
  }
`;

/** The battle map: a part of the tree (or all the viewer sees), with one row per child unit. */
export const PROGRESS = /* GraphQL */ `
  query Progress($typeKey: String, $unitId: ID, $asOf: DateTime) {
    progress(typeKey: $typeKey, unitId: $unitId, asOf: $asOf) {
      typeKey asOf
      unit { id name kind parentId }
      figures { ...ProgressFiguresFields }
      direct { ...ProgressFiguresFields }
      children { unit { id name kind parentId } figures { ...ProgressFiguresFields } }
    }
  }
  ${PROGRESS_FIGURES_FIELDS}
`;

/** One type's stage funnel for the same part of the tree. */
export const PROGRESS_STAGES = /* GraphQL */ `
  query ProgressStages($typeKey: String, $unitId: ID, $asOf: DateTime) {
    progress(typeKey: $typeKey, unitId: $unitId, asOf: $asOf) {
      typeKey asOf
      figures { total active completed completionRate stages { stageKey name position count warning overdue } }
    }
  }
`;

const BULLETIN_SUMMARY = 'id typeKey typeName month level timeZone asOf generatedAt generatedBy { name } interviewCount scopeUnit { name }';

export const BULLETINS = /* GraphQL */ `
  query Bulletins($typeKey: String, $level: BulletinLevel, $first: Int!) {
    bulletins(typeKey: $typeKey, level: $level, first: $first) { ${BULLETIN_SUMMARY} }
  }
`;

export const BULLETIN = /* GraphQL */ `
  query Bulletin($id: ID!) {
    bulletin(id: $id) {
      ${BULLETIN_SUMMARY}
      rows {
        unitId code name total active completed cancelled completionRate rank completedInMonth newInMonth
        overdue overdueDays warning previousRank previousRate rankChange rateChange interview
      }
    }
  }
`;

export const GENERATE_BULLETIN = /* GraphQL */ `
  mutation GenerateBulletin($typeKey: String!, $month: String!, $level: BulletinLevel!, $scopeUnitId: ID) {
    generateBulletin(typeKey: $typeKey, month: $month, level: $level, scopeUnitId: $scopeUnitId) { id }
  }
`;

const WEBHOOK_SUBSCRIPTION_FIELDS = /* GraphQL */ `
  fragment WebhookSubscriptionFields on WebhookSubscription {
    id name url kinds active pausedReason pausedAt failingSince previousSecretValidUntil createdAt
    unit { id name }
    createdBy { id name }
    lastDelivery { id at succeeded statusCode error kind }
  }
`;

const WEBHOOK_DELIVERY_FIELDS = /* GraphQL */ `
  fragment WebhookDeliveryFields on WebhookDelivery {
    id webhookId kind attempt manual statusCode error latencyMs succeeded at
    project { id code title }
  }
`;

export const WEBHOOK_SUBSCRIPTIONS = /* GraphQL */ `
  query WebhookSubscriptions { webhookSubscriptions { ...WebhookSubscriptionFields } }
  ${WEBHOOK_SUBSCRIPTION_FIELDS}
`;

export const WEBHOOK_SUBSCRIPTION = /* GraphQL */ `
  query WebhookSubscription($id: ID!) { webhookSubscription(id: $id) { ...WebhookSubscriptionFields } }
  ${WEBHOOK_SUBSCRIPTION_FIELDS}
`;

export const WEBHOOK_DELIVERIES = /* GraphQL */ `
  query WebhookDeliveries($subscriptionId: ID!, $first: Int, $after: String) {
    webhookDeliveries(subscriptionId: $subscriptionId, first: $first, after: $after) {
      nodes { ...WebhookDeliveryFields }
      pageInfo { hasNextPage endCursor }
    }
  }
  ${WEBHOOK_DELIVERY_FIELDS}
`;

export const CREATE_WEBHOOK_SUBSCRIPTION = /* GraphQL */ `
  mutation CreateWebhookSubscription($input: CreateWebhookSubscriptionInput!) {
    createWebhookSubscription(input: $input) { secret subscription { ...WebhookSubscriptionFields } }
  }
  ${WEBHOOK_SUBSCRIPTION_FIELDS}
`;

export const UPDATE_WEBHOOK_SUBSCRIPTION = /* GraphQL */ `
  mutation UpdateWebhookSubscription($input: UpdateWebhookSubscriptionInput!) {
    updateWebhookSubscription(input: $input) { ...WebhookSubscriptionFields }
  }
  ${WEBHOOK_SUBSCRIPTION_FIELDS}
`;

export const PAUSE_WEBHOOK_SUBSCRIPTION = /* GraphQL */ `
  mutation PauseWebhookSubscription($id: ID!) { pauseWebhookSubscription(id: $id) { ...WebhookSubscriptionFields } }
  ${WEBHOOK_SUBSCRIPTION_FIELDS}
`;

export const RESUME_WEBHOOK_SUBSCRIPTION = /* GraphQL */ `
  mutation ResumeWebhookSubscription($id: ID!) { resumeWebhookSubscription(id: $id) { ...WebhookSubscriptionFields } }
  ${WEBHOOK_SUBSCRIPTION_FIELDS}
`;

export const ROTATE_WEBHOOK_SECRET = /* GraphQL */ `
  mutation RotateWebhookSecret($id: ID!, $overlapHours: Int) {
    rotateWebhookSecret(id: $id, overlapHours: $overlapHours) { secret subscription { ...WebhookSubscriptionFields } }
  }
  ${WEBHOOK_SUBSCRIPTION_FIELDS}
`;

export const DELETE_WEBHOOK_SUBSCRIPTION = /* GraphQL */ `
  mutation DeleteWebhookSubscription($id: ID!) { deleteWebhookSubscription(id: $id) }
`;

export const REDELIVER_WEBHOOK = /* GraphQL */ `
  mutation RedeliverWebhook($deliveryId: ID!) { redeliverWebhook(deliveryId: $deliveryId) { ...WebhookDeliveryFields } }
  ${WEBHOOK_DELIVERY_FIELDS}
`;
