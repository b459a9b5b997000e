import { BulletinSchema } from './bulletin.entity';
import { ChangeEventSchema } from './change-event.entity';
import { InboxItemSchema, ProjectHistorySchema, ProjectSchema, ProjectMemberSchema, ProjectStageSchema } from './project.entity';
import { ProjectTypeDraftSchema, ProjectTypeSchema } from './project-type.entity';
import { AttachmentSchema, AuditEventSchema, DecisionSchema, SubmissionContentSchema, SubmissionSchema } from './record.entity';
import { OrgImportJobSchema, UnitKindSchema, UnitSchema } from './unit.entity';
import { ApiKeySchema, RoleAssignmentSchema, UserSchema } from './user.entity';
import { WebhookDeliverySchema, WebhookSubscriptionSchema } from './webhook.entity';

export * from './bulletin.entity';
export * from './change-event.entity';
export * from './project.entity';
export * from './project-type.entity';
export * from './record.entity';
export * from './unit.entity';
export * from './user.entity';
export * from './webhook.entity';

export const entities = [
  ChangeEventSchema,
  UnitSchema,
  UnitKindSchema,
  UserSchema,
  ApiKeySchema,
  RoleAssignmentSchema,
  ProjectTypeSchema,
  ProjectTypeDraftSchema,
  ProjectSchema,
  ProjectMemberSchema,
  ProjectStageSchema,
  ProjectHistorySchema,
  SubmissionSchema,
  SubmissionContentSchema,
  DecisionSchema,
  AuditEventSchema,
  AttachmentSchema,
  InboxItemSchema,
  OrgImportJobSchema,
  BulletinSchema,
  WebhookSubscriptionSchema,
  WebhookDeliverySchema,
];
