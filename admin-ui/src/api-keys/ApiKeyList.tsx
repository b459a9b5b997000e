import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import {
  BooleanInput,
  CreateButton,
  Datagrid,
  FunctionField,
  List,
  SearchInput,
  TextField,
  TopToolbar,
  useDataProvider,
  useTranslate,
} from 'react-admin';
import { Allowed } from '../common/Allowed';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { LocaleDateField } from '../common/LocaleDateField';
import { useServerCall } from '../common/useServerCall';
import type { PhaseflowDataProvider } from '../providers/data-provider';
import type { ApiKey } from '../types';
import { ApiKeyStatusChip } from './ApiKeyStatusChip';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <BooleanInput key="includeRevoked" source="includeRevoked" alwaysOn />,
];

const RevokeButton = ({ apiKey }: { apiKey: ApiKey }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const { run, pending } = useServerCall();
  const [open, setOpen] = useState(false);
  if (!apiKey.active) return null;
  return (
    <>
      <Button
        size="small"
        color="warning"
        onClick={(event) => {
          event.stopPropagation();
          setOpen(true);
        }}
        data-testid="revoke-api-key"
      >
        {translate('pf.apiKey.revoke')}
      </Button>
      <ConfirmDialog
        open={open}
        title={translate('pf.apiKey.revoke_title', { name: apiKey.name })}
        content={translate('pf.apiKey.revoke_confirm', { prefix: apiKey.prefix })}
        confirmLabel={translate('pf.apiKey.revoke')}
        confirmTestId="revoke-api-key-confirm"
        pending={pending}
        onClose={() => setOpen(false)}
        onConfirm={async () => {
          if (await run(() => dataProvider.revokeApiKey(apiKey.id), 'pf.apiKey.revoked')) setOpen(false);
        }}
      />
    </>
  );
};

const ApiKeyListActions = () => (
  <TopToolbar>
    <CreateButton data-testid="create-api-key" />
  </TopToolbar>
);

/** The keys of the subtrees the viewer administers: what each may do, when it was last used, and whether it still works. */
export const ApiKeyList = () => (
  <Allowed permission="manageApiKeys">
    <List filters={filters} actions={<ApiKeyListActions />} empty={false} sort={{ field: 'createdAt', order: 'DESC' }} exporter={false}>
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <TextField source="name" />
        <FunctionField<ApiKey>
          source="prefix"
          render={(key) => (
            <span style={{ fontFamily: 'monospace' }} data-testid="api-key-prefix">
              {key.prefix}…
            </span>
          )}
        />
        <TextField source="unit.name" label="resources.apiKeys.fields.unitId" sortable={false} />
        <FunctionField<ApiKey>
          source="scopes"
          sortable={false}
          render={(key) => (
            <ScopeChips scopes={key.scopes} />
          )}
        />
        <LocaleDateField source="lastUsedAt" showTime emptyText="—" />
        <LocaleDateField source="expiresAt" showTime emptyText="—" />
        <FunctionField<ApiKey> source="active" sortable={false} render={(key) => <ApiKeyStatusChip apiKey={key} />} />
        <FunctionField<ApiKey> render={(key) => <RevokeButton apiKey={key} />} />
      </Datagrid>
    </List>
  </Allowed>
);

const ScopeChips = ({ scopes }: { scopes: ApiKey['scopes'] }) => {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={0.5}>
      {scopes.map((scope) => (
        <Chip key={scope} size="small" variant="outlined" label={translate(`pf.apiKey.scope.${scope}`)} />
      ))}
    </Stack>
  );
};
