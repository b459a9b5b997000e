import ContentCopy from '@mui/icons-material/ContentCopy';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import {
  CheckboxGroupInput,
  DateTimeInput,
  NumberInput,
  SimpleForm,
  TextInput,
  Title,
  minValue,
  required,
  useDataProvider,
  useNavigate,
  useNotify,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { Allowed } from '../common/Allowed';
import type { CreateApiKeyInput, PhaseflowDataProvider } from '../providers/data-provider';
import type { ApiKeyScope, Unit } from '../types';
import { UnitTreeInput } from '../units/UnitTreeInput';

const mayKeyFor = (unit: Unit) => unit.active && unit.viewerCan.manageApiKeys;

interface ApiKeyFormValues {
  name: string;
  unitId: string;
  scopes: ApiKeyScope[];
  ratePerMinute?: number | null;
  burst?: number | null;
  expiresAt?: string | Date | null;
}

const toInput = (values: ApiKeyFormValues): CreateApiKeyInput => ({
  name: values.name.trim(),
  unitId: values.unitId,
  scopes: values.scopes,
  ...(typeof values.ratePerMinute === 'number' ? { ratePerMinute: values.ratePerMinute } : {}),
  ...(typeof values.burst === 'number' ? { burst: values.burst } : {}),
  ...(values.expiresAt ? { expiresAt: new Date(values.expiresAt).toISOString() } : {}),
});

/** The whole key, this once: copy it now, it cannot be shown again. */
const SecretDialog = ({ secret, onClose }: { secret: string; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
      notify('pf.apiKey.copied', { type: 'success' });
    } catch {
      notify('pf.apiKey.copy_failed', { type: 'warning' });
    }
  };
  return (
    <Dialog open maxWidth="sm" fullWidth aria-labelledby="api-key-secret-title">
      <DialogTitle id="api-key-secret-title">{translate('pf.apiKey.created_title')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <Alert severity="warning" data-testid="api-key-secret-warning">
            {translate('pf.apiKey.shown_once')}
          </Alert>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Box
              component="code"
              data-testid="api-key-secret"
              sx={{ flex: 1, p: 1.5, bgcolor: 'action.hover', borderRadius: 1, fontFamily: 'monospace', wordBreak: 'break-all', userSelect: 'all' }}
            >
              {secret}
            </Box>
            <IconButton onClick={() => void copy()} aria-label={translate('pf.apiKey.copy')} title={translate('pf.apiKey.copy')} data-testid="api-key-copy">
              <ContentCopy />
            </IconButton>
          </Stack>
          <Typography variant="body2" color="text.secondary">
            {translate('pf.apiKey.usage')}
          </Typography>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button variant={copied ? 'contained' : 'outlined'} onClick={onClose} data-testid="api-key-secret-done">
          {translate('pf.apiKey.done')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

const ApiKeyForm = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const [secret, setSecret] = useState<string | null>(null);

  const save = async (values: Record<string, unknown>) => {
    try {
      const created = await dataProvider.createApiKey(toInput(values as unknown as ApiKeyFormValues));
      setSecret(created.secret);
      return undefined;
    } catch (error) {
      const failure = error as { message?: string; body?: { errors?: Record<string, string> } };
      notify(failure.message || 'ra.notification.http_error', { type: 'error' });
      // the server's field errors go under their inputs
      return failure.body?.errors;
    }
  };

  return (
    <>
      <Card>
      <SimpleForm onSubmit={save} defaultValues={{ scopes: ['READ'] }} sx={{ maxWidth: 640 }}>
        <TextInput source="name" validate={required()} fullWidth slotProps={{ htmlInput: { 'data-testid': 'api-key-name' } }} />
        <UnitTreeInput source="unitId" isSelectable={mayKeyFor} validate={required()} fullWidth testId="api-key-unit" />
        <CheckboxGroupInput
          source="scopes"
          validate={required()}
          choices={(['READ', 'WRITE'] as const).map((scope) => ({ id: scope, name: translate(`pf.apiKey.scope.${scope}`) }))}
          helperText="pf.apiKey.scopes_help"
        />
        <DateTimeInput source="expiresAt" helperText="pf.apiKey.expires_help" />
        <Stack direction="row" spacing={2}>
          <NumberInput source="ratePerMinute" step={1} validate={minValue(1)} helperText="pf.apiKey.rate_help" />
          <NumberInput source="burst" step={1} validate={minValue(1)} />
        </Stack>
      </SimpleForm>
      </Card>
      {secret && (
        <SecretDialog
          secret={secret}
          onClose={() => {
            setSecret(null);
            refresh();
            navigate('/apiKeys');
          }}
        />
      )}
    </>
  );
};

/** Creates a key for a unit's subtree; the secret is shown once, in a dialog, and never stored by the console. */
export const ApiKeyCreate = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ mt: 2 }}>
      <Title title={translate('pf.apiKey.create_title')} />
      <Allowed permission="manageApiKeys">
        <ApiKeyForm />
      </Allowed>
    </Box>
  );
};
