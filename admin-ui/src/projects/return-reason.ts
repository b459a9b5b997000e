import type { Decision, ProjectStage } from '../types';

/**
 * The decision that sent this stage's work back, when it is open again because of one: the newest
 * RETURN to it while it is RETURNED, or the newest REJECT of it while it is REJECTED.
 */
export function sentBackBy(stage: Pick<ProjectStage, 'key' | 'status'>, decisions: readonly Decision[]): Decision | null {
  const newestFirst = [...decisions].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (stage.status === 'RETURNED') return newestFirst.find((d) => d.decision === 'RETURN' && d.returnToStageKey === stage.key) ?? null;
  if (stage.status === 'REJECTED') return newestFirst.find((d) => d.decision === 'REJECT' && d.stageKey === stage.key) ?? null;
  return null;
}
