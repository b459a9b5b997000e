import type { LocalizedText } from '@phaseflow/forms';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TextField, { type TextFieldProps } from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import ArrowDownward from '@mui/icons-material/ArrowDownward';
import ArrowUpward from '@mui/icons-material/ArrowUpward';
import Delete from '@mui/icons-material/Delete';
import { useEffect, useState } from 'react';
import { useTranslate } from 'react-admin';
import { useDesignerIssues } from './issues';

/** Issues shown at a section (a stage, a field, a list) rather than at one input. */
export const IssueMessages = ({ anchor }: { anchor: string }) => {
  const messages = useDesignerIssues().at(anchor);
  if (messages.length === 0) return null;
  return (
    <>
      {messages.map((message) => (
        <FormHelperText key={message} error data-issue-path={anchor}>
          {message}
        </FormHelperText>
      ))}
    </>
  );
};

type BaseProps = Omit<TextFieldProps, 'value' | 'onChange' | 'error'> & {
  anchor: string;
  testId: string;
};

const useIssueProps = (anchor: string, helperText: TextFieldProps['helperText']) => {
  const issues = useDesignerIssues();
  const messages = issues.at(anchor);
  return {
    error: messages.length > 0,
    helperText: messages.length > 0 ? messages.join('; ') : helperText,
    onBlur: () => issues.touched(anchor),
    edited: () => issues.edited(anchor),
  };
};

/** A text input of the designer: its issues (by definition path) show under it. */
export const DesignerTextField = ({
  anchor,
  testId,
  value,
  onChange,
  helperText,
  slotProps,
  ...props
}: BaseProps & { value: string; onChange: (value: string) => void }) => {
  const { edited, ...issueProps } = useIssueProps(anchor, helperText);
  return (
    <TextField
      size="small"
      fullWidth
      {...props}
      {...issueProps}
      value={value}
      onChange={(event) => {
        edited();
        onChange(event.target.value);
      }}
      slotProps={{
        ...slotProps,
        htmlInput: { ...(slotProps?.htmlInput as object), 'data-testid': testId },
        formHelperText: { 'data-issue-path': issueProps.error ? anchor : undefined } as object,
      }}
    />
  );
};

/**
 * A number input that keeps what is typed (`1.`, `-`) while the definition holds the number, or
 * nothing when the input is empty.
 */
export const DesignerNumberField = ({
  anchor,
  testId,
  value,
  onChange,
  integer,
  helperText,
  slotProps,
  ...props
}: BaseProps & { value: number | undefined; onChange: (value: number | undefined) => void; integer?: boolean }) => {
  const { edited, ...issueProps } = useIssueProps(anchor, helperText);
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    setText((current) => (Number(current) === value && current.trim() !== '' ? current : value === undefined ? '' : String(value)));
  }, [value]);
  return (
    <TextField
      size="small"
      fullWidth
      {...props}
      {...issueProps}
      type="number"
      value={text}
      onChange={(event) => {
        edited();
        const typed = event.target.value;
        setText(typed);
        if (typed.trim() === '') onChange(undefined);
        else if (!Number.isNaN(Number(typed))) onChange(Number(typed));
      }}
      slotProps={{
        ...slotProps,
        htmlInput: {
          ...(slotProps?.htmlInput as object),
          step: integer ? 1 : 'any',
          inputMode: integer ? 'numeric' : 'decimal',
          'data-testid': testId,
        },
        formHelperText: { 'data-issue-path': issueProps.error ? anchor : undefined } as object,
      }}
    />
  );
};

