export * from './definition';
export * from './project/types';
export * from './project/project-machine';
export type { ProjectActivities } from './activities';
export {
  cancelProjectUpdate,
  decideGateUpdate,
  projectStateQuery,
  submitStageFormUpdate,
} from './project/project.workflow';
