import type { FieldDefinition, Locale } from '@phaseflow/forms';
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
import type { InputValue } from './form-values';

export interface FormFieldInputProps {
  field: FieldDefinition;
  value: InputValue;
  onChange: (value: InputValue) => void;
  error?: string;
  disabled?: boolean;
  locale: Locale;
}

/** One input for one form field, chosen by its type. */
export const FormFieldInput = ({ field, value, onChange, error, disabled, locale }: FormFieldInputProps) => {
  const translate = useTranslate();
  const label = labelOf(field.label, locale);
  const help = field.helpText ? labelOf(field.helpText, locale) : undefined;
  const placeholder = field.placeholder ? labelOf(field.placeholder, locale) : undefined;
  const helperText = error ?? help;
  const required = Boolean(field.required);
  const testId = `form-field-${field.key}`;
  const id = `stage-field-${field.key}`;

  switch (field.type) {
    case 'boolean':
      return (
        <FormControl error={Boolean(error)} disabled={disabled} required={required} data-testid={testId}>
          <FormControlLabel
            label={label}
            control={
              <Checkbox
                id={id}
                name={field.key}
                checked={value === true}
                onChange={(event) => onChange(event.target.checked)}
              />
            }
          />
          {helperText && <FormHelperText>{helperText}</FormHelperText>}
        </FormControl>
      );

    case 'multiSelect': {
      const selected = Array.isArray(value) ? value : [];
      return (
        <FormControl
          component="fieldset"
          error={Boolean(error)}
          disabled={disabled}
          required={required}
          data-testid={testId}
        >
          <FormLabel component="legend">{label}</FormLabel>
          <FormGroup row>
            {(field.options ?? []).map((option) => (
              <FormControlLabel
                key={option.value}
                label={labelOf(option.label, locale)}
                control={
                  <Checkbox
                    name={field.key}
                    value={option.value}
                    checked={selected.includes(option.value)}
                    onChange={(event) =>
                      onChange(
                        event.target.checked
                          ? [...selected, option.value]
                          : selected.filter((chosen) => chosen !== option.value),
                      )
                    }
                  />
                }
              />
            ))}
          </FormGroup>
          {helperText && <FormHelperText>{helperText}</FormHelperText>}
        </FormControl>
      );
    }

    case 'singleSelect':
      return (
        <TextField
          select
          id={id}
          name={field.key}
          label={label}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.target.value || undefined)}
          error={Boolean(error)}
          helperText={helperText}
          required={required}
          disabled={disabled}
          fullWidth
          data-testid={testId}
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
      const isNumber = field.type === 'number' || field.type === 'integer';
      const htmlInput: Record<string, unknown> = {};
      if (isNumber) {
        htmlInput.inputMode = field.type === 'integer' ? 'numeric' : 'decimal';
        if (field.min != null) htmlInput.min = field.min;
        if (field.max != null) htmlInput.max = field.max;
        htmlInput.step = field.type === 'integer' ? 1 : 'any';
      }
      if (field.type === 'date') {
        if (field.minDate) htmlInput.min = field.minDate;
        if (field.maxDate) htmlInput.max = field.maxDate;
      }
      if (field.maxLength != null && (field.type === 'text' || field.type === 'longText')) {
        htmlInput.maxLength = field.maxLength;
      }
      return (
        <TextField
          id={id}
          name={field.key}
          label={label}
          type={isNumber ? 'number' : field.type === 'date' ? 'date' : 'text'}
          multiline={field.type === 'longText'}
          minRows={field.type === 'longText' ? 3 : undefined}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.target.value)}
          placeholder={placeholder}
          error={Boolean(error)}
          helperText={helperText}
          required={required}
          disabled={disabled}
          fullWidth
          data-testid={testId}
          slotProps={{
            htmlInput,
            inputLabel: field.type === 'date' ? { shrink: true } : undefined,
          }}
        />
      );
    }
  }
};
