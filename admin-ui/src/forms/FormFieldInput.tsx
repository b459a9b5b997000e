import type { AttachmentRef, FieldDefinition, Locale } from '@phaseflow/forms';
import { labelOf } from '@phaseflow/forms';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useTranslate } from 'react-admin';
import { AttachmentInput } from './AttachmentInput';
import { displayValue, errorsUnder, type InputValue, type RowValues } from './form-values';
import { TableFieldInput } from './TableFieldInput';

export interface FormFieldInputProps {
  field: FieldDefinition;
  value: InputValue;
  onChange: (value: InputValue) => void;
  /** The field's path in the form data: `budget`, or `members[2].phone` in a table. */
  path?: string;
  /** Every error of the form by path; each input shows those at or below its own path. */
  errors?: Record<string, string>;
  disabled?: boolean;
  locale: Locale;
  /** What the form computes at this path (a computed field's value; a table's computed rows). */
  computedValue?: unknown;
  /** The paths the form hides (table cells among them). */
  hidden?: ReadonlySet<string>;
  /** In a table cell: compact, the label is the column header. */
  dense?: boolean;
  /** Test id of the field's outer element; `form-field-<key>` by default. */
  testId?: string;
  /** Test id of the element a test types into (the native input or select). */
  inputTestId?: string;
}

const NOTHING_HIDDEN: ReadonlySet<string> = new Set();

const INPUT_TYPES: Partial<Record<FieldDefinition['type'], string>> = {
  number: 'number',
  integer: 'number',
  indicator: 'number',
  date: 'date',
  email: 'email',
  phone: 'tel',
  url: 'url',
};

const INPUT_MODES: Partial<Record<FieldDefinition['type'], string>> = {
  number: 'decimal',
  integer: 'numeric',
  indicator: 'decimal',
  email: 'email',
  phone: 'tel',
  url: 'url',
};

