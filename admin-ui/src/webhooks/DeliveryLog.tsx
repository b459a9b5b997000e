import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useCreatePath, useDataProvider, useTranslate } from 'react-admin';
import { formatDateTime } from '../common/format';
import { useServerCall } from '../common/useServerCall';
import { useUiLocale } from '../common/useUiLocale';
import { commandErrorMessage } from '../projects/useProjectCommand';
import type { PhaseflowDataProvider } from '../providers/data-provider';
import type { WebhookDelivery } from '../types';

const PAGE_SIZE = 25;
// the first page follows deliveries as they happen; older pages stand still
const LIVE_REFRESH_MS = 5_000;

const OutcomeChip = ({ delivery }: { delivery: WebhookDelivery }) => {
  const translate = useTranslate();
  const code = delivery.statusCode ?? translate('pf.webhook.deliveries.no_response');
  return (
    <Chip
      size="small"
      color={delivery.succeeded ? 'success' : 'error'}
      label={`${translate(delivery.succeeded ? 'pf.webhook.delivered' : 'pf.webhook.failed')} · ${code}`}
      data-testid="delivery-outcome"
      data-succeeded={delivery.succeeded ? 'true' : 'false'}
    />
  );
};

const ProjectLink = ({ delivery }: { delivery: WebhookDelivery }) => {
  const createPath = useCreatePath();
  if (!delivery.project) return null;
  return (
    <Link to={createPath({ resource: 'projects', type: 'show', id: delivery.project.id })}>
      {delivery.project.code} {delivery.project.title}
    </Link>
  );
};

const AttemptText = ({ delivery }: { delivery: WebhookDelivery }) => {
  const translate = useTranslate();
  return (
    <>
      {translate('pf.webhook.deliveries.attempt_n', { n: delivery.attempt })}
      {delivery.manual && (
        <Chip size="small" variant="outlined" sx={{ ml: 0.5 }} label={translate('pf.webhook.deliveries.manual')} data-testid="delivery-manual" />
      )}
    </>
  );
};

interface DeliveryViewProps {
  delivery: WebhookDelivery;
  busy: boolean;
  onSendAgain: () => void;
}

const SendAgainButton = ({ busy, onSendAgain, size }: Omit<DeliveryViewProps, 'delivery'> & { size: 'small' | 'medium' }) => {
  const translate = useTranslate();
  return (
    <Button size={size} variant="outlined" disabled={busy} onClick={onSendAgain} data-testid="delivery-send-again">
      {translate('pf.webhook.deliveries.send_again')}
    </Button>
  );
};

const DeliveryRow = ({ delivery, ...props }: DeliveryViewProps) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  return (
    <TableRow data-testid="webhook-delivery" data-delivery-id={delivery.id} data-webhook-id={delivery.webhookId} data-manual={delivery.manual ? 'true' : 'false'}>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(delivery.at, locale)}</TableCell>
      <TableCell>
        <Box>{translate(`pf.changeKind.${delivery.kind}`, { _: delivery.kind })}</Box>
        <ProjectLink delivery={delivery} />
      </TableCell>
      <TableCell>
        <AttemptText delivery={delivery} />
      </TableCell>
      <TableCell>
        <OutcomeChip delivery={delivery} />
      </TableCell>
      <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
        {translate('pf.webhook.deliveries.ms', { ms: delivery.latencyMs })}
      </TableCell>
      <TableCell sx={{ overflowWrap: 'anywhere', maxWidth: 280 }}>{delivery.error ?? ''}</TableCell>
      <TableCell align="right">
        <SendAgainButton {...props} size="small" />
      </TableCell>
    </TableRow>
  );
};

