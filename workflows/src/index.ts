export * from './definition';
export * from './project/types';
export * from './project/project-machine';
export { PROJECT_NOT_RECORDED, type BulletinActivities, type ProjectActivities, type WebhookActivities } from './activities';
export * from './bulletin';
export * from './webhook';
export {
  addSignerUpdate,
  cancelProjectUpdate,
  decideGateUpdate,
  endBackfillSignal,
  moveToStageUpdate,
  projectStateQuery,
  submitStageFormUpdate,
  transferApprovalUpdate,
  withdrawSubmissionUpdate,
  withdrawVoteUpdate,
} from './project/project.workflow';
