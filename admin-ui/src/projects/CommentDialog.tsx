import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslate } from 'react-admin';

export interface CommentDialogProps {
  open: boolean;
  title: string;
  commentLabel: string;
  commentRequiredMessage: string;
  /** An optional comment (approving): Enter confirms, Shift+Enter starts a new line. */
  commentOptional?: boolean;
  /** When given, the user must also pick one of these stages (returning a gate). */
  returnStages?: { key: string; name: string }[];
  pending?: boolean;
  onCancel: () => void;
  onConfirm: (comment: string, returnToStageKey?: string) => void;
}

/** Asks for a comment (required unless `commentOptional`), and for a return stage when returning. */
export const CommentDialog = ({
  open,
  title,
  commentLabel,
  commentRequiredMessage,
  commentOptional,
  returnStages,
  pending,
  onCancel,
  onConfirm,
}: CommentDialogProps) => {
  const translate = useTranslate();
  const [comment, setComment] = useState('');
  const [returnTo, setReturnTo] = useState('');
  const [touched, setTouched] = useState(false);
  const commentMissing = !commentOptional && comment.trim() === '';
  const returnMissing = Boolean(returnStages) && returnTo === '';

  const reset = () => {
    setComment('');
    setReturnTo('');
    setTouched(false);
  };

  const confirm = () => {
    setTouched(true);
    if (commentMissing || returnMissing) return;
    onConfirm(comment.trim(), returnStages ? returnTo : undefined);
  };

  return (
    <Dialog
      open={open}
      onClose={pending ? undefined : onCancel}
      fullWidth
      maxWidth="sm"
      aria-labelledby="comment-dialog-title"
      slotProps={{ transition: { onExited: reset } }}
    >
      <DialogTitle id="comment-dialog-title">{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {returnStages && (
            <TextField
              select
              label={translate('pf.gate.return_to')}
              value={returnTo}
              onChange={(event) => setReturnTo(event.target.value)}
              required
              error={touched && returnMissing}
              helperText={touched && returnMissing ? translate('pf.gate.return_to_required') : undefined}
              slotProps={{
                select: { native: true },
                inputLabel: { shrink: true },
                htmlInput: { 'data-testid': 'return-to-stage', name: 'returnToStageKey' },
              }}
            >
              <option value="" />
              {returnStages.map((stage) => (
                <option key={stage.key} value={stage.key}>
                  {stage.name}
                </option>
              ))}
            </TextField>
          )}
          <TextField
            label={commentLabel}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
            multiline
            minRows={3}
            required={!commentOptional}
            autoFocus
            onKeyDown={(event) => {
              if (commentOptional && event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
                event.preventDefault();
                if (!pending) confirm();
              }
            }}
            error={touched && commentMissing}
            helperText={touched && commentMissing ? commentRequiredMessage : undefined}
            slotProps={{ htmlInput: { 'data-testid': 'decision-comment', name: 'comment' } }}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} disabled={pending}>
          {translate('ra.action.cancel')}
        </Button>
        <Button variant="contained" onClick={confirm} disabled={pending} data-testid="confirm-decision">
          {translate('pf.gate.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