/** One input for one form field, chosen by its type. */
export const FormFieldInput = ({
  field,
  value,
  onChange,
  path = field.key,
  errors = {},
  disabled,
  locale,
  computedValue,
  hidden,
  dense,
  testId = `form-field-${path}`,
  inputTestId = `form-input-${path}`,
}: FormFieldInputProps) => {
  const translate = useTranslate();
  const label = labelOf(field.label, locale);
  const help = field.helpText ? labelOf(field.helpText, locale) : undefined;
  const placeholder = field.placeholder ? labelOf(field.placeholder, locale) : undefined;
  const error = field.type === 'table' ? errors[path] : errorsUnder(errors, path);
  const required = Boolean(field.required);
  const id = `stage-field-${path}`;
  const size = dense ? 'small' : undefined;
  const shownLabel = dense ? undefined : label;
  const hint = (extra?: string) => {
    if (error) return error;
    if (dense) return undefined;
    return [help, extra].filter(Boolean).join(' — ') || undefined;
  };

  if (field.type === 'table') {
    return (
      <TableFieldInput
        field={field}
        rows={Array.isArray(value) ? (value as RowValues[]) : []}
        onChange={onChange}
        path={path}
        errors={errors}
        disabled={disabled}
        locale={locale}
        computedRows={Array.isArray(computedValue) ? (computedValue as Record<string, unknown>[]) : undefined}
        hidden={hidden ?? NOTHING_HIDDEN}
        testId={testId}
      />
    );
  }

  if (field.type === 'attachment') {
    return (
      <AttachmentInput
        field={field}
        path={path}
        value={Array.isArray(value) ? (value as AttachmentRef[]) : undefined}
        onChange={onChange}
        error={error}
        disabled={disabled}
        locale={locale}
        dense={dense}
        testId={dense ? undefined : `attachment-${path}`}
      />
    );
  }

  if (field.compute) {
    return (
      <TextField
        id={id}
        name={path}
        label={shownLabel}
        value={displayValue(computedValue)}
        size={size}
        hiddenLabel={dense}
        error={Boolean(error)}
        helperText={hint(translate('pf.form.computed'))}
        fullWidth
        data-testid={testId}
        slotProps={{
          input: { readOnly: true },
          inputLabel: { shrink: true },
          htmlInput: { 'data-testid': inputTestId, 'aria-label': label, 'data-computed': 'true' },
        }}
        sx={{ '& .MuiInputBase-root': { bgcolor: 'action.hover' } }}
      />
    );
  }

  switch (field.type) {
    case 'boolean':
      return (
        <FormControl error={Boolean(error)} disabled={disabled} required={required} data-testid={testId}>
          <FormControlLabel
            label={dense ? '' : label}
            control={
              <Checkbox
                id={id}
                name={path}
                size={size}
                checked={value === true}
                onChange={(event) => onChange(event.target.checked)}
                slotProps={{ input: { 'aria-label': label, 'data-testid': inputTestId } as object }}
              />
            }
          />
          {hint() && <FormHelperText>{hint()}</FormHelperText>}
        </FormControl>
      );

    case 'multiSelect': {
      const selected = Array.isArray(value) ? (value as string[]) : [];
      return (
        <FormControl component="fieldset" error={Boolean(error)} disabled={disabled} required={required} data-testid={testId}>
          {!dense && <FormLabel component="legend">{label}</FormLabel>}
          <FormGroup row>
            {(field.options ?? []).map((option) => (
              <FormControlLabel
                key={option.value}
                label={labelOf(option.label, locale)}
                control={
                  <Checkbox
                    name={path}
                    size={size}
                    value={option.value}
                    checked={selected.includes(option.value)}
                    onChange={(event) =>
                      onChange(
                        event.target.checked
                          ? [...selected, option.value]
                          : selected.filter((chosen) => chosen !== option.value),
                      )
                    }
                    slotProps={{ input: { 'data-testid': `${inputTestId}-${option.value}` } as object }}
                  />
                }
              />
            ))}
          </FormGroup>
          {hint() && <FormHelperText>{hint()}</FormHelperText>}
        </FormControl>
      );
    }

    case 'singleSelect':
      return (
        <TextField
          select
          id={id}
          name={path}
          label={shownLabel}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.target.value || undefined)}
          error={Boolean(error)}
          helperText={hint()}
          required={required}
          disabled={disabled}
          size={size}
          hiddenLabel={dense}
          fullWidth
          data-testid={testId}
          slotProps={{ htmlInput: { 'data-testid': inputTestId, 'aria-label': label } }}
        >
          {!required && (
            <MenuItem value="">
              <em>{translate('pf.form.none')}</em>
            </MenuItem>
          )}
          {(field.options ?? []).map((option) => (
            <MenuItem key={option.value} value={option.value}>
              {labelOf(option.label, locale)}
            </MenuItem>
          ))}
        </TextField>
      );

    default: {
      const inputType = INPUT_TYPES[field.type] ?? 'text';
      const htmlInput: Record<string, unknown> = { 'data-testid': inputTestId };
      if (dense) htmlInput['aria-label'] = label;
      const inputMode = INPUT_MODES[field.type];
      if (inputMode) htmlInput.inputMode = inputMode;
      let extraHint: string | undefined;
      if (field.type === 'number' || field.type === 'integer') {
        if (field.min != null) htmlInput.min = field.min;
        if (field.max != null) htmlInput.max = field.max;
        htmlInput.step = field.type === 'integer' ? 1 : 'any';
      }
      if (field.type === 'indicator') {
        htmlInput.min = 0;
        if (field.maxScore != null) htmlInput.max = field.maxScore;
        htmlInput.step = 'any';
        extraHint = translate('pf.form.indicator_hint', { max: field.maxScore ?? '—', weight: field.weight ?? 1 });
      }
      if (field.type === 'date') {
        if (field.minDate) htmlInput.min = field.minDate;
        if (field.maxDate) htmlInput.max = field.maxDate;
      }
      if (field.maxLength != null && inputType !== 'number' && inputType !== 'date') htmlInput.maxLength = field.maxLength;
      return (
        <TextField
          id={id}
          name={path}
          label={shownLabel}
          type={inputType}
          multiline={field.type === 'longText'}
          minRows={field.type === 'longText' ? (dense ? 1 : 3) : undefined}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.target.value)}
          placeholder={placeholder}
          error={Boolean(error)}
          helperText={hint(extraHint)}
          required={required}
          disabled={disabled}
          size={size}
          hiddenLabel={dense}
          fullWidth
          data-testid={testId}
          slotProps={{
            htmlInput,
            inputLabel: field.type === 'date' || placeholder ? { shrink: true } : undefined,
          }}
        />
      );
    }
  }
};
