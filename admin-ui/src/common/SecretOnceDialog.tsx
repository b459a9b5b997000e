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
import { useState, type ReactNode } from 'react';
import { useNotify, useTranslate } from 'react-admin';

/**
 * A secret the server answers this once (an API key, a webhook signing secret): copy it now. It closes
 * only through its button, so a stray click cannot lose it. `messages` names the texts' namespace
 * (`shown_once`, `copy`, `copied`, `copy_failed`, `usage`, `done` under it); `testId` prefixes the test ids.
 */
export const SecretOnceDialog = ({
  secret,
  title,
  messages,
  testId,
  copyTestId,
  children,
  onClose,
}: {
  secret: string;
  title: string;
  messages: string;
  testId: string;
  copyTestId: string;
  children?: ReactNode;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
      notify(`${messages}.copied`, { type: 'success' });
    } catch {
      notify(`${messages}.copy_failed`, { type: 'warning' });
    }
  };
  return (
    <Dialog open maxWidth="sm" fullWidth aria-labelledby={`${testId}-title`} data-testid={`${testId}-dialog`}>
      <DialogTitle id={`${testId}-title`}>{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <Alert severity="warning" data-testid={`${testId}-warning`}>
            {translate(`${messages}.shown_once`)}
          </Alert>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Box
              component="code"
              data-testid={testId}
              sx={{ flex: 1, minWidth: 0, p: 1.5, bgcolor: 'action.hover', borderRadius: 1, fontFamily: 'monospace', wordBreak: 'break-all', userSelect: 'all' }}
            >
              {secret}
            </Box>
            <IconButton onClick={() => void copy()} aria-label={translate(`${messages}.copy`)} title={translate(`${messages}.copy`)} data-testid={copyTestId}>
              <ContentCopy />
            </IconButton>
          </Stack>
          {children}
          <Typography variant="body2" color="text.secondary">
            {translate(`${messages}.usage`)}
          </Typography>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button variant={copied ? 'contained' : 'outlined'} onClick={onClose} data-testid={`${testId}-done`}>
          {translate(`${messages}.done`)}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
