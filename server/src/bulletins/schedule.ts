import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleOptionsStartWorkflowAction, type ScheduleSpec } from '@temporalio/client';
import type { BulletinWorkflowInput } from '@phaseflow/workflows/bulletin';
import type { Workflow } from '@temporalio/common';
import type { BulletinSchedule } from './bulletin.service';

/**
 * The Schedule's id: `phaseflow-bulletin` for the default task queue. A deployment on another queue
 * sharing the Temporal namespace gets its own (`phaseflow-bulletin-<queue>`), so that it never points
 * the other's schedule at a queue without its workers; bulletins are idempotent, so two never clash.
 */
export function bulletinScheduleId(taskQueue: string): string {
  return taskQueue === 'phaseflow' ? 'phaseflow-bulletin' : `phaseflow-bulletin-${taskQueue}`;
}

function specOf(schedule: BulletinSchedule): ScheduleSpec {
  return { cronExpressions: [schedule.cron], timezone: schedule.timeZone };
}

function actionOf(schedule: BulletinSchedule, taskQueue: string): ScheduleOptionsStartWorkflowAction<Workflow> {
  const input: BulletinWorkflowInput = { timeZone: schedule.timeZone, levels: schedule.levels };
  return { type: 'startWorkflow', workflowType: 'bulletinWorkflow', workflowId: `${bulletinScheduleId(taskQueue)}-run`, taskQueue, args: [input] };
}

const note = (schedule: BulletinSchedule) =>
  schedule.source === 'ADMIN' ? `set by an admin (${schedule.updatedBy ?? '?'}) at ${schedule.updatedAt ?? '?'}` : 'from the configuration (BULLETIN_CRON, BULLETIN_TIME_ZONE)';

/**
 * Creates the bulletin's Temporal Schedule, or brings the existing one to these settings (spec, action,
 * paused). A missed run is caught up within a day (the server was down on the 1st at 08:00).
 */
export async function applyBulletinSchedule(client: Client, schedule: BulletinSchedule, taskQueue: string): Promise<void> {
  const scheduleId = bulletinScheduleId(taskQueue);
  try {
    await client.schedule.create({
      scheduleId,
      spec: specOf(schedule),
      action: actionOf(schedule, taskQueue),
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      state: { paused: schedule.paused, note: note(schedule) },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({
      ...previous,
      spec: specOf(schedule),
      action: actionOf(schedule, taskQueue),
      state: { ...previous.state, paused: schedule.paused, note: note(schedule) },
    }));
  }
}

/** What Temporal holds of the schedule: its next runs and whether it is paused; null when it does not exist. */
export async function describeBulletinSchedule(client: Client, taskQueue: string): Promise<{ nextActionTimes: Date[]; paused: boolean } | null> {
  try {
    const description = await client.schedule.getHandle(bulletinScheduleId(taskQueue)).describe();
    return { nextActionTimes: description.info.nextActionTimes, paused: description.state.paused };
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return null;
    throw error;
  }
}
