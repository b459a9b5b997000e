import Button from '@mui/material/Button';
import { useState } from 'react';
import { useRecordContext, useTranslate } from 'react-admin';
import { newRequestId } from '../common/format';
import type { Project } from '../types';
import { CommentDialog } from './CommentDialog';
import { useProjectCommand } from './useProjectCommand';

export const CancelProjectButton = () => {
  const project = useRecordContext<Project>();
  const translate = useTranslate();
  const { run, pending } = useProjectCommand();
  const [open, setOpen] = useState(false);
  if (!project?.viewerCan?.cancel) return null;

  return (
    <>
      <Button color="error" size="small" onClick={() => setOpen(true)} data-testid="cancel-project-button">
        {translate('pf.cancel.button')}
      </Button>
      <CommentDialog
        open={open}
        title={translate('pf.cancel.title', { title: project.title })}
        commentLabel={translate('pf.cancel.reason')}
        commentRequiredMessage={translate('pf.cancel.reason_required')}
        pending={pending}
        onCancel={() => setOpen(false)}
        onConfirm={async (reason) => {
          const outcome = await run(
            'cancelProject',
            { projectId: project.id, reason, requestId: newRequestId() },
            'pf.cancel.done',
          );
          if (outcome.ok) setOpen(false);
        }}
      />
    </>
  );
};
