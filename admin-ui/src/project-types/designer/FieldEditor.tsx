import type { FieldDefinition, FieldOption, FieldType } from '@phaseflow/forms';
import { FIELD_TYPES, labelOf } from '@phaseflow/forms';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Collapse from '@mui/material/Collapse';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import Add from '@mui/icons-material/Add';
import ExpandLess from '@mui/icons-material/ExpandLess';
import ExpandMore from '@mui/icons-material/ExpandMore';
import { useEffect, useState } from 'react';
import { useTranslate } from 'react-admin';
import { useUiLocale } from '../../common/useUiLocale';
import { FormFieldInput } from '../../forms/FormFieldInput';
import { initialInputValues, toFormData } from '../../forms/form-values';
import { ConditionEditor } from './ConditionEditor';
import {
  allows,
  move,
  newField,
  newOption,
  removeAt,
  replaceAt,
  retypeField,
  testToken,
  type ConditionField,
} from './definition-model';
import { useDesignerIssues } from './issues';
import {
  DesignerCheckbox,
  DesignerNumberField,
  DesignerSelect,
  DesignerTextField,
  IssueMessages,
  LocalizedTextFields,
  OrderButtons,
} from './widgets';

const BYTES_PER_MB = 1024 * 1024;

/** Settings behind "more": opened by itself when one of them has an issue. */
const ADVANCED = ['.helpText', '.placeholder', '.defaultValue', '.min', '.max', '.minLength', '.maxLength', '.pattern', '.minDate', '.maxDate', '.compute', '.visibleWhen'];

interface FieldListEditorProps {
  fields: FieldDefinition[];
  onChange: (fields: FieldDefinition[]) => void;
  /** Definition path of the list: `stages[0].form.fields`, `stages[0].form.fields[2].columns`. */
  path: string;
  /** Positions naming the list in test ids: `[0]` for stage 0, `[0, 2]` for the columns of its field 2. */
  positions: number[];
  /** Columns cannot be tables. */
  columns?: boolean;
  addTestId: string;
  /** Called when fields move or go, so that issues named by position are not shown on the wrong field. */
  onReorder: () => void;
  /** For columns: the form's fields, which a column's condition may also use. */
  outerFields?: ConditionField[];
}

/** An ordered list of fields (a stage form, or a table's columns): add, reorder, remove, edit. */
export const FieldListEditor = ({ fields, onChange, path, positions, columns, addTestId, onReorder, outerFields = [] }: FieldListEditorProps) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const issues = useDesignerIssues();
  return (
    <Stack spacing={1.5}>
      {fields.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          {translate(columns ? 'pf.designer.no_columns' : 'pf.designer.no_fields')}
        </Typography>
      )}
      {fields.map((field, index) => (
        <FieldEditor
          key={index}
          field={field}
          onChange={(next) => onChange(replaceAt(fields, index, next))}
          path={`${path}[${index}]`}
          positions={[...positions, index]}
          index={index}
          count={fields.length}
          onMove={(to) => {
            onReorder();
            onChange(move(fields, index, to));
          }}
          onRemove={() => {
            onReorder();
            onChange(removeAt(fields, index));
          }}
          column={columns}
          conditionFields={[
            ...fields
              .filter((other, position) => position !== index && other.key !== '')
              .map((other) => ({ name: other.key, label: labelOf(other.label, locale) || other.key, field: other })),
            // a column's condition finds the columns of its row first, then the form's fields
            ...outerFields.filter((outer) => !fields.some((other) => other.key === outer.name)),
          ]}
          onReorder={onReorder}
        />
      ))}
      <IssueMessages anchor={path} />
      <Box>
        <Button
          size="small"
          variant="outlined"
          startIcon={<Add />}
          onClick={() => {
            issues.edited(path);
            onChange([...fields, newField(fields, columns)]);
          }}
          data-testid={addTestId}
        >
          {translate(columns ? 'pf.designer.add_column' : 'pf.designer.add_field')}
        </Button>
      </Box>
    </Stack>
  );
};

const listOf = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');

/** Comma-separated content types, kept as typed while the definition holds the list. */
const AcceptField = ({ anchor, testId, value, onChange }: { anchor: string; testId: string; value: string[] | undefined; onChange: (value: string[] | undefined) => void }) => {
  const translate = useTranslate();
  const [text, setText] = useState((value ?? []).join(', '));
  const joined = (value ?? []).join(', ');
  // another field moved into this place: show its list, not what was typed for the previous one
  useEffect(() => {
    setText((current) => (listOf(current).join(', ') === joined ? current : joined));
  }, [joined]);
  return (
    <DesignerTextField
      anchor={anchor}
      testId={testId}
      label={translate('pf.designer.field.accept')}
      helperText={translate('pf.designer.field.accept_help')}
      value={text}
      onChange={(typed) => {
        setText(typed);
        const list = listOf(typed);
        onChange(list.length > 0 ? list : undefined);
      }}
    />
  );
};

