import ContentCopy from '@mui/icons-material/ContentCopy';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { formatDateTime } from '../common/format';
import { useUiLocale } from '../common/useUiLocale';

/**
 * The signing secret, this once (after a create or a rotation): copy it now, the server answers it in no
 * other place. It closes only through its button, so a stray click cannot lose it.
 */
export const WebhookSecretDialog = ({
  secret,
  rotated,
  previousValidUntil,
  onClose,
}: {
  secret: string;
  rotated: boolean;
  previousValidUntil?: string | null;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const locale = useUiLocale();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
      notify('pf.webhook.copied', { type: 'success' });
    } catch {
      notify('pf.webhook.copy_failed', { type: 'warning' });
    }
  };
  return (
    <Dialog open maxWidth="sm" fullWidth aria-labelledby="webhook-secret-title" data-testid="webhook-secret-dialog">
      <DialogTitle id="webhook-secret-title">{translate(rotated ? 'pf.webhook.rotated_title' : 'pf.webhook.created_title')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <Alert severity="warning" data-testid="webhook-secret-warning">
            {translate('pf.webhook.shown_once')}
          </Alert>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Box
              component="code"
              data-testid="webhook-secret"
              sx={{ flex: 1, minWidth: 0, p: 1.5, bgcolor: 'action.hover', borderRadius: 1, fontFamily: 'monospace', wordBreak: 'break-all', userSelect: 'all' }}
            >
              {secret}
            </Box>
            <IconButton onClick={() => void copy()} aria-label={translate('pf.webhook.copy')} title={translate('pf.webhook.copy')} data-testid="webhook-secret-copy">
              <ContentCopy />
            </IconButton>
          </Stack>
          {rotated && previousValidUntil && (
            <Typography variant="body2" data-testid="webhook-secret-overlap">
              {translate('pf.webhook.overlap_note', { date: formatDateTime(previousValidUntil, locale) })}
            </Typography>
          )}
          <Typography variant="body2" color="text.secondary">
            {translate('pf.webhook.usage')}
          </Typography>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button variant={copied ? 'contained' : 'outlined'} onClick={onClose} data-testid="webhook-secret-done">
          {translate('pf.webhook.done')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
