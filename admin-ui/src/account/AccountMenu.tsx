import LockIcon from '@mui/icons-material/Lock';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { Logout, UserMenu, useDataProvider, useNotify, useTranslate, useUserMenu } from 'react-admin';
import type { PhaseflowDataProvider } from '../providers/data-provider';
import { setToken } from '../providers/token-store';
import { NewPasswordFields } from '../users/PasswordFields';

interface ServerError {
  message?: string;
  body?: { errors?: Record<string, string> };
}

/** The signed-in user changes their own password, giving the current one; the fresh token replaces the old. */
const ChangePasswordDialog = ({ open, onClose }: { open: boolean; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ServerError | null>(null);
  const reset = () => {
    setCurrent('');
    setPassword('');
    setRepeated('');
    setError(null);
  };

  const change = async () => {
    setPending(true);
    setError(null);
    try {
      // older tokens stop working, this session included: it goes on with the fresh one
      setToken(await dataProvider.changePassword(current, password));
      notify('pf.password.changed', { type: 'success' });
      onClose();
    } catch (caught) {
      const failure = caught as ServerError;
      setError(failure);
      notify(failure.message || 'ra.notification.http_error', { type: 'error' });
    } finally {
      setPending(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={pending ? undefined : onClose}
      maxWidth="xs"
      fullWidth
      slotProps={{ transition: { onExited: reset } }}
      aria-labelledby="change-password-title"
    >
      <DialogTitle id="change-password-title">{translate('pf.password.change')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <TextField
            type="password"
            label={translate('pf.password.current')}
            value={current}
            onChange={(event) => setCurrent(event.target.value)}
            required
            error={Boolean(error?.body?.errors?.currentPassword)}
            helperText={error?.body?.errors?.currentPassword}
            slotProps={{ htmlInput: { 'data-testid': 'change-password-current', autoComplete: 'current-password' } }}
          />
          <NewPasswordFields
            value={password}
            repeated={repeated}
            onChange={setPassword}
            onRepeatedChange={setRepeated}
            serverError={error?.body?.errors?.newPassword}
            testId="change-password"
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={pending}>
          {translate('ra.action.cancel')}
        </Button>
        <Button
          variant="contained"
          disabled={pending || !current || !password || password !== repeated}
          onClick={() => void change()}
          data-testid="change-password-confirm"
        >
          {translate('pf.password.change')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

const ChangePasswordItem = ({ onOpen }: { onOpen: () => void }) => {
  const translate = useTranslate();
  const userMenu = useUserMenu();
  return (
    <MenuItem
      onClick={() => {
        userMenu?.onClose();
        onOpen();
      }}
      data-testid="menu-change-password"
    >
      <ListItemIcon>
        <LockIcon fontSize="small" />
      </ListItemIcon>
      <ListItemText>{translate('pf.password.change')}</ListItemText>
    </MenuItem>
  );
};

/** The user menu: change the password, and sign out (everywhere: the server bumps the token version). */
export const AccountMenu = () => {
  const [changing, setChanging] = useState(false);
  return (
    <>
      <UserMenu>
        <ChangePasswordItem onOpen={() => setChanging(true)} />
        <Logout data-testid="menu-logout" />
      </UserMenu>
      <ChangePasswordDialog open={changing} onClose={() => setChanging(false)} />
    </>
  );
};