const OptionsEditor = ({ options, onChange, path, token }: { options: FieldOption[]; onChange: (options: FieldOption[]) => void; path: string; token: string }) => {
  const translate = useTranslate();
  const issues = useDesignerIssues();
  return (
    <Stack spacing={1}>
      <Typography variant="subtitle2">{translate('pf.designer.field.options')}</Typography>
      {options.map((option, index) => {
        const optionPath = `${path}[${index}]`;
        const optionToken = `field-${token}-option-${index}`;
        return (
          <Stack key={index} direction={{ xs: 'column', md: 'row' }} spacing={1} sx={{ alignItems: { md: 'flex-start' } }} data-testid={optionToken}>
            <DesignerTextField
              anchor={`${optionPath}.value`}
              testId={`${optionToken}-value`}
              label={translate('pf.designer.field.option_value')}
              value={option.value}
              onChange={(value) => onChange(replaceAt(options, index, { ...option, value }))}
              sx={{ maxWidth: { md: 180 } }}
            />
            <LocalizedTextFields
              anchor={`${optionPath}.label`}
              testId={`${optionToken}-label`}
              label={translate('pf.designer.field.option_label')}
              value={option.label}
              onChange={(label) => onChange(replaceAt(options, index, { ...option, label }))}
            />
            <OrderButtons
              testId={optionToken}
              index={index}
              count={options.length}
              onMove={(to) => {
                issues.edited(path);
                onChange(move(options, index, to));
              }}
              onRemove={() => {
                issues.edited(path);
                onChange(removeAt(options, index));
              }}
              removeLabel={translate('pf.designer.field.remove_option')}
            />
            <IssueMessages anchor={optionPath} />
          </Stack>
        );
      })}
      <IssueMessages anchor={path} />
      <Box>
        <Button
          size="small"
          startIcon={<Add />}
          onClick={() => {
            issues.edited(path);
            onChange([...options, newOption(options)]);
          }}
          data-testid={`field-${token}-add-option`}
        >
          {translate('pf.designer.field.add_option')}
        </Button>
      </Box>
    </Stack>
  );
};

interface FieldEditorProps {
  field: FieldDefinition;
  onChange: (field: FieldDefinition) => void;
  path: string;
  positions: number[];
  index: number;
  count: number;
  onMove: (to: number) => void;
  onRemove: () => void;
  column?: boolean;
  conditionFields: ConditionField[];
  onReorder: () => void;
}

