import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { EditButton, useDataProvider, useNavigate, useTranslate } from 'react-admin';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { useServerCall } from '../common/useServerCall';
import type { PhaseflowDataProvider, WebhookSecretResult } from '../providers/data-provider';
import type { WebhookSubscription } from '../types';
import { WebhookSecretDialog } from './WebhookSecretDialog';

const DEFAULT_OVERLAP_HOURS = 24;
// the server's bound: a week
const MAX_OVERLAP_HOURS = 24 * 7;

/** Pause or resume, depending on the state: resuming a failing subscription continues from its first undelivered event. */
export const PauseResumeButton = ({ subscription, size = 'small' }: { subscription: WebhookSubscription; size?: 'small' | 'medium' }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const { run, pending } = useServerCall();
  const active = subscription.active;
  return (
    <Button
      size={size}
      variant="outlined"
      color={active ? 'warning' : 'primary'}
      disabled={pending}
      onClick={(event) => {
        event.stopPropagation();
        void (active
          ? run(() => dataProvider.pauseWebhook(subscription.id), 'pf.webhook.paused')
          : run(() => dataProvider.resumeWebhook(subscription.id), 'pf.webhook.resumed'));
      }}
      data-testid={active ? 'webhook-pause' : 'webhook-resume'}
    >
      {translate(active ? 'pf.webhook.pause' : 'pf.webhook.resume')}
    </Button>
  );
};

/** Asks for the overlap, rotates, and shows the new secret once. */
export const RotateSecretButton = ({ subscription }: { subscription: WebhookSubscription }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const { run, pending } = useServerCall();
  const [open, setOpen] = useState(false);
  const [hours, setHours] = useState(String(DEFAULT_OVERLAP_HOURS));
  const [rotated, setRotated] = useState<WebhookSecretResult | null>(null);
  const overlap = Number(hours);
  const valid = hours.trim() !== '' && Number.isInteger(overlap) && overlap >= 0 && overlap <= MAX_OVERLAP_HOURS;
  return (
    <>
      <Button size="small" variant="outlined" onClick={() => setOpen(true)} data-testid="webhook-rotate">
        {translate('pf.webhook.rotate')}
      </Button>
      <Dialog open={open} onClose={pending ? undefined : () => setOpen(false)} aria-labelledby="webhook-rotate-title" maxWidth="sm" fullWidth>
        <DialogTitle id="webhook-rotate-title">{translate('pf.webhook.rotate_title', { name: subscription.name })}</DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            <DialogContentText>{translate('pf.webhook.rotate_confirm')}</DialogContentText>
            <TextField
              label={translate('pf.webhook.overlap_hours')}
              type="number"
              size="small"
              value={hours}
              error={!valid}
              onChange={(event) => setHours(event.target.value)}
              helperText={translate('pf.webhook.overlap_help', { max: MAX_OVERLAP_HOURS })}
              slotProps={{ htmlInput: { min: 0, max: MAX_OVERLAP_HOURS, step: 1, 'data-testid': 'webhook-rotate-overlap' } }}
              sx={{ maxWidth: 200 }}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} disabled={pending}>
            {translate('ra.action.cancel')}
          </Button>
          <Button
            variant="contained"
            color="warning"
            disabled={pending || !valid}
            data-testid="webhook-rotate-confirm"
            onClick={async () => {
              const result = await run(() => dataProvider.rotateWebhookSecret(subscription.id, overlap));
              if (result) {
                setOpen(false);
                setRotated(result);
              }
            }}
          >
            {translate('pf.webhook.rotate')}
          </Button>
        </DialogActions>
      </Dialog>
      {rotated && (
        <WebhookSecretDialog
          secret={rotated.secret}
          rotated
          previousValidUntil={rotated.subscription.previousSecretValidUntil}
          onClose={() => setRotated(null)}
        />
      )}
    </>
  );
};

export const DeleteWebhookButton = ({ subscription }: { subscription: WebhookSubscription }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const navigate = useNavigate();
  const { run, pending } = useServerCall();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" variant="outlined" color="error" onClick={() => setOpen(true)} data-testid="webhook-delete">
        {translate('pf.webhook.delete')}
      </Button>
      <ConfirmDialog
        open={open}
        title={translate('pf.webhook.delete_title', { name: subscription.name })}
        content={translate('pf.webhook.delete_confirm', { url: subscription.url })}
        confirmLabel={translate('pf.webhook.delete')}
        confirmTestId="webhook-delete-confirm"
        pending={pending}
        onClose={() => setOpen(false)}
        onConfirm={async () => {
          const deleted = await run(
            () => dataProvider.delete('webhooks', { id: subscription.id, previousData: subscription }),
            'pf.webhook.deleted',
          );
          if (deleted) {
            setOpen(false);
            navigate('/webhooks');
          }
        }}
      />
    </>
  );
};

/** Everything an admin does to one subscription, wrapping onto several lines on a phone. */
export const WebhookActions = ({ subscription }: { subscription: WebhookSubscription }) => (
  <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
    <EditButton record={subscription} resource="webhooks" variant="outlined" data-testid="webhook-edit" />
    <PauseResumeButton subscription={subscription} />
    <RotateSecretButton subscription={subscription} />
    <DeleteWebhookButton subscription={subscription} />
  </Stack>
);
