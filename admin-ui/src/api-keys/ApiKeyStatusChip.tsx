import Chip from '@mui/material/Chip';
import { useTranslate } from 'react-admin';
import type { ApiKey } from '../types';

export type ApiKeyStatus = 'ACTIVE' | 'REVOKED' | 'EXPIRED';

export const apiKeyStatusOf = (key: Pick<ApiKey, 'active' | 'revokedAt'>): ApiKeyStatus =>
  key.active ? 'ACTIVE' : key.revokedAt ? 'REVOKED' : 'EXPIRED';

const COLOR = { ACTIVE: 'success', REVOKED: 'default', EXPIRED: 'warning' } as const;

export const ApiKeyStatusChip = ({ apiKey }: { apiKey: ApiKey }) => {
  const translate = useTranslate();
  const status = apiKeyStatusOf(apiKey);
  return (
    <Chip
      size="small"
      color={COLOR[status]}
      label={translate(`pf.apiKey.status.${status}`)}
      data-testid="api-key-status"
      data-status={status}
    />
  );
};
