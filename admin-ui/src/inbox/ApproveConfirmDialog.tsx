import type { FormDefinition } from '@phaseflow/forms';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import { useQueries } from '@tanstack/react-query';
import { useDataProvider, useTranslate } from 'react-admin';
import { useUiLocale } from '../common/useUiLocale';
import type { InboxItem, Project } from '../types';
import { stageNameOf } from './InboxPage';
import { keySubmittedData } from './key-data';

const EMPTY_FORM: FormDefinition = { fields: [] };

/**
 * Confirms a bulk approval: the count in the title, and for each chosen item the first fields of
 * the submission waiting at its gate, labelled, so nobody approves blind. Enter confirms.
 */
export const ApproveConfirmDialog = ({
  items,
  open,
  onCancel,
  onConfirm,
}: {
  items: InboxItem[];
  open: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  // Approval items always name their project (only a bulletin's item has none).
  const approvals = items.filter((item): item is InboxItem & { project: NonNullable<InboxItem['project']> } => item.project !== null);
  const dataProvider = useDataProvider();
  const fullScreen = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const projects = useQueries({
    queries: approvals.map((item) => ({
      queryKey: ['projects', 'getOne', { id: item.project.id }],
      queryFn: async ({ signal }: { signal: AbortSignal }) => (await dataProvider.getOne<Project>('projects', { id: item.project.id, signal })).data,
      enabled: open,
    })),
  });
  const yesNo = [translate('pf.form.yes'), translate('pf.form.no')] as const;

  return (
    <Dialog
      open={open}
      onClose={onCancel}
      fullWidth
      fullScreen={fullScreen}
      maxWidth="sm"
      aria-labelledby="approve-confirm-title"
      data-testid="approve-confirm-dialog"
      onKeyDown={(event) => {
        // a focused button answers Enter itself (Cancel must stay Cancel)
        if (event.key === 'Enter' && !event.nativeEvent.isComposing && !(event.target as HTMLElement).closest('button')) {
          event.preventDefault();
          onConfirm();
        }
      }}
    >
      <DialogTitle id="approve-confirm-title">
        {translate('pf.approvals.confirm_title', { smart_count: items.length })}
      </DialogTitle>
      <DialogContent dividers>
        <Stack spacing={2}>
          {approvals.map((item, index) => {
            const query = projects[index];
            const stage = query?.data?.currentStage;
            const sameStage = stage && stage.key === item.stageKey;
            const data = sameStage
              ? keySubmittedData(stage.definition?.form?.definition ?? EMPTY_FORM, stage.latestSubmission?.data, locale, yesNo)
              : [];
            return (
              <Box key={item.id} data-testid="approve-confirm-item" data-project-id={item.project.id}>
                <Typography variant="subtitle2" sx={{ overflowWrap: 'anywhere' }}>
                  {item.project.code} {item.project.title} · {stageNameOf(item)}
                </Typography>
                {query?.isPending && <LinearProgress aria-label={translate('ra.page.loading')} />}
                {query?.data && data.length === 0 && (
                  <Typography variant="body2" color="text.secondary">
                    {translate('pf.approvals.nothing_submitted')}
                  </Typography>
                )}
                {data.length > 0 && (
                  <Box
                    component="dl"
                    aria-label={translate('pf.approvals.submitted_data')}
                    sx={{ display: 'grid', gridTemplateColumns: 'minmax(5em, max-content) 1fr', columnGap: 1.5, rowGap: 0.25, m: 0, mt: 0.5 }}
                  >
                    {data.map((datum) => (
                      <Box key={datum.key} sx={{ display: 'contents' }} data-testid="approve-confirm-field" data-field={datum.key}>
                        <Typography component="dt" variant="body2" color="text.secondary">
                          {datum.label}
                        </Typography>
                        <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'anywhere' }}>
                          {datum.value}
                        </Typography>
                      </Box>
                    ))}
                  </Box>
                )}
              </Box>
            );
          })}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" color="success" onClick={onConfirm} data-testid="approve-confirm">
          {translate('pf.approvals.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
