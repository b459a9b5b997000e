import Chip from '@mui/material/Chip';
import { useTranslate } from 'react-admin';
import type { WebhookSubscription } from '../types';

export type WebhookStatus = 'ACTIVE' | 'MANUAL' | 'FAILING';

export const webhookStatusOf = (subscription: Pick<WebhookSubscription, 'active' | 'pausedReason'>): WebhookStatus =>
  subscription.active ? 'ACTIVE' : subscription.pausedReason === 'FAILING' ? 'FAILING' : 'MANUAL';

const COLOR = { ACTIVE: 'success', MANUAL: 'default', FAILING: 'error' } as const;

/** Active, paused by hand, or paused because its receiver kept failing. */
export const WebhookStatusChip = ({ subscription }: { subscription: WebhookSubscription }) => {
  const translate = useTranslate();
  const status = webhookStatusOf(subscription);
  return (
    <Chip
      size="small"
      color={COLOR[status]}
      label={translate(`pf.webhook.status.${status}`)}
      data-testid="webhook-status"
      data-status={status}
    />
  );
};
