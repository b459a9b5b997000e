import type { FormDefinition, Locale } from '@phaseflow/forms';
import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMemo } from 'react';
import { useTranslate } from 'react-admin';
import { hiddenPathSet, scoreSummary, withComputedValues } from './form-logic';
import { FormFieldInput } from './FormFieldInput';
import { toFormData, type InputValue, type InputValues } from './form-values';

export interface StageFormRendererProps {
  form: FormDefinition;
  values: InputValues;
  onChange: (key: string, value: InputValue) => void;
  /** Messages by field path (`budget`, `members[2].phone`). */
  errors?: Record<string, string>;
  disabled?: boolean;
  locale: Locale;
}

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * Renders any form definition from @phaseflow/forms as a column of inputs, in field order. Fields
 * appear and disappear with their conditions and computed fields follow the values as they are typed.
 */
export const StageFormRenderer = ({ form, values, onChange, errors = {}, disabled, locale }: StageFormRendererProps) => {
  const translate = useTranslate();
  const data = useMemo(() => withComputedValues(form, toFormData(form, values)), [form, values]);
  const hidden = useMemo(() => hiddenPathSet(form, data), [form, data]);
  const score = useMemo(() => scoreSummary(form, data), [form, data]);
  if (form.fields.length === 0) {
    return <Typography color="text.secondary">{translate('pf.form.no_fields')}</Typography>;
  }
  return (
    <Stack spacing={2.5} sx={{ maxWidth: form.fields.some((field) => field.type === 'table') ? 1100 : 720 }}>
      {form.fields
        .filter((field) => !hidden.has(field.key))
        .map((field) => (
          <FormFieldInput
            key={field.key}
            field={field}
            value={values[field.key]}
            onChange={(value) => onChange(field.key, value)}
            errors={errors}
            disabled={disabled}
            locale={locale}
            computedValue={data[field.key]}
            hidden={hidden}
          />
        ))}
      {score && (
        <Alert severity="info" icon={false} data-testid="form-score-total" data-total={score.total} data-max={score.max}>
          {translate('pf.form.score_total', { total: round(score.total), max: round(score.max), count: score.count })}
        </Alert>
      )}
    </Stack>
  );
};