/** One attempt as a card, for a phone: the outcome and time, the event, the error, and a full-size button. */
const DeliveryCard = ({ delivery, ...props }: DeliveryViewProps) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  return (
    <Card variant="outlined" data-testid="webhook-delivery" data-delivery-id={delivery.id} data-webhook-id={delivery.webhookId} data-manual={delivery.manual ? 'true' : 'false'}>
      <CardContent sx={{ p: 1.5, '&:last-child': { pb: 1 } }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap' }}>
          <OutcomeChip delivery={delivery} />
          <Typography variant="caption" color="text.secondary">
            {formatDateTime(delivery.at, locale)}
          </Typography>
        </Stack>
        <Box sx={{ mt: 1, overflowWrap: 'anywhere' }}>
          <Typography variant="body2">{translate(`pf.changeKind.${delivery.kind}`, { _: delivery.kind })}</Typography>
          <ProjectLink delivery={delivery} />
        </Box>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
          <AttemptText delivery={delivery} /> · {translate('pf.webhook.deliveries.ms', { ms: delivery.latencyMs })}
        </Typography>
        {delivery.error && (
          <Typography variant="body2" color="error" sx={{ mt: 0.5, overflowWrap: 'anywhere' }}>
            {delivery.error}
          </Typography>
        )}
        <Stack direction="row" sx={{ mt: 1, justifyContent: 'flex-end', minHeight: 44, alignItems: 'center' }}>
          <SendAgainButton {...props} size="medium" />
        </Stack>
      </CardContent>
    </Card>
  );
};

/** A subscription's attempts, newest first, a page at a time; any of them can be sent again. */
export const DeliveryLog = ({ subscriptionId }: { subscriptionId: string }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const small = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const { run, pending } = useServerCall();
  // the cursors of the pages before the current one; cursors only go forward, so going back pops
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const { data, isPending, error } = useQuery({
    queryKey: ['webhookDeliveries', subscriptionId, after],
    queryFn: ({ signal }) => dataProvider.getWebhookDeliveries(subscriptionId, PAGE_SIZE, after, signal),
    refetchInterval: after === null ? LIVE_REFRESH_MS : false,
  });
  const deliveries = data?.nodes ?? [];
  const sendAgain = (delivery: WebhookDelivery) => run(() => dataProvider.redeliverWebhook(delivery.id), 'pf.webhook.deliveries.sent_again');

  return (
    <Stack spacing={1.5} data-testid="webhook-deliveries">
      <Typography variant="h6" component="h2">
        {translate('pf.webhook.deliveries.title')}
      </Typography>
      {isPending && <LinearProgress aria-label={translate('ra.page.loading')} />}
      {error && <Alert severity="error">{translate(commandErrorMessage(error))}</Alert>}
      {!isPending && !error && deliveries.length === 0 && (
        <Typography color="text.secondary" data-testid="webhook-deliveries-empty">
          {translate('pf.webhook.deliveries.empty')}
        </Typography>
      )}
      {deliveries.length > 0 && small && (
        <Stack spacing={1}>
          {deliveries.map((delivery) => (
            <DeliveryCard key={delivery.id} delivery={delivery} busy={pending} onSendAgain={() => void sendAgain(delivery)} />
          ))}
        </Stack>
      )}
      {deliveries.length > 0 && !small && (
        <Table size="small" data-testid="webhook-deliveries-table">
          <TableHead>
            <TableRow>
              <TableCell>{translate('pf.webhook.deliveries.time')}</TableCell>
              <TableCell>{translate('pf.webhook.deliveries.event')}</TableCell>
              <TableCell>{translate('pf.webhook.deliveries.attempt')}</TableCell>
              <TableCell>{translate('pf.webhook.deliveries.status')}</TableCell>
              <TableCell align="right">{translate('pf.webhook.deliveries.latency')}</TableCell>
              <TableCell>{translate('pf.webhook.deliveries.error')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {deliveries.map((delivery) => (
              <DeliveryRow key={delivery.id} delivery={delivery} busy={pending} onSendAgain={() => void sendAgain(delivery)} />
            ))}
          </TableBody>
        </Table>
      )}
      {(cursors.length > 1 || data?.pageInfo.hasNextPage) && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Button disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))} data-testid="webhook-deliveries-newer">
            {translate('pf.webhook.deliveries.newer')}
          </Button>
          <Typography variant="body2" color="text.secondary">
            {translate('pf.webhook.deliveries.page', { page: cursors.length })}
          </Typography>
          <Button
            disabled={!data?.pageInfo.hasNextPage || !data.pageInfo.endCursor}
            onClick={() => data?.pageInfo.endCursor && setCursors([...cursors, data.pageInfo.endCursor])}
            data-testid="webhook-deliveries-older"
          >
            {translate('pf.webhook.deliveries.older')}
          </Button>
        </Stack>
      )}
    </Stack>
  );
};
