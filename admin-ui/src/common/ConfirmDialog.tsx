import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useTranslate } from 'react-admin';

/** A yes/no question before something that cannot be undone; the confirm button carries `confirmTestId`. */
export const ConfirmDialog = ({
  open,
  title,
  content,
  confirmLabel,
  confirmTestId,
  pending,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  content: string;
  confirmLabel: string;
  confirmTestId: string;
  pending?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  return (
    <Dialog open={open} onClose={pending ? undefined : onClose} aria-labelledby={`${confirmTestId}-title`} maxWidth="sm" fullWidth>
      <DialogTitle id={`${confirmTestId}-title`}>{title}</DialogTitle>
      <DialogContent>
        <DialogContentText>{content}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={pending}>
          {translate('ra.action.cancel')}
        </Button>
        <Button variant="contained" color="warning" onClick={onConfirm} disabled={pending} data-testid={confirmTestId}>
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
