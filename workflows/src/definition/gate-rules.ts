import type { ApproverRule, GateDefinition, ProjectRoles, ProjectTypeDefinition, StageDefinition } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The regular stages, then the re-review and rectification stages of a type that has them. */
export function allStages(definition: ProjectTypeDefinition): StageDefinition[] {
  return definition.review ? [...definition.stages, definition.review.stage, definition.review.rectifyStage] : definition.stages;
}

export function stageIndex(definition: ProjectTypeDefinition, stageKey: string): number {
  return allStages(definition).findIndex((stage) => stage.key === stageKey);
}

export function findStage(definition: ProjectTypeDefinition, stageKey: string): StageDefinition | undefined {
  return allStages(definition).find((stage) => stage.key === stageKey);
}

/** True for the re-review and rectification stages, which run after completion. */
export function isReviewStage(definition: ProjectTypeDefinition, stageKey: string): boolean {
  return Boolean(definition.review && (definition.review.stage.key === stageKey || definition.review.rectifyStage.key === stageKey));
}

/** The same instant `months` calendar months later (UTC), on the last day of a shorter month. */
export function addMonths(instant: Date, months: number): Date {
  const result = new Date(instant.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

/** The regular stage after `stageKey`, or null when it is the last one. */
export function nextStage(definition: ProjectTypeDefinition, stageKey: string): StageDefinition | null {
  const index = stageIndex(definition, stageKey);
  if (index < 0) throw new Error(`unknown stage "${stageKey}"`);
  return definition.stages[index + 1] ?? null;
}

/** Every user the approver rule names for this project, without duplicates. */
export function eligibleApprovers(rule: ApproverRule, roles: ProjectRoles): string[] {
  switch (rule.kind) {
    case 'ROLE': {
      const holders = rule.scope === 'UNIT_OR_ANCESTORS' ? (roles.lineRoleHolders ?? roles.unitRoleHolders) : roles.unitRoleHolders;
      return [...new Set(holders[rule.role] ?? [])];
    }
    case 'USERS':
      return [...new Set(rule.userIds)];
    case 'LEAD':
      return [roles.leadId];
  }
}

export function isEligibleApprover(gate: GateDefinition, roles: ProjectRoles, userId: string): boolean {
  return eligibleApprovers(gate.approvers, roles).includes(userId);
}

/** Team members, the lead, the unit's data-entry operators and admins may fill a project's forms. */
export function mayFillForms(roles: ProjectRoles, userId: string): boolean {
  return (
    roles.leadId === userId ||
    roles.teamMemberIds.includes(userId) ||
    (roles.unitRoleHolders.operator ?? []).includes(userId) ||
    (roles.unitRoleHolders.admin ?? []).includes(userId) ||
    roles.adminIds.includes(userId)
  );
}

/** The lead and the admins of the unit (or above) may cancel a project. */
export function mayCancel(roles: ProjectRoles, userId: string): boolean {
  return roles.leadId === userId || roles.adminIds.includes(userId);
}

/** Due date of a stage opened at `openedAt`: calendar days. */
export function stageDueAt(openedAt: Date, deadlineDays: number): Date {
  return new Date(openedAt.getTime() + deadlineDays * DAY_MS);
}
