import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { ApiKeyResolver } from './auth/api-key.resolver';
import { AuthResolver } from './auth/auth.resolver';
import {
  OpenGatePlaceResolver,
  OrganisationAuditResolver,
  OrgImportResolver,
  RoleAssignmentResolver,
  UnitKindResolver,
  UnitResolver,
  UserResolver,
} from './org/org.resolver';
import {
  ApproverRuleResolver,
  FieldOptionResolver,
  FormFieldResolver,
  FormResolver,
  GateResolver,
  DefinitionChangeResolver,
  ProjectTypeDraftResolver,
  ProjectTypeResolver,
  StageDefinitionResolver,
} from './project-types/project-type.resolver';
import {
  AuditEventResolver,
  DecisionResolver,
  GateStatusResolver,
  GateVoteResolver,
  ProjectResolver,
  UnitFlagCountResolver,
  ProjectStageResolver,
  SubmissionResolver,
} from './projects/project.resolver';
import { DateTimeScalar } from './scalars';
import { InboxResolver } from './inbox/inbox.resolver';
import { ProgressResolver, StageProgressResolver } from './progress/progress.resolver';
import { BulletinResolver, BulletinRowResolver } from './bulletins/bulletin.resolver';
import { ChangeResolver } from './feed/feed.resolver';
import { WebhookDeliveryResolver, WebhookSubscriptionResolver } from './webhooks/webhook.resolver';

export function buildPhaseflowSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [
      AuthResolver,
      ApiKeyResolver,
      UnitResolver,
      UserResolver,
      RoleAssignmentResolver,
      UnitKindResolver,
      OpenGatePlaceResolver,
      OrganisationAuditResolver,
      OrgImportResolver,
      ProjectTypeResolver,
      ProjectTypeDraftResolver,
      DefinitionChangeResolver,
      StageDefinitionResolver,
      GateResolver,
      ApproverRuleResolver,
      FormResolver,
      FormFieldResolver,
      FieldOptionResolver,
      ProjectResolver,
      ProjectStageResolver,
      SubmissionResolver,
      DecisionResolver,
      AuditEventResolver,
      GateStatusResolver,
      GateVoteResolver,
      UnitFlagCountResolver,
      InboxResolver,
      ProgressResolver,
      StageProgressResolver,
      BulletinResolver,
      BulletinRowResolver,
      ChangeResolver,
      WebhookSubscriptionResolver,
      WebhookDeliveryResolver,
    ],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    emitSchemaFile: false,
  });
}
