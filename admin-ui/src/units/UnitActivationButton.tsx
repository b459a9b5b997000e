import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import { useState } from 'react';
import { useDataProvider, useNavigate, useTranslate } from 'react-admin';
import { useServerCall } from '../common/useServerCall';
import type { PhaseflowDataProvider } from '../providers/data-provider';
import type { Unit } from '../types';

interface BlockingProjects {
  activeProjectCount?: number;
  activeProjects?: { id: string; code: string; title: string }[];
}

/**
 * Deactivates a unit after asking, or reactivates it. A unit with active projects is refused by the
 * server: its message and the projects it names are shown in the dialog.
 */
export const UnitActivationButton = ({ unit }: { unit: Unit }) => {
  const translate = useTranslate();
  const navigate = useNavigate();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const { run, pending, error, clearError } = useServerCall();
  const [open, setOpen] = useState(false);

  if (!unit.active) {
    return (
      <Button
        size="small"
        color="success"
        disabled={pending}
        data-testid="reactivate-unit"
        onClick={() => void run(() => dataProvider.reactivateUnit(unit.id), 'pf.unitForm.reactivated')}
      >
        {translate('pf.unitForm.reactivate')}
      </Button>
    );
  }

  const blocking = error?.body as BlockingProjects | undefined;
  const close = () => {
    setOpen(false);
    clearError();
  };
  return (
    <>
      <Button size="small" color="warning" onClick={() => setOpen(true)} data-testid="deactivate-unit">
        {translate('pf.unitForm.deactivate')}
      </Button>
      <Dialog open={open} onClose={pending ? undefined : close} maxWidth="sm" fullWidth>
        <DialogTitle>{translate('pf.unitForm.deactivate_title', { name: unit.name })}</DialogTitle>
        <DialogContent>
          <DialogContentText>{translate('pf.unitForm.deactivate_hint')}</DialogContentText>
          {error && (
            <Alert severity="error" sx={{ mt: 2 }} data-testid="deactivate-unit-refused" data-count={blocking?.activeProjectCount ?? ''}>
              {error.message}
              {blocking?.activeProjects && blocking.activeProjects.length > 0 && (
                <List dense disablePadding>
                  {blocking.activeProjects.map((project) => (
                    <ListItemButton key={project.id} data-testid="blocking-project" onClick={() => navigate(`/projects/${encodeURIComponent(project.id)}/show`)}>
                      <ListItemText primary={`${project.code} ${project.title}`} />
                    </ListItemButton>
                  ))}
                </List>
              )}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={close} disabled={pending}>
            {translate('ra.action.cancel')}
          </Button>
          <Button
            variant="contained"
            color="warning"
            disabled={pending}
            data-testid="deactivate-unit-confirm"
            onClick={async () => {
              if (await run(() => dataProvider.deactivateUnit(unit.id), 'pf.unitForm.deactivated')) setOpen(false);
            }}
          >
            {translate('pf.unitForm.deactivate')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
