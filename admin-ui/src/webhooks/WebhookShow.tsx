import CardContent from '@mui/material/CardContent';
import Divider from '@mui/material/Divider';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Show, useRecordContext, useTranslate } from 'react-admin';
import { formatDateTime } from '../common/format';
import { useUiLocale } from '../common/useUiLocale';
import type { WebhookSubscription } from '../types';
import { DeliveryLog } from './DeliveryLog';
import { WebhookActions } from './WebhookActions';
import { KindChips, Labelled, LastDelivery, WebhookState } from './WebhookDetails';

const WebhookTitle = () => {
  const subscription = useRecordContext<WebhookSubscription>();
  return <>{subscription?.name ?? ''}</>;
};

const WebhookShowContent = () => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const subscription = useRecordContext<WebhookSubscription>();
  if (!subscription) return null;
  const field = (name: string) => translate(`resources.webhooks.fields.${name}`);
  return (
    <CardContent sx={{ px: { xs: 1.5, sm: 2 } }} data-testid="webhook-show" data-webhook-id={subscription.id}>
      <Stack spacing={2}>
        <Typography variant="h6" component="h1" sx={{ overflowWrap: 'anywhere' }}>
          {subscription.name}
        </Typography>
        <WebhookActions subscription={subscription} />
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, md: 6 }}>
            <Labelled label={field('url')}>
              <Typography variant="body2" sx={{ fontFamily: 'monospace' }} data-testid="webhook-url-shown">
                {subscription.url}
              </Typography>
            </Labelled>
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 3 }}>
            <Labelled label={field('unit')}>{subscription.unit.name}</Labelled>
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 3 }}>
            <Labelled label={field('active')}>
              <WebhookState subscription={subscription} explain />
            </Labelled>
          </Grid>
          <Grid size={{ xs: 12 }}>
            <Labelled label={field('kinds')}>
              <KindChips subscription={subscription} />
            </Labelled>
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 3 }}>
            <Labelled label={field('lastDelivery')}>
              <LastDelivery subscription={subscription} />
            </Labelled>
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 3 }}>
            <Labelled label={field('createdAt')}>
              {formatDateTime(subscription.createdAt, locale)}
              {subscription.createdBy ? ` · ${subscription.createdBy.name}` : ''}
            </Labelled>
          </Grid>
          {subscription.previousSecretValidUntil && (
            <Grid size={{ xs: 12, md: 6 }}>
              <Typography variant="body2" color="text.secondary" data-testid="webhook-previous-secret">
                {translate('pf.webhook.previous_secret', { date: formatDateTime(subscription.previousSecretValidUntil, locale) })}
              </Typography>
            </Grid>
          )}
        </Grid>
        <Divider />
        <DeliveryLog subscriptionId={subscription.id} />
      </Stack>
    </CardContent>
  );
};

/** One subscription: where it sends what, its state, the actions, and its delivery log. */
export const WebhookShow = () => (
  <Show actions={false} title={<WebhookTitle />}>
    <WebhookShowContent />
  </Show>
);
