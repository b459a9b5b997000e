/** TOWN: the units of kind TOWN of a tree; DEPARTMENT: projects grouped by their responsible department. */
export type BulletinLevel = 'TOWN' | 'DEPARTMENT';

/** One bulletin to make for a month: a tree (its root unit), a project type and a level. */
export interface BulletinTargetRef {
  scopeUnitId: string;
  typeKey: string;
  level: BulletinLevel;
}

export interface BulletinWorkflowInput {
  /** `YYYY-MM`; absent: the month before the run's start, in `timeZone`. */
  month?: string | null;
  /** IANA zone of the months; default Asia/Shanghai. */
  timeZone?: string | null;
  /** Default: TOWN. */
  levels?: BulletinLevel[] | null;
}

export interface BulletinWorkflowResult {
  month: string;
  bulletins: { bulletinId: string; created: boolean; target: BulletinTargetRef }[];
  /** Inbox items added by this run (0 when a rerun finds every item there). */
  notified: number;
}
