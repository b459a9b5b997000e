import type { FormDefinition, Locale } from '@phaseflow/forms';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import { FormFieldInput } from './FormFieldInput';
import type { InputValue, InputValues } from './form-values';

export interface StageFormRendererProps {
  form: FormDefinition;
  values: InputValues;
  onChange: (key: string, value: InputValue) => void;
  /** Messages by field key. */
  errors?: Record<string, string>;
  disabled?: boolean;
  locale: Locale;
}

/** Renders any form definition from @phaseflow/forms as a column of inputs, in field order. */
export const StageFormRenderer = ({ form, values, onChange, errors = {}, disabled, locale }: StageFormRendererProps) => {
  const translate = useTranslate();
  if (form.fields.length === 0) {
    return <Typography color="text.secondary">{translate('pf.form.no_fields')}</Typography>;
  }
  return (
    <Stack spacing={2.5} sx={{ maxWidth: 720 }}>
      {form.fields.map((field) => (
        <FormFieldInput
          key={field.key}
          field={field}
          value={values[field.key]}
          onChange={(value) => onChange(field.key, value)}
          error={errors[field.key]}
          disabled={disabled}
          locale={locale}
        />
      ))}
    </Stack>
  );
};
