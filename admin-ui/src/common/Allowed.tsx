import Alert from '@mui/material/Alert';
import LinearProgress from '@mui/material/LinearProgress';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import type { ViewerPermissions } from '../types';
import { useViewerPermissions } from './useViewerPermissions';

/**
 * Shows its children only when the server allows `permission`; a page reached by URL without it
 * says so instead of offering a form the server would refuse.
 */
export const Allowed = ({ permission, children }: { permission: keyof ViewerPermissions; children: ReactNode }) => {
  const permissions = useViewerPermissions();
  if (permissions === undefined) return <LinearProgress sx={{ mt: 2 }} />;
  if (!permissions[permission]) return <NotAllowed />;
  return <>{children}</>;
};

export const NotAllowed = () => {
  const translate = useTranslate();
  return (
    <Alert severity="warning" sx={{ mt: 2 }} data-testid="not-allowed">
      {translate('pf.access.not_allowed')}
    </Alert>
  );
};
