import TextField from '@mui/material/TextField';
import { useTranslate } from 'react-admin';

/** A new password typed twice; `mismatch` once both are filled and differ. */
export const newPasswordProblem = (password: string, repeated: string): 'mismatch' | null =>
  password && repeated && password !== repeated ? 'mismatch' : null;

export const NewPasswordFields = ({
  value,
  repeated,
  onChange,
  onRepeatedChange,
  serverError,
  testId,
}: {
  value: string;
  repeated: string;
  onChange: (value: string) => void;
  onRepeatedChange: (value: string) => void;
  /** The server's message for the new password (rules: length, not the email). */
  serverError?: string;
  testId: string;
}) => {
  const translate = useTranslate();
  const mismatch = newPasswordProblem(value, repeated) === 'mismatch';
  return (
    <>
      <TextField
        type="password"
        label={translate('pf.password.new')}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        required
        error={Boolean(serverError)}
        helperText={serverError ?? translate('pf.password.rules')}
        slotProps={{ htmlInput: { 'data-testid': `${testId}-new`, autoComplete: 'new-password' } }}
      />
      <TextField
        type="password"
        label={translate('pf.password.repeat')}
        value={repeated}
        onChange={(event) => onRepeatedChange(event.target.value)}
        required
        error={mismatch}
        helperText={mismatch ? translate('pf.password.mismatch') : undefined}
        slotProps={{ htmlInput: { 'data-testid': `${testId}-repeat`, autoComplete: 'new-password' } }}
      />
    </>
  );
};
