import type { LocalizedText } from '@phaseflow/forms';

export type Flag = 'WARNING' | 'OVERDUE';

export const DESIGNATION_STATUSES = ['DESIGNATED', 'UNDER_REVIEW', 'RECTIFYING', 'EXPIRED'] as const;
export type DesignationStatus = (typeof DESIGNATION_STATUSES)[number];

/** One group of projects at an instant, as the progress query counts them. */
export interface PositionCount {
  status: string;
  stageKey: string | null;
  /** Derived at the instant: OVERDUE when the current stage's due instant has come, WARNING when its warning instant has. */
  flag: Flag | null;
  /** Active, and the current stage is due in (asOf, asOf + 7 days]. */
  dueSoon: boolean;
  designationStatus: string | null;
  count: number;
}

export interface StageMeta {
  key: string;
  names: LocalizedText;
}

export interface StageProgress {
  stageKey: string;
  names: LocalizedText;
  position: number;
  count: number;
  warning: number;
  overdue: number;
}

export interface ProgressFigures {
  total: number;
  active: number;
  completed: number;
  cancelled: number;
  completionRate: number;
  warning: number;
  overdue: number;
  dueWithin7Days: number;
  stages: StageProgress[];
  designations: { status: DesignationStatus; count: number }[];
}

export interface FigureShape {
  /** The type's stages in order (empty without a type): one StageProgress each, zeros included. */
  stages: StageMeta[];
  /** Whether the type has periodic re-review: then every designation status is counted. */
  designations: boolean;
}

/** Adds up groups of projects into the figures of one part of the tree. Pure, so every level adds up the same way. */
export function figuresOf(groups: PositionCount[], shape: FigureShape): ProgressFigures {
  const figures: ProgressFigures = {
    total: 0,
    active: 0,
    completed: 0,
    cancelled: 0,
    completionRate: 0,
    warning: 0,
    overdue: 0,
    dueWithin7Days: 0,
    stages: shape.stages.map((stage, position) => ({ stageKey: stage.key, names: stage.names, position, count: 0, warning: 0, overdue: 0 })),
    designations: shape.designations ? DESIGNATION_STATUSES.map((status) => ({ status, count: 0 })) : [],
  };
  const stages = new Map(figures.stages.map((stage) => [stage.stageKey, stage]));
  for (const group of groups) {
    figures.total += group.count;
    if (group.status === 'COMPLETED') figures.completed += group.count;
    if (group.status === 'CANCELLED') figures.cancelled += group.count;
    if (shape.designations && group.designationStatus) {
      const designation = figures.designations.find((d) => d.status === group.designationStatus);
      if (designation) designation.count += group.count;
    }
    if (group.status !== 'ACTIVE') continue;
    figures.active += group.count;
    if (group.flag === 'WARNING') figures.warning += group.count;
    if (group.flag === 'OVERDUE') figures.overdue += group.count;
    if (group.dueSoon) figures.dueWithin7Days += group.count;
    if (shape.stages.length === 0 || group.stageKey === null) continue;
    let stage = stages.get(group.stageKey);
    if (!stage) {
      // A stage of an older version that the newest no longer has: still counted, after the others.
      stage = { stageKey: group.stageKey, names: { zh: group.stageKey, en: group.stageKey }, position: figures.stages.length, count: 0, warning: 0, overdue: 0 };
      figures.stages.push(stage);
      stages.set(stage.stageKey, stage);
    }
    stage.count += group.count;
    if (group.flag === 'WARNING') stage.warning += group.count;
    if (group.flag === 'OVERDUE') stage.overdue += group.count;
  }
  const counted = figures.total - figures.cancelled;
  figures.completionRate = counted > 0 ? figures.completed / counted : 0;
  return figures;
}