/** A native select (easy to drive from a keyboard and from a browser test). */
export const DesignerSelect = <T extends string>({
  anchor,
  testId,
  value,
  onChange,
  choices,
  helperText,
  slotProps,
  ...props
}: BaseProps & { value: T | ''; onChange: (value: T) => void; choices: readonly { value: T | ''; label: string }[] }) => {
  const { edited, ...issueProps } = useIssueProps(anchor, helperText);
  return (
    <TextField
      select
      size="small"
      fullWidth
      {...props}
      {...issueProps}
      value={value}
      onChange={(event) => {
        edited();
        onChange(event.target.value as T);
      }}
      slotProps={{
        ...slotProps,
        select: { native: true },
        inputLabel: { shrink: true },
        htmlInput: { ...(slotProps?.htmlInput as object), 'data-testid': testId },
        formHelperText: { 'data-issue-path': issueProps.error ? anchor : undefined } as object,
      }}
    >
      {choices.map((choice) => (
        <option key={choice.value} value={choice.value}>
          {choice.label}
        </option>
      ))}
    </TextField>
  );
};

export const DesignerCheckbox = ({
  anchor,
  testId,
  label,
  checked,
  onChange,
  disabled,
}: {
  anchor: string;
  testId: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}) => {
  const issues = useDesignerIssues();
  return (
    <Stack sx={{ flexShrink: 0 }}>
      <FormControlLabel
        label={label}
        disabled={disabled}
        sx={{ whiteSpace: 'nowrap', mr: 0 }}
        control={
          <Checkbox
            size="small"
            checked={checked}
            onChange={(event) => {
              issues.edited(anchor);
              onChange(event.target.checked);
            }}
            slotProps={{ input: { 'data-testid': testId } as object }}
          />
        }
      />
      <IssueMessages anchor={anchor} />
    </Stack>
  );
};

/** A text in both languages: two inputs side by side; issues on the whole text show under them. */
export const LocalizedTextFields = ({
  anchor,
  testId,
  label,
  value,
  onChange,
  required,
  multiline,
}: {
  anchor: string;
  testId: string;
  label: string;
  value: LocalizedText | undefined;
  onChange: (value: LocalizedText) => void;
  required?: boolean;
  multiline?: boolean;
}) => {
  const translate = useTranslate();
  const text = value ?? { zh: '', en: '' };
  return (
    <Stack spacing={0.5} sx={{ flex: 1, minWidth: 240 }}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
        {(['zh', 'en'] as const).map((language) => (
          <DesignerTextField
            key={language}
            anchor={`${anchor}.${language}`}
            testId={`${testId}-${language}`}
            label={translate('pf.designer.localized_label', { label, language: translate(`pf.designer.language.${language}`) })}
            value={text[language]}
            required={required}
            multiline={multiline}
            onChange={(typed) => onChange({ ...text, [language]: typed })}
          />
        ))}
      </Stack>
      <IssueMessages anchor={anchor} />
    </Stack>
  );
};

/** Up, down and remove buttons for one item of an ordered list. */
export const OrderButtons = ({
  testId,
  index,
  count,
  onMove,
  onRemove,
  removeLabel,
  removeDisabled,
}: {
  testId: string;
  index: number;
  count: number;
  onMove: (to: number) => void;
  onRemove: () => void;
  removeLabel: string;
  removeDisabled?: boolean;
}) => {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={0} sx={{ flexShrink: 0 }}>
      <Tooltip title={translate('pf.designer.move_up')}>
        <span>
          <IconButton size="small" disabled={index === 0} onClick={() => onMove(index - 1)} data-testid={`${testId}-move-up`}>
            <ArrowUpward fontSize="small" />
          </IconButton>
        </span>
      </Tooltip>
      <Tooltip title={translate('pf.designer.move_down')}>
        <span>
          <IconButton
            size="small"
            disabled={index === count - 1}
            onClick={() => onMove(index + 1)}
            data-testid={`${testId}-move-down`}
          >
            <ArrowDownward fontSize="small" />
          </IconButton>
        </span>
      </Tooltip>
      <Tooltip title={removeLabel}>
        <span>
          <IconButton size="small" color="error" disabled={removeDisabled} onClick={onRemove} data-testid={`${testId}-remove`}>
            <Delete fontSize="small" />
          </IconButton>
        </span>
      </Tooltip>
    </Stack>
  );
};
