import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import Stack from '@mui/material/Stack';
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
import { SecretOnceDialog } from '../common/SecretOnceDialog';
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
  return (
    <SecretOnceDialog
      secret={secret}
      title={translate('pf.apiKey.created_title')}
      messages="pf.apiKey"
      testId="api-key-secret"
      copyTestId="api-key-copy"
      onClose={onClose}
    />
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
