import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { newRequestId } from '../common/format';
import type { GateDecisionKind, Project, ProjectStage } from '../types';
import { CommentDialog } from './CommentDialog';
import { useProjectCommand } from './useProjectCommand';

const SUCCESS_MESSAGE: Record<GateDecisionKind, string> = {
  APPROVE: 'pf.gate.approved',
  REJECT: 'pf.gate.rejected',
  RETURN: 'pf.gate.returned',
};

const DIALOG_TITLE: Record<GateDecisionKind, string> = {
  APPROVE: 'pf.gate.approve_title',
  REJECT: 'pf.gate.reject_title',
  RETURN: 'pf.gate.return_title',
};

/** Approve, reject or return the current stage's gate; shown only to its eligible approvers. */
export const GateDecisionPanel = ({ project, stage }: { project: Project; stage: ProjectStage }) => {
  const translate = useTranslate();
  const { run, pending } = useProjectCommand();
  const [dialog, setDialog] = useState<GateDecisionKind | null>(null);
  const earlierStages = (project.stages ?? [])
    .filter((candidate) => candidate.position < stage.position)
    .sort((a, b) => a.position - b.position);

  if (!project.viewerCan?.decide) return null;

  const decide = async (decision: GateDecisionKind, comment?: string, returnToStageKey?: string) => {
    const outcome = await run(
      'decideGate',
      {
        projectId: project.id,
        stageKey: stage.key,
        decision,
        ...(comment ? { comment } : {}),
        ...(returnToStageKey ? { returnToStageKey } : {}),
        requestId: newRequestId(),
      },
      SUCCESS_MESSAGE[decision],
    );
    if (outcome.ok) setDialog(null);
  };

  return (
    <Stack spacing={1.5} data-testid="gate-decision-panel">
      <Typography variant="subtitle1">{translate('pf.gate.title')}</Typography>
      {stage.definition?.gate && (
        <Typography variant="body2" color="text.secondary">
          {translate('pf.gate.approvers')}: {stage.definition.gate.approvers.description}
        </Typography>
      )}
      <Stack direction="row" spacing={1}>
        <Button
          variant="contained"
          color="success"
          disabled={pending}
          onClick={() => setDialog('APPROVE')}
          data-testid="approve-button"
        >
          {translate('pf.gate.approve')}
        </Button>
        <Button
          variant="outlined"
          color="error"
          disabled={pending}
          onClick={() => setDialog('REJECT')}
          data-testid="reject-button"
        >
          {translate('pf.gate.reject')}
        </Button>
        <Button
          variant="outlined"
          color="secondary"
          disabled={pending || earlierStages.length === 0}
          onClick={() => setDialog('RETURN')}
          data-testid="return-button"
        >
          {translate('pf.gate.return')}
        </Button>
      </Stack>
      <CommentDialog
        open={dialog !== null}
        title={translate(DIALOG_TITLE[dialog ?? 'APPROVE'], { stage: stage.name })}
        commentLabel={translate(dialog === 'APPROVE' ? 'pf.gate.comment_optional' : 'pf.gate.comment')}
        commentOptional={dialog === 'APPROVE'}
        commentRequiredMessage={translate('pf.gate.comment_required')}
        returnStages={dialog === 'RETURN' ? earlierStages : undefined}
        pending={pending}
        onCancel={() => setDialog(null)}
        onConfirm={(comment, returnToStageKey) => dialog && decide(dialog, comment, returnToStageKey)}
      />
    </Stack>
  );
};
