import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import type { PhaseflowDataProvider } from '../../providers/data-provider';
import type { ChangeKind, DefinitionIssue, ProjectType } from '../../types';

const KIND_COLOR: Record<ChangeKind, 'success' | 'error' | 'warning'> = {
  ADDED: 'success',
  REMOVED: 'error',
  CHANGED: 'warning',
};

interface PublishDialogProps {
  open: boolean;
  projectTypeKey: string;
  /** The type's name in the UI language, for the title. */
  projectTypeName: string;
  onClose: () => void;
  onPublished: (type: ProjectType) => void;
  /** The server refused: its problems, by definition path. */
  onRefused: (issues: DefinitionIssue[], message: string) => void;
}

/** Shows what publishing changes (newest version → draft) and publishes on confirmation. */
export const PublishDialog = ({ open, projectTypeKey, projectTypeName, onClose, onPublished, onRefused }: PublishDialogProps) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const [publishing, setPublishing] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const diff = useQuery({
    queryKey: ['projectTypeDiff', projectTypeKey],
    queryFn: ({ signal }) => dataProvider.getProjectTypeDiff(projectTypeKey, undefined, undefined, signal),
    enabled: open,
    gcTime: 0,
    staleTime: 0,
  });

  const publish = async () => {
    setPublishing(true);
    setFailure(null);
    try {
      onPublished(await dataProvider.publishProjectType(projectTypeKey));
    } catch (error) {
      const body = (error as { body?: { fieldErrors?: DefinitionIssue[] } }).body;
      if (body?.fieldErrors?.length) onRefused(body.fieldErrors, (error as Error).message);
      else setFailure((error as Error).message || translate('ra.notification.http_error'));
    } finally {
      setPublishing(false);
    }
  };

  const changes = diff.data?.changes ?? [];
  const from = diff.data?.from;
  return (
    <Dialog
      open={open}
      onClose={publishing ? undefined : onClose}
      fullWidth
      maxWidth="md"
      aria-labelledby="publish-dialog-title"
      data-testid="publish-dialog"
    >
      <DialogTitle id="publish-dialog-title">
        {translate('pf.publish.title', { name: projectTypeName })}
        <Typography component="span" variant="body2" color="text.secondary" sx={{ ml: 1, fontFamily: 'monospace' }}>
          {projectTypeKey}
        </Typography>
      </DialogTitle>
      <DialogContent>
        {diff.isPending && <LinearProgress />}
        {diff.isError && <Alert severity="error">{(diff.error as Error).message}</Alert>}
        {diff.data && (
          <Stack spacing={1.5}>
            <Typography variant="body2">
              {from == null
                ? translate('pf.publish.first_version')
                : translate('pf.publish.from_version', { from, to: from + 1 })}
            </Typography>
            {changes.length === 0 ? (
              <Alert severity="info">{translate('pf.publish.no_changes')}</Alert>
            ) : (
              <List dense disablePadding data-testid="publish-changes" data-count={changes.length}>
                {changes.map((change, index) => (
                  <ListItem
                    key={`${change.path}:${index}`}
                    disableGutters
                    data-testid={`publish-change-${index}`}
                    data-kind={change.kind}
                    sx={{ alignItems: 'flex-start', gap: 1 }}
                  >
                    <Chip
                      size="small"
                      color={KIND_COLOR[change.kind]}
                      label={translate(`pf.publish.kind.${change.kind}`)}
                      sx={{ minWidth: 64 }}
                    />
                    <Box>
                      <Typography variant="body2" data-testid="publish-change-description">
                        {change.description}
                      </Typography>
                      <Typography variant="caption" color="text.secondary" sx={{ fontFamily: 'monospace' }} data-testid="publish-change-path">
                        {change.path}
                      </Typography>
                    </Box>
                  </ListItem>
                ))}
              </List>
            )}
            <Alert severity="warning" icon={false}>
              {translate('pf.publish.immutable')}
            </Alert>
          </Stack>
        )}
        {failure && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {failure}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={publishing} data-testid="cancel-publish">
          {translate('ra.action.cancel')}
        </Button>
        <Button variant="contained" onClick={publish} disabled={publishing || !diff.data} data-testid="confirm-publish">
          {translate('pf.publish.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
