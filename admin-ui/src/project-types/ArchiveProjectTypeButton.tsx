import Button from '@mui/material/Button';
import Archive from '@mui/icons-material/Archive';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import { ConfirmDialog } from '../common/ConfirmDialog';
import type { PhaseflowDataProvider } from '../providers/data-provider';

/** Archives a published type (no new projects; running ones go on), after asking. */
export const ArchiveProjectTypeButton = ({ typeKey, name }: { typeKey: string; name: string }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const queryClient = useQueryClient();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const archive = async () => {
    setPending(true);
    try {
      await dataProvider.archiveProjectType(typeKey);
      notify('pf.archive.done', { type: 'success', messageArgs: { name } });
      setOpen(false);
      void queryClient.invalidateQueries();
      refresh();
    } catch (error) {
      notify((error as Error).message || 'ra.notification.http_error', { type: 'error' });
    } finally {
      setPending(false);
    }
  };
  return (
    <>
      <Button size="small" color="warning" startIcon={<Archive />} onClick={() => setOpen(true)} data-testid="archive-project-type">
        {translate('pf.archive.button')}
      </Button>
      <ConfirmDialog
        open={open}
        title={translate('pf.archive.title', { name })}
        content={translate('pf.archive.content')}
        confirmLabel={translate('pf.archive.button')}
        confirmTestId="confirm-archive"
        pending={pending}
        onConfirm={() => void archive()}
        onClose={() => setOpen(false)}
      />
    </>
  );
};
