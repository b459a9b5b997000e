import Alert from '@mui/material/Alert';
import LinearProgress from '@mui/material/LinearProgress';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { useIsAdmin } from '../common/useIsAdmin';

/** Designing project types is for administrators; everyone else is told so instead. */
export const AdminOnly = ({ children }: { children: ReactNode }) => {
  const translate = useTranslate();
  const isAdmin = useIsAdmin();
  if (isAdmin === undefined) return <LinearProgress sx={{ mt: 2 }} />;
  if (!isAdmin) {
    return (
      <Alert severity="warning" sx={{ mt: 2 }} data-testid="designer-forbidden">
        {translate('pf.designer.admins_only')}
      </Alert>
    );
  }
  return <>{children}</>;
};
