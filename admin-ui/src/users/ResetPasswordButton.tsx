import KeyIcon from '@mui/icons-material/Key';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import { useServerCall } from '../common/useServerCall';
import type { PhaseflowDataProvider } from '../providers/data-provider';
import type { User } from '../types';
import { NewPasswordFields } from './PasswordFields';

/** An admin sets a new password for a user; the user's existing sessions end. */
export const ResetPasswordButton = ({ user }: { user: User }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const { run, pending, error, clearError } = useServerCall();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const close = () => {
    setOpen(false);
    setPassword('');
    setRepeated('');
    clearError();
  };
  return (
    <>
      <Button size="small" startIcon={<KeyIcon />} onClick={() => setOpen(true)} data-testid="reset-password">
        {translate('pf.password.reset')}
      </Button>
      <Dialog open={open} onClose={pending ? undefined : close} maxWidth="xs" fullWidth>
        <DialogTitle>{translate('pf.password.reset_title', { name: user.name })}</DialogTitle>
        <DialogContent>
          <DialogContentText>{translate('pf.password.reset_hint')}</DialogContentText>
          <Stack spacing={2} sx={{ pt: 2 }}>
            <NewPasswordFields
              value={password}
              repeated={repeated}
              onChange={setPassword}
              onRepeatedChange={setRepeated}
              serverError={error?.body?.errors?.newPassword ?? error?.body?.errors?.password}
              testId="reset-password"
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={close} disabled={pending}>
            {translate('ra.action.cancel')}
          </Button>
          <Button
            variant="contained"
            disabled={pending || !password || password !== repeated}
            data-testid="reset-password-confirm"
            onClick={async () => {
              if (await run(() => dataProvider.resetPassword(user.id, password), 'pf.password.reset_done')) close();
            }}
          >
            {translate('pf.password.reset')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
