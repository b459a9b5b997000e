// The entry the worker bundles: every workflow function, and nothing with I/O.
export { projectWorkflow } from './project/project.workflow';
export { bulletinWorkflow } from './bulletin/bulletin.workflow';
export { webhookWorkflow } from './webhook/webhook.workflow';
