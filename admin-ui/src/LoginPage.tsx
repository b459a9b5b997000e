import Button from '@mui/material/Button';
import CardContent from '@mui/material/CardContent';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import {
  Form,
  LocalesMenuButton,
  Login,
  PasswordInput,
  TextInput,
  email,
  required,
  useLogin,
  useNotify,
  useTranslate,
} from 'react-admin';
import { LANGUAGES } from './i18n/i18n-provider';
import type { LoginParams } from './providers/auth-provider';

const EmailLoginForm = () => {
  const login = useLogin();
  const notify = useNotify();
  const translate = useTranslate();
  const [loading, setLoading] = useState(false);

  const submit = async (values: Partial<LoginParams>) => {
    setLoading(true);
    try {
      await login({ email: values.email?.trim(), password: values.password });
    } catch (error) {
      const status = (error as { status?: number })?.status;
      notify(status === 401 || status === 400 || !(error as Error)?.message ? 'pf.login.failed' : (error as Error).message, {
        type: 'error',
      });
      setLoading(false);
    }
  };

  return (
    <Form onSubmit={submit} noValidate>
      <CardContent>
        <Stack spacing={1}>
          <Typography variant="h6" component="h1" align="center" sx={{ mb: 1 }}>
            {translate('pf.app.title')}
          </Typography>
          <TextInput
            source="email"
            type="email"
            label="pf.login.email"
            autoComplete="username"
            autoFocus
            validate={[required(), email()]}
            fullWidth
            slotProps={{ htmlInput: { 'data-testid': 'login-email' } }}
          />
          <PasswordInput
            source="password"
            label="pf.login.password"
            autoComplete="current-password"
            validate={required()}
            fullWidth
            slotProps={{ htmlInput: { 'data-testid': 'login-password' } }}
          />
          <Button variant="contained" type="submit" color="primary" disabled={loading} fullWidth data-testid="login-submit">
            {loading ? <CircularProgress size={19} thickness={3} /> : translate('pf.login.sign_in')}
          </Button>
          <Stack sx={{ justifyContent: 'center' }} direction="row">
            <LocalesMenuButton languages={LANGUAGES} />
          </Stack>
        </Stack>
      </CardContent>
    </Form>
  );
};

export const LoginPage = () => (
  <Login>
    <EmailLoginForm />
  </Login>
);
