import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { formatDateTime } from '../common/format';
import { useUiLocale } from '../common/useUiLocale';
import type { WebhookSubscription } from '../types';
import { WebhookStatusChip } from './WebhookStatusChip';

/** The event kinds as small chips, wrapping: twenty of them must still fit a phone. */
export const KindChips = ({ subscription }: { subscription: WebhookSubscription }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5 }} data-testid="webhook-kinds-shown">
      {subscription.kinds.map((kind) => (
        <Chip key={kind} size="small" variant="outlined" label={translate(`pf.changeKind.${kind}`, { _: kind })} data-kind={kind} />
      ))}
    </Box>
  );
};

/** The status with what it means: since when it is paused or failing, and why. */
export const WebhookState = ({ subscription, explain = false }: { subscription: WebhookSubscription; explain?: boolean }) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  return (
    <Stack spacing={0.5} sx={{ alignItems: 'flex-start' }}>
      <WebhookStatusChip subscription={subscription} />
      {!subscription.active && subscription.pausedAt && (
        <Typography variant="caption" color="text.secondary">
          {translate('pf.webhook.paused_since', { date: formatDateTime(subscription.pausedAt, locale) })}
        </Typography>
      )}
      {subscription.failingSince && (
        <Typography variant="caption" color="error" data-testid="webhook-failing-since">
          {translate('pf.webhook.failing_since', { date: formatDateTime(subscription.failingSince, locale) })}
        </Typography>
      )}
      {explain && !subscription.active && (
        <Alert severity={subscription.pausedReason === 'FAILING' ? 'error' : 'info'} sx={{ mt: 1 }}>
          {translate(subscription.pausedReason === 'FAILING' ? 'pf.webhook.paused_failing_help' : 'pf.webhook.paused_manual_help')}
        </Alert>
      )}
      {explain && subscription.active && subscription.failingSince && (
        <Alert severity="warning" sx={{ mt: 1 }}>
          {translate('pf.webhook.failing_help', { date: formatDateTime(subscription.failingSince, locale) })}
        </Alert>
      )}
    </Stack>
  );
};

/** The last attempt: when, and whether it arrived. */
export const LastDelivery = ({ subscription }: { subscription: WebhookSubscription }) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const last = subscription.lastDelivery;
  if (!last) {
    return (
      <Typography variant="body2" color="text.secondary">
        {translate('pf.webhook.never')}
      </Typography>
    );
  }
  return (
    <Stack spacing={0.25} data-testid="webhook-last-delivery" data-succeeded={last.succeeded ? 'true' : 'false'}>
      <Typography variant="body2">{formatDateTime(last.at, locale)}</Typography>
      <Typography variant="caption" color={last.succeeded ? 'text.secondary' : 'error'}>
        {translate(last.succeeded ? 'pf.webhook.delivered' : 'pf.webhook.failed')}
        {last.statusCode !== null ? ` · ${last.statusCode}` : ''}
      </Typography>
    </Stack>
  );
};

/** A label above its value, as a definition list reads. */
export const Labelled = ({ label, children }: { label: string; children: ReactNode }) => (
  <Box sx={{ minWidth: 0 }}>
    <Typography variant="caption" color="text.secondary" component="div">
      {label}
    </Typography>
    <Box sx={{ overflowWrap: 'anywhere' }}>{children}</Box>
  </Box>
);
