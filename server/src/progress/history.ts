import type { ProjectEvent, ProjectState } from '@phaseflow/workflows';

/** Where a project stands in its process: what `project_history` keeps, one row per change. */
export interface ProcessPosition {
  status: string;
  stageKey: string | null;
  dueAt: string | null;
  warnAt: string | null;
  designationStatus: string | null;
}

export interface PositionChange {
  seq: number;
  /** The event's time (the workflow clock), ISO. */
  at: string;
  position: ProcessPosition;
}

export function positionOf(state: ProjectState): ProcessPosition {
  const current = state.stages.find((stage) => stage.key === state.currentStageKey);
  return {
    status: state.status,
    stageKey: state.currentStageKey,
    dueAt: current?.dueAt ? new Date(current.dueAt).toISOString() : null,
    warnAt: current?.warnAt ? new Date(current.warnAt).toISOString() : null,
    designationStatus: state.designation?.status ?? null,
  };
}

export function samePosition(a: ProcessPosition | null, b: ProcessPosition): boolean {
  return (
    a !== null &&
    a.status === b.status &&
    a.stageKey === b.stageKey &&
    sameInstant(a.dueAt, b.dueAt) &&
    sameInstant(a.warnAt, b.warnAt) &&
    a.designationStatus === b.designationStatus
  );
}

function sameInstant(a: string | null, b: string | null): boolean {
  return a === null || b === null ? a === b : Date.parse(a) === Date.parse(b);
}

/**
 * The history rows a batch of events adds after `last` (the project's latest row, or null): one per
 * change of position. Events of one instant collapse to the last of them, so no row is valid for
 * an empty interval; events that change nothing the history keeps (a draft saved, a vote) add none.
 */
export function positionChanges(last: ProcessPosition | null, events: ProjectEvent[]): PositionChange[] {
  const byInstant: PositionChange[] = [];
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    const change = { seq: event.seq, at: new Date(event.at).toISOString(), position: positionOf(event.after) };
    if (byInstant.length > 0 && byInstant[byInstant.length - 1].at === change.at) byInstant[byInstant.length - 1] = change;
    else byInstant.push(change);
  }
  const changes: PositionChange[] = [];
  let previous = last;
  for (const change of byInstant) {
    if (samePosition(previous, change.position)) continue;
    changes.push(change);
    previous = change.position;
  }
  return changes;
}
