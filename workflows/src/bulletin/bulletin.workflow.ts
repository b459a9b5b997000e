import { proxyActivities } from '@temporalio/workflow';
import type { BulletinActivities } from '../activities';
import { bulletinMonthAt, isMonth, isTimeZone } from './month';
import type { BulletinWorkflowInput, BulletinWorkflowResult } from './types';

const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const activities = proxyActivities<BulletinActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', nonRetryableErrorTypes: ['BULLETIN_INVALID'] },
});

/**
 * The monthly bulletin (一月一通报), started by the `phaseflow-bulletin` Schedule: for the month before
 * its start on the workflow clock (or the month given), generates the bulletin of every tree × type ×
 * level, then tells the admins of each ranked unit. Every activity is idempotent, so a rerun or a
 * retry after a crash makes nothing twice.
 */
export async function bulletinWorkflow(input: BulletinWorkflowInput = {}): Promise<BulletinWorkflowResult> {
  const timeZone = input.timeZone && isTimeZone(input.timeZone) ? input.timeZone : DEFAULT_TIME_ZONE;
  const month = input.month && isMonth(input.month) ? input.month : bulletinMonthAt(Date.now(), timeZone);
  const levels = input.levels && input.levels.length > 0 ? input.levels : ['TOWN' as const];
  const targets = await activities.bulletinTargets({ levels });
  const bulletins: BulletinWorkflowResult['bulletins'] = [];
  for (const target of targets) {
    const generated = await activities.generateBulletin({ ...target, month, timeZone });
    bulletins.push({ ...generated, target });
  }
  let notified = 0;
  for (const bulletin of bulletins) notified += await activities.notifyBulletinPublished(bulletin.bulletinId);
  return { month, bulletins, notified };
}
