import { labelOf } from '@phaseflow/forms';
import type { StageDefinition } from '@phaseflow/workflows/definition';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import { useUiLocale } from '../../common/useUiLocale';
import { ConditionEditor } from './ConditionEditor';
import { fieldsPathOf, newLeaf, stagePath, type ConditionField } from './definition-model';
import { FieldListEditor } from './FieldEditor';
import { GateEditor } from './GateEditor';
import { useDesignerIssues } from './issues';
import { DesignerCheckbox, DesignerNumberField, DesignerTextField, IssueMessages, LocalizedTextFields, OrderButtons } from './widgets';

interface StageEditorProps {
  stage: StageDefinition;
  onChange: (stage: StageDefinition) => void;
  index: number;
  count: number;
  onMove: (to: number) => void;
  onRemove: () => void;
  earlierStages: StageDefinition[];
  selected: boolean;
  onSelect: () => void;
  onReorder: () => void;
}

/** The fields a skip condition may use: every (non-table) field of the earlier stages, as `stageKey.fieldKey`. */
const earlierFields = (stages: StageDefinition[], locale: 'zh' | 'en'): ConditionField[] =>
  stages.flatMap((stage) =>
    stage.form.fields
      .filter((field) => field.type !== 'table' && field.key !== '')
      .map((field) => ({
        name: `${stage.key}.${field.key}`,
        label: `${labelOf(stage.name, locale) || stage.key} / ${labelOf(field.label, locale) || field.key}`,
        field,
      })),
  );

/** One stage: its key and names, deadline and warning, skip condition, gate and form. */
export const StageEditor = ({ stage, onChange, index, count, onMove, onRemove, earlierStages, selected, onSelect, onReorder }: StageEditorProps) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const issues = useDesignerIssues();
  const path = stagePath(index);
  const testId = `stage-${index}`;
  const skipFields = earlierFields(earlierStages, locale);
  const set = <K extends keyof StageDefinition>(property: K, value: StageDefinition[K]) => {
    const next = { ...stage, [property]: value };
    if (value === undefined) delete next[property];
    onChange(next);
  };

  return (
    <Card
      variant="outlined"
      data-testid={testId}
      data-stage-key={stage.key}
      data-selected={selected}
      onFocusCapture={onSelect}
      onClick={onSelect}
      sx={{ borderColor: selected ? 'primary.main' : undefined, borderWidth: selected ? 2 : 1 }}
    >
      <CardContent>
        <Stack spacing={2}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography variant="h6" component="h3" sx={{ flex: 1 }}>
              {translate('pf.designer.stage_title', { number: index + 1, name: labelOf(stage.name, locale) || stage.key })}
            </Typography>
            <OrderButtons
              testId={testId}
              index={index}
              count={count}
              onMove={onMove}
              onRemove={onRemove}
              removeLabel={translate('pf.designer.remove_stage')}
            />
          </Stack>
          <IssueMessages anchor={path} />
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={1} sx={{ alignItems: { md: 'flex-start' } }}>
            <DesignerTextField
              anchor={`${path}.key`}
              testId={`${testId}-key`}
              label={translate('pf.designer.stage.key')}
              value={stage.key}
              onChange={(key) => set('key', key)}
              required
              sx={{ maxWidth: { md: 180 } }}
              slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'off' } }}
            />
            <LocalizedTextFields
              anchor={`${path}.name`}
              testId={`${testId}-name`}
              label={translate('pf.designer.stage.name')}
              value={stage.name}
              onChange={(name) => set('name', name)}
              required
            />
          </Stack>
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={1} sx={{ alignItems: { md: 'flex-start' } }}>
            <DesignerNumberField
              anchor={`${path}.deadlineDays`}
              testId={`${testId}-deadline-days`}
              label={translate('pf.designer.stage.deadlineDays')}
              value={stage.deadlineDays}
              onChange={(value) => set('deadlineDays', value as number)}
              integer
              required
              sx={{ maxWidth: { md: 200 } }}
            />
            <DesignerNumberField
              anchor={`${path}.warningDays`}
              testId={`${testId}-warning-days`}
              label={translate('pf.designer.stage.warningDays')}
              helperText={translate('pf.designer.stage.warningDays_help')}
              value={stage.warningDays}
              onChange={(value) => set('warningDays', value)}
              integer
              sx={{ maxWidth: { md: 320 } }}
            />
          </Stack>
          <Stack spacing={1}>
            <DesignerCheckbox
              anchor={`${path}.optional`}
              testId={`${testId}-optional`}
              label={translate('pf.designer.stage.optional')}
              checked={stage.skipWhen !== undefined}
              disabled={stage.skipWhen === undefined && skipFields.length === 0}
              onChange={(optional) => {
                issues.edited(`${path}.skipWhen`);
                set('skipWhen', optional ? newLeaf(skipFields) : undefined);
              }}
            />
            {stage.skipWhen === undefined && skipFields.length === 0 && (
              <Typography variant="caption" color="text.secondary">
                {translate('pf.designer.stage.optional_needs_fields')}
              </Typography>
            )}
            {stage.skipWhen !== undefined && (
              <Stack spacing={0.5}>
                <Typography variant="caption" color="text.secondary">
                  {translate('pf.designer.stage.skipWhen')}
                </Typography>
                <ConditionEditor
                  value={stage.skipWhen}
                  onChange={(condition) => set('skipWhen', condition)}
                  fields={skipFields}
                  anchor={`${path}.skipWhen`}
                  testId={`${testId}-skip-when`}
                  addLabel={translate('pf.designer.field.add_condition')}
                />
              </Stack>
            )}
          </Stack>
          <Divider />
          <GateEditor gate={stage.gate} onChange={(gate) => set('gate', gate)} path={`${path}.gate`} testId={testId} />
          <Divider />
          <Typography variant="subtitle2">{translate('pf.designer.stage.form')}</Typography>
          <IssueMessages anchor={`${path}.form`} />
          <FieldListEditor
            fields={stage.form.fields}
            onChange={(fields) => set('form', { ...stage.form, fields })}
            path={fieldsPathOf(index)}
            positions={[index]}
            addTestId={`${testId}-add-field`}
            onReorder={onReorder}
          />
        </Stack>
      </CardContent>
    </Card>
  );
};