/** Every setting of one field, those that apply to its type. */
export const FieldEditor = ({ field, onChange, path, positions, index, count, onMove, onRemove, column, conditionFields, onReorder }: FieldEditorProps) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const issues = useDesignerIssues();
  const [open, setOpen] = useState(false);
  const token = testToken(positions);
  const testId = `field-${token}`;
  const advancedHasIssues = ADVANCED.some((suffix) => issues.anyUnder(`${path}${suffix}`));
  const showAdvanced = open || advancedHasIssues;
  const set = <K extends keyof FieldDefinition>(property: K, value: FieldDefinition[K]) => {
    const next = { ...field, [property]: value };
    if (value === undefined) delete next[property];
    onChange(next);
  };
  const has = (property: Parameters<typeof allows>[1]) => allows(field.type, property);
  const types = FIELD_TYPES.filter((type) => !column || type !== 'table');
  const bounds = field.type === 'multiSelect' ? 'choices' : 'value';

  const defaultField: FieldDefinition = { ...field, required: false, compute: undefined, visibleWhen: undefined, helpText: undefined };
  const defaultLabel = translate('pf.designer.field.defaultValue');
  const defaultInput = initialInputValues({ fields: [defaultField] }, null)[field.key];

  return (
    <Paper variant="outlined" sx={{ p: 1.5, bgcolor: column ? 'action.hover' : undefined }} data-testid={testId} data-field-key={field.key}>
      <Stack spacing={1.5}>
        <Stack direction={{ xs: 'column', lg: 'row' }} spacing={1} sx={{ alignItems: { lg: 'flex-start' } }}>
          <Chip size="small" label={`${index + 1}`} sx={{ mt: { lg: 1 } }} />
          <DesignerTextField
            anchor={`${path}.key`}
            testId={`${testId}-key`}
            label={translate('pf.designer.field.key')}
            value={field.key}
            onChange={(key) => set('key', key)}
            required
            sx={{ maxWidth: { lg: 170 } }}
            slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'off' } }}
          />
          <DesignerSelect<FieldType>
            anchor={`${path}.type`}
            testId={`${testId}-type`}
            label={translate('pf.designer.field.type')}
            value={field.type}
            onChange={(type) => {
              issues.edited(path);
              onChange(retypeField(field, type));
            }}
            choices={types.map((type) => ({ value: type, label: translate(`pf.fieldType.${type}`) }))}
            sx={{ maxWidth: { lg: 150 } }}
          />
          <LocalizedTextFields
            anchor={`${path}.label`}
            testId={`${testId}-label`}
            label={translate('pf.designer.field.label')}
            value={field.label}
            onChange={(label) => set('label', label)}
            required
          />
          {!field.compute && (
            <DesignerCheckbox
              anchor={`${path}.required`}
              testId={`${testId}-required`}
              label={translate('pf.designer.field.required')}
              checked={field.required === true}
              onChange={(required) => set('required', required || undefined)}
            />
          )}
          <OrderButtons
            testId={testId}
            index={index}
            count={count}
            onMove={onMove}
            onRemove={onRemove}
            removeLabel={translate(column ? 'pf.designer.remove_column' : 'pf.designer.remove_field')}
          />
        </Stack>
        <IssueMessages anchor={path} />

        {has('options') && (
          <OptionsEditor options={field.options ?? []} onChange={(options) => set('options', options)} path={`${path}.options`} token={token} />
        )}

        {has('columns') && (
          <Stack spacing={1} sx={{ pl: 2, borderLeft: 2, borderColor: 'primary.light' }}>
            <Typography variant="subtitle2">{translate('pf.designer.field.columns')}</Typography>
            <FieldListEditor
              fields={field.columns ?? []}
              onChange={(columns) => set('columns', columns)}
              path={`${path}.columns`}
              positions={positions}
              columns
              addTestId={`${testId}-add-column`}
              onReorder={onReorder}
              outerFields={conditionFields}
            />
            <Stack direction="row" spacing={1}>
              <DesignerNumberField
                anchor={`${path}.minRows`}
                testId={`${testId}-min-rows`}
                label={translate('pf.designer.field.minRows')}
                value={field.minRows}
                onChange={(value) => set('minRows', value)}
                integer
              />
              <DesignerNumberField
                anchor={`${path}.maxRows`}
                testId={`${testId}-max-rows`}
                label={translate('pf.designer.field.maxRows')}
                value={field.maxRows}
                onChange={(value) => set('maxRows', value)}
                integer
              />
            </Stack>
          </Stack>
        )}

        {has('maxScore') && (
          <Stack direction="row" spacing={1}>
            <DesignerNumberField
              anchor={`${path}.maxScore`}
              testId={`${testId}-max-score`}
              label={translate('pf.designer.field.maxScore')}
              value={field.maxScore}
              onChange={(value) => set('maxScore', value)}
            />
            <DesignerNumberField
              anchor={`${path}.weight`}
              testId={`${testId}-weight`}
              label={translate('pf.designer.field.weight')}
              helperText={translate('pf.designer.field.weight_help')}
              value={field.weight}
              onChange={(value) => set('weight', value)}
            />
          </Stack>
        )}

        {has('accept') && (
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={1}>
            <AcceptField anchor={`${path}.accept`} testId={`${testId}-accept`} value={field.accept} onChange={(value) => set('accept', value)} />
            <DesignerNumberField
              anchor={`${path}.maxSizeBytes`}
              testId={`${testId}-max-size`}
              label={translate('pf.designer.field.maxSizeMb')}
              value={field.maxSizeBytes === undefined ? undefined : Math.round((field.maxSizeBytes / BYTES_PER_MB) * 100) / 100}
              onChange={(value) => set('maxSizeBytes', value === undefined ? undefined : Math.round(value * BYTES_PER_MB))}
              sx={{ maxWidth: { md: 200 } }}
            />
            <DesignerNumberField
              anchor={`${path}.maxFiles`}
              testId={`${testId}-max-files`}
              label={translate('pf.designer.field.maxFiles')}
              value={field.maxFiles}
              onChange={(value) => set('maxFiles', value)}
              integer
              sx={{ maxWidth: { md: 160 } }}
            />
          </Stack>
        )}

        <Box>
          <Button
            size="small"
            onClick={() => setOpen(!showAdvanced)}
            endIcon={showAdvanced ? <ExpandLess /> : <ExpandMore />}
            data-testid={`${testId}-more`}
          >
            {translate('pf.designer.field.more')}
          </Button>
        </Box>
        <Collapse in={showAdvanced} unmountOnExit>
          <Stack spacing={1.5}>
            <LocalizedTextFields
              anchor={`${path}.helpText`}
              testId={`${testId}-help`}
              label={translate('pf.designer.field.helpText')}
              value={field.helpText}
              onChange={(helpText) => set('helpText', helpText)}
            />
            {has('placeholder') && !field.compute && (
              <LocalizedTextFields
                anchor={`${path}.placeholder`}
                testId={`${testId}-placeholder`}
                label={translate('pf.designer.field.placeholder')}
                value={field.placeholder}
                onChange={(placeholder) => set('placeholder', placeholder)}
              />
            )}
            {(has('min') || has('minLength') || has('minDate')) && (
              <Stack direction={{ xs: 'column', md: 'row' }} spacing={1}>
                {has('min') && (
                  <>
                    <DesignerNumberField
                      anchor={`${path}.min`}
                      testId={`${testId}-min`}
                      label={translate(`pf.designer.field.min_${bounds}`)}
                      value={field.min}
                      onChange={(value) => set('min', value)}
                      integer={field.type !== 'number'}
                    />
                    <DesignerNumberField
                      anchor={`${path}.max`}
                      testId={`${testId}-max`}
                      label={translate(`pf.designer.field.max_${bounds}`)}
                      value={field.max}
                      onChange={(value) => set('max', value)}
                      integer={field.type !== 'number'}
                    />
                  </>
                )}
                {has('minLength') && (
                  <>
                    <DesignerNumberField
                      anchor={`${path}.minLength`}
                      testId={`${testId}-min-length`}
                      label={translate('pf.designer.field.minLength')}
                      value={field.minLength}
                      onChange={(value) => set('minLength', value)}
                      integer
                    />
                    <DesignerNumberField
                      anchor={`${path}.maxLength`}
                      testId={`${testId}-max-length`}
                      label={translate('pf.designer.field.maxLength')}
                      value={field.maxLength}
                      onChange={(value) => set('maxLength', value)}
                      integer
                    />
                  </>
                )}
                {has('minDate') && (
                  <>
                    <DesignerTextField
                      anchor={`${path}.minDate`}
                      testId={`${testId}-min-date`}
                      type="date"
                      label={translate('pf.designer.field.minDate')}
                      value={field.minDate ?? ''}
                      onChange={(value) => set('minDate', value || undefined)}
                      slotProps={{ inputLabel: { shrink: true } }}
                    />
                    <DesignerTextField
                      anchor={`${path}.maxDate`}
                      testId={`${testId}-max-date`}
                      type="date"
                      label={translate('pf.designer.field.maxDate')}
                      value={field.maxDate ?? ''}
                      onChange={(value) => set('maxDate', value || undefined)}
                      slotProps={{ inputLabel: { shrink: true } }}
                    />
                  </>
                )}
              </Stack>
            )}
            {has('pattern') && (
              <DesignerTextField
                anchor={`${path}.pattern`}
                testId={`${testId}-pattern`}
                label={translate('pf.designer.field.pattern')}
                helperText={translate('pf.designer.field.pattern_help')}
                value={field.pattern ?? ''}
                onChange={(value) => set('pattern', value || undefined)}
                slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace' } } }}
              />
            )}
            {has('compute') && (
              <DesignerTextField
                anchor={`${path}.compute`}
                testId={`${testId}-compute`}
                label={translate('pf.designer.field.compute')}
                helperText={translate('pf.designer.field.compute_help')}
                value={field.compute ?? ''}
                onChange={(value) => {
                  const next = { ...field, compute: value || undefined };
                  // a computed field is filled in by the form: neither required nor defaulted
                  if (next.compute) {
                    delete next.required;
                    delete next.defaultValue;
                  } else delete next.compute;
                  onChange(next);
                }}
                slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace' } } }}
              />
            )}
            {has('defaultValue') && !field.compute && (
              <Stack spacing={0.5}>
                <FormFieldInput
                  key={field.type}
                  field={{ ...defaultField, label: { zh: defaultLabel, en: defaultLabel } }}
                  value={defaultInput}
                  onChange={(value) => {
                    issues.edited(`${path}.defaultValue`);
                    const data = toFormData({ fields: [defaultField] }, { [field.key]: value });
                    set('defaultValue', data[field.key]);
                  }}
                  path={`default-${token}`}
                  locale={locale}
                  testId={`${testId}-default`}
                  inputTestId={`${testId}-default-input`}
                />
                <IssueMessages anchor={`${path}.defaultValue`} />
              </Stack>
            )}
            <Stack spacing={0.5}>
              <Typography variant="caption" color="text.secondary">
                {translate(column ? 'pf.designer.field.visibleWhen_column' : 'pf.designer.field.visibleWhen')}
              </Typography>
              <ConditionEditor
                value={field.visibleWhen}
                onChange={(condition) => set('visibleWhen', condition)}
                fields={conditionFields}
                anchor={`${path}.visibleWhen`}
                testId={`${testId}-visible-when`}
                addLabel={translate('pf.designer.field.add_condition')}
              />
            </Stack>
          </Stack>
        </Collapse>
      </Stack>
    </Paper>
  );
};

