import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslate } from 'react-admin';

export interface PickDialogProps {
  open: boolean;
  title: string;
  pickLabel: string;
  pickRequiredMessage: string;
  choices: { id: string; name: string }[];
  /** When given, a required free-text reason is asked for as well. */
  reasonLabel?: string;
  reasonRequiredMessage?: string;
  /** Test id prefix: `${testId}-select`, `${testId}-reason`, `${testId}-confirm`. */
  testId: string;
  pending?: boolean;
  onCancel: () => void;
  onConfirm: (picked: string, reason: string) => void;
}

/** Asks the user to pick one of a few choices (a user, a stage), optionally with a required reason. */
export const PickDialog = ({
  open,
  title,
  pickLabel,
  pickRequiredMessage,
  choices,
  reasonLabel,
  reasonRequiredMessage,
  testId,
  pending,
  onCancel,
  onConfirm,
}: PickDialogProps) => {
  const translate = useTranslate();
  const [picked, setPicked] = useState('');
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const pickMissing = picked === '';
  const reasonMissing = Boolean(reasonLabel) && reason.trim() === '';

  const reset = () => {
    setPicked('');
    setReason('');
    setTouched(false);
  };

  const confirm = () => {
    setTouched(true);
    if (pickMissing || reasonMissing) return;
    onConfirm(picked, reason.trim());
  };

  return (
    <Dialog
      open={open}
      onClose={pending ? undefined : onCancel}
      fullWidth
      maxWidth="sm"
      aria-labelledby={`${testId}-title`}
      slotProps={{ transition: { onExited: reset } }}
    >
      <DialogTitle id={`${testId}-title`}>{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <TextField
            select
            label={pickLabel}
            value={picked}
            onChange={(event) => setPicked(event.target.value)}
            required
            error={touched && pickMissing}
            helperText={touched && pickMissing ? pickRequiredMessage : undefined}
            slotProps={{
              select: { native: true },
              inputLabel: { shrink: true },
              htmlInput: { 'data-testid': `${testId}-select` },
            }}
          >
            <option value="" />
            {choices.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.name}
              </option>
            ))}
          </TextField>
          {reasonLabel && (
            <TextField
              label={reasonLabel}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              multiline
              minRows={2}
              required
              error={touched && reasonMissing}
              helperText={touched && reasonMissing ? reasonRequiredMessage : undefined}
              slotProps={{ htmlInput: { 'data-testid': `${testId}-reason` } }}
            />
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} disabled={pending}>
          {translate('ra.action.cancel')}
        </Button>
        <Button variant="contained" onClick={confirm} disabled={pending} data-testid={`${testId}-confirm`}>
          {translate('pf.gate.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
