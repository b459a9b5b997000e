import type { FormData, FormDefinition } from '@phaseflow/forms';
import { labelOf, validateFormData, validateFormDefinition } from '@phaseflow/forms';
import type { StageDefinition } from '@phaseflow/workflows/definition';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { useTranslate } from 'react-admin';
import { useUiLocale } from '../../common/useUiLocale';
import { holds, withComputedValues } from '../../forms/form-logic';
import {
  errorStillApplies,
  errorsByField,
  initialInputValues,
  toFormData,
  type FieldErrorLike,
  type InputValues,
} from '../../forms/form-values';
import { StageFormRenderer } from '../../forms/StageFormRenderer';

/** Earlier stages' preview data as a skip condition names it: `stageKey.fieldKey`. */
const qualified = (stages: StageDefinition[], values: Record<number, InputValues>, before: number): Record<string, unknown> => {
  const flat: Record<string, unknown> = {};
  stages.slice(0, before).forEach((stage, index) => {
    const data = withComputedValues(stage.form, toFormData(stage.form, values[index] ?? initialInputValues(stage.form, null)));
    for (const [key, value] of Object.entries(data)) flat[`${stage.key}.${key}`] = value;
  });
  return flat;
};

/**
 * The selected stage's form exactly as the person filling it will see it, on preview data: conditions,
 * computed fields and scores work; files are not uploaded.
 */
export const DesignerPreview = ({
  stages,
  selected,
  onSelect,
}: {
  stages: StageDefinition[];
  selected: number;
  onSelect: (index: number) => void;
}) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const [values, setValues] = useState<Record<number, InputValues>>({});
  const [errors, setErrors] = useState<FieldErrorLike[]>([]);
  const [checkedOk, setCheckedOk] = useState(false);
  const stage = stages[selected];
  const form: FormDefinition = stage?.form ?? { fields: [] };
  const current = values[selected] ?? initialInputValues(form, null);
  const formProblems = useMemo(() => {
    const checked = validateFormDefinition(form);
    return checked.ok ? 0 : checked.issues.length;
  }, [form]);
  const skipped = stage?.skipWhen ? holds(stage.skipWhen, qualified(stages, values, selected)) : false;
  const { byPath, unplaced } = errorsByField(form, errors);

  const check = () => {
    try {
      const data: FormData = toFormData(form, current);
      const result = validateFormData(form, data, { mode: 'submit', locale });
      setErrors(result.ok ? [] : result.errors);
      return result.ok;
    } catch (error) {
      setErrors([{ path: '', message: (error as Error).message }]);
      return false;
    }
  };

  return (
    <Card variant="outlined" data-testid="designer-preview" data-stage={selected}>
      <CardContent>
        <Stack spacing={2}>
          <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <Typography variant="h6" component="h2" sx={{ flex: 1, whiteSpace: 'nowrap' }}>
              {translate('pf.designer.preview.title')}
            </Typography>
            <TextField
              select
              size="small"
              label={translate('pf.designer.preview.stage')}
              value={stages.length > 0 ? String(selected) : ''}
              onChange={(event) => {
                setErrors([]);
                onSelect(Number(event.target.value));
              }}
              slotProps={{ select: { native: true }, htmlInput: { 'data-testid': 'preview-stage' }, inputLabel: { shrink: true } }}
              sx={{ minWidth: 180 }}
            >
              {stages.map((candidate, index) => (
                <option key={index} value={index}>
                  {index + 1}. {labelOf(candidate.name, locale) || candidate.key}
                </option>
              ))}
            </TextField>
          </Stack>
          {!stage ? (
            <Typography color="text.secondary">{translate('pf.designer.preview.no_stage')}</Typography>
          ) : (
            <>
              {formProblems > 0 && (
                <Alert severity="warning">{translate('pf.designer.preview.form_problems', { smart_count: formProblems })}</Alert>
              )}
              {stage.skipWhen && (
                <Alert severity={skipped ? 'warning' : 'info'} data-testid="preview-skipped" data-skipped={skipped}>
                  {translate(skipped ? 'pf.designer.preview.skipped' : 'pf.designer.preview.not_skipped')}
                </Alert>
              )}
              {unplaced.length > 0 && (
                <Alert severity="error">
                  {unplaced.map((error) => (
                    <div key={`${error.path}:${error.message}`}>{error.path ? `${error.path}: ${error.message}` : error.message}</div>
                  ))}
                </Alert>
              )}
              <StageFormRenderer
                form={form}
                values={current}
                onChange={(key, value) => {
                  const before = current[key];
                  setCheckedOk(false);
                  setValues((all) => ({ ...all, [selected]: { ...(all[selected] ?? current), [key]: value } }));
                  setErrors((existing) => existing.filter((error) => errorStillApplies(error.path, key, before, value)));
                }}
                errors={byPath}
                locale={locale}
              />
              {checkedOk && <Alert severity="success">{translate('pf.designer.preview.valid')}</Alert>}
              <Stack direction="row" spacing={1}>
                <Button size="small" variant="outlined" onClick={() => setCheckedOk(check())} data-testid="preview-check">
                  {translate('pf.designer.preview.check')}
                </Button>
                <Button
                  size="small"
                  onClick={() => {
                    setErrors([]);
                    setCheckedOk(false);
                    setValues((all) => ({ ...all, [selected]: initialInputValues(form, null) }));
                  }}
                  data-testid="preview-reset"
                >
                  {translate('pf.designer.preview.reset')}
                </Button>
              </Stack>
            </>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
};
