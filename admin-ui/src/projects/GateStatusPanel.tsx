import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useGetIdentity, useGetList, useTranslate } from 'react-admin';
import { PickDialog } from '../common/PickDialog';
import { formatDateTime, newRequestId } from '../common/format';
import { useUiLocale } from '../common/useUiLocale';
import type { Project, ProjectStage, User, UserRef } from '../types';
import { DecisionChip } from './StatusChips';
import { useProjectCommand } from './useProjectCommand';

type DialogName = 'transfer' | 'addSigner' | 'move' | null;

/**
 * The current gate's signing state (mode, each signer's vote or pending, who may vote now, the count)
 * and the commands around it: withdraw a vote, transfer an approval, withdraw a submission, and the
 * administrator's add signer and move to stage.
 */
export const GateStatusPanel = ({ project, stage }: { project: Project; stage: ProjectStage }) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const administer = Boolean(project.viewerCan?.administer);
  const { identity } = useGetIdentity();
  const { run, pending } = useProjectCommand();
  const [dialog, setDialog] = useState<DialogName>(null);
  const { data: users = [] } = useGetList<User>(
    'users',
    { pagination: { page: 1, perPage: 1000 }, sort: { field: 'name', order: 'ASC' } },
    { enabled: dialog === 'transfer' || dialog === 'addSigner' },
  );

  const gate = stage.gate ?? null;
  const mode = gate?.mode ?? stage.definition?.gate.mode ?? '';
  const quorum = gate?.quorum ?? stage.definition?.gate.quorum ?? null;
  const votes = gate?.votes ?? [];
  const signers: UserRef[] = [...(stage.approvers ?? [])];
  for (const vote of votes) {
    if (!signers.some((signer) => signer.id === vote.approver.id)) signers.push(vote.approver);
  }
  const pendingIds = new Set((gate?.pendingApprovers ?? []).map((user) => user.id));
  const voteOf = new Map(votes.map((vote) => [vote.approver.id, vote]));
  const viewerId = identity?.id !== undefined ? String(identity.id) : undefined;
  const active = project.status === 'ACTIVE';
  const gateOpen = active && stage.status === 'SUBMITTED' && (gate?.outcome ?? 'PENDING') === 'PENDING';
  const viewerVote = viewerId ? voteOf.get(viewerId) : undefined;
  const viewerIsSigner = Boolean(viewerId && signers.some((signer) => signer.id === viewerId));
  const submitterId = stage.latestSubmission?.status === 'SUBMITTED' ? stage.latestSubmission.author.id : undefined;

  const canWithdrawVote = gateOpen && Boolean(viewerVote);
  const canTransfer = active && viewerIsSigner && !viewerVote && (gate?.outcome ?? 'PENDING') === 'PENDING';
  const canWithdrawSubmission = gateOpen && viewerId !== undefined && submitterId === viewerId && votes.length === 0;
  const base = () => ({ projectId: project.id, stageKey: stage.key, requestId: newRequestId() });
  const closeOnSuccess = (outcome: { ok: boolean }) => {
    if (outcome.ok) setDialog(null);
  };

  if (signers.length === 0 && !gate && !administer) return null;

  const userChoices = (exclude: Set<string>) =>
    users.filter((user) => !exclude.has(user.id)).map((user) => ({ id: user.id, name: `${user.name} (${user.email})` }));

  return (
    <Stack
      spacing={1.5}
      data-testid="gate-status"
      data-outcome={gate?.outcome ?? 'NONE'}
      data-approvals={gate?.approvals ?? 0}
      data-needed={gate?.needed ?? ''}
    >
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="subtitle1">{translate('pf.gateStatus.title')}</Typography>
        {mode && (
          <Chip
            size="small"
            variant="outlined"
            data-testid="gate-mode"
            label={
              mode === 'QUORUM' && quorum
                ? translate('pf.gateStatus.mode_quorum', { mode: translate(`pf.gateMode.${mode}`, { _: mode }), quorum })
                : translate(`pf.gateMode.${mode}`, { _: mode })
            }
          />
        )}
        {gate && (
          <Chip
            size="small"
            color={gate.outcome === 'APPROVED' ? 'success' : gate.outcome === 'REJECTED' ? 'error' : 'warning'}
            label={translate(`pf.gateStatus.outcome.${gate.outcome}`, { _: gate.outcome })}
          />
        )}
      </Stack>
      {gate ? (
        <Typography variant="body2" data-testid="gate-count">
          {translate('pf.gateStatus.count', {
            approvals: gate.approvals,
            signers: signers.length,
            needed: gate.needed,
          })}
          {gate.rejections > 0 && ` · ${translate('pf.gateStatus.rejections', { count: gate.rejections })}`}
        </Typography>
      ) : (
        <Typography variant="body2" color="text.secondary">
          {translate('pf.gateStatus.not_submitted')}
        </Typography>
      )}
      {signers.length > 0 && (
        <List dense disablePadding data-testid="gate-signers">
          {signers.map((signer) => {
            const vote = voteOf.get(signer.id);
            const mayVoteNow = pendingIds.has(signer.id);
            return (
              <ListItem
                key={signer.id}
                disableGutters
                data-testid="gate-signer"
                data-user-id={signer.id}
                data-vote={vote?.vote ?? 'PENDING'}
              >
                <ListItemText
                  primary={
                    <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                      <span>{signer.name}</span>
                      {vote ? (
                        <DecisionChip decision={vote.vote} />
                      ) : (
                        <Chip size="small" variant="outlined" label={translate('pf.gateStatus.pending')} />
                      )}
                      {mayVoteNow && (
                        <Chip size="small" color="info" label={translate('pf.gateStatus.may_vote_now')} />
                      )}
                    </Stack>
                  }
                  secondary={
                    vote
                      ? [formatDateTime(vote.at, locale), vote.comment].filter(Boolean).join(' · ')
                      : undefined
                  }
                />
              </ListItem>
            );
          })}
        </List>
      )}
      {gate && gate.pendingApprovers.length > 0 && (
        <Typography variant="body2" color="text.secondary" data-testid="gate-pending-approvers">
          {translate('pf.gateStatus.who_may_vote', { names: gate.pendingApprovers.map((user) => user.name).join('、') })}
        </Typography>
      )}
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {canWithdrawVote && (
          <Button
            variant="outlined"
            size="small"
            disabled={pending}
            data-testid="withdraw-vote-button"
            onClick={async () => {
              await run('withdrawVote', base(), 'pf.gateStatus.vote_withdrawn');
            }}
          >
            {translate('pf.gateStatus.withdraw_vote')}
          </Button>
        )}
        {canTransfer && (
          <Button
            variant="outlined"
            size="small"
            disabled={pending}
            data-testid="transfer-approval-button"
            onClick={() => setDialog('transfer')}
          >
            {translate('pf.gateStatus.transfer')}
          </Button>
        )}
        {canWithdrawSubmission && (
          <Button
            variant="outlined"
            size="small"
            color="warning"
            disabled={pending}
            data-testid="withdraw-submission-button"
            onClick={async () => {
              await run('withdrawSubmission', base(), 'pf.gateStatus.submission_withdrawn');
            }}
          >
            {translate('pf.gateStatus.withdraw_submission')}
          </Button>
        )}
        {administer && active && (
          <>
            <Button
              variant="outlined"
              size="small"
              disabled={pending}
              data-testid="add-signer-button"
              onClick={() => setDialog('addSigner')}
            >
              {translate('pf.gateStatus.add_signer')}
            </Button>
            <Button
              variant="outlined"
              size="small"
              color="secondary"
              disabled={pending}
              data-testid="move-stage-button"
              onClick={() => setDialog('move')}
            >
              {translate('pf.gateStatus.move_stage')}
            </Button>
          </>
        )}
      </Stack>
      <PickDialog
        open={dialog === 'transfer'}
        title={translate('pf.gateStatus.transfer_title', { stage: stage.name })}
        pickLabel={translate('pf.gateStatus.transfer_to')}
        pickRequiredMessage={translate('pf.gateStatus.user_required')}
        choices={userChoices(new Set(signers.map((signer) => signer.id)))}
        testId="transfer-approval"
        pending={pending}
        onCancel={() => setDialog(null)}
        onConfirm={async (toUserId) => {
          if (!viewerId) return;
          closeOnSuccess(
            await run(
              'transferApproval',
              { ...base(), fromUserId: viewerId, toUserId },
              'pf.gateStatus.transferred',
            ),
          );
        }}
      />
      <PickDialog
        open={dialog === 'addSigner'}
        title={translate('pf.gateStatus.add_signer_title', { stage: stage.name })}
        pickLabel={translate('pf.gateStatus.signer')}
        pickRequiredMessage={translate('pf.gateStatus.user_required')}
        choices={userChoices(new Set(signers.map((signer) => signer.id)))}
        testId="add-signer"
        pending={pending}
        onCancel={() => setDialog(null)}
        onConfirm={async (userId) => {
          closeOnSuccess(await run('addSigner', { ...base(), userId }, 'pf.gateStatus.signer_added'));
        }}
      />
      <PickDialog
        open={dialog === 'move'}
        title={translate('pf.gateStatus.move_title', { title: project.title })}
        pickLabel={translate('pf.gateStatus.target_stage')}
        pickRequiredMessage={translate('pf.gateStatus.stage_required')}
        choices={[...(project.stages ?? [])]
          .sort((a, b) => a.position - b.position)
          .filter((candidate) => candidate.key !== stage.key)
          .map((candidate) => ({ id: candidate.key, name: candidate.name }))}
        reasonLabel={translate('pf.gateStatus.reason')}
        reasonRequiredMessage={translate('pf.cancel.reason_required')}
        testId="move-stage"
        pending={pending}
        onCancel={() => setDialog(null)}
        onConfirm={async (stageKey, reason) => {
          closeOnSuccess(
            await run(
              'moveProjectToStage',
              { projectId: project.id, stageKey, reason, requestId: newRequestId() },
              'pf.gateStatus.moved',
            ),
          );
        }}
      />
    </Stack>
  );
};
