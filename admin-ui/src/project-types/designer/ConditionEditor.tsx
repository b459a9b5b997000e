import type { Condition, FieldDefinition } from '@phaseflow/forms';
import { labelOf } from '@phaseflow/forms';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import Add from '@mui/icons-material/Add';
import Close from '@mui/icons-material/Close';
import { useTranslate } from 'react-admin';
import { useUiLocale } from '../../common/useUiLocale';
import { conditionKind, newLeaf, operatorOnFieldChange, type ConditionField, type ConditionKind, type LeafOperator } from './definition-model';
import { IssueMessages } from './widgets';
import { useDesignerIssues } from './issues';

type Leaf = Extract<Condition, { field: string }>;

const NUMERIC = new Set(['number', 'integer', 'indicator']);

/** The operators that make sense for a field of this type. */
const operatorsFor = (field: FieldDefinition | undefined): LeafOperator[] => {
  const type = field?.type;
  if (type === 'table' || type === 'attachment') return ['isEmpty', 'isNotEmpty'];
  if (type === 'boolean') return ['equals', 'notEquals', 'isEmpty', 'isNotEmpty'];
  if (type && (NUMERIC.has(type) || type === 'date')) {
    return ['equals', 'notEquals', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'isEmpty', 'isNotEmpty'];
  }
  return ['equals', 'notEquals', 'in', 'notIn', 'isEmpty', 'isNotEmpty'];
};

const defaultValueFor = (field: FieldDefinition | undefined): unknown => {
  if (!field) return '';
  if (field.type === 'boolean') return true;
  if (field.type === 'multiSelect') return [];
  if (field.type === 'singleSelect') return field.options?.[0]?.value ?? '';
  if (NUMERIC.has(field.type)) return 0;
  return '';
};

const leafWith = (name: string, op: LeafOperator, field: FieldDefinition | undefined, previous?: Leaf): Condition => {
  if (op === 'isEmpty' || op === 'isNotEmpty') return { field: name, op };
  if (op === 'in' || op === 'notIn') {
    const values = previous && 'values' in previous ? previous.values : [];
    return { field: name, op, values };
  }
  const kept = previous && 'value' in previous && previous.field === name ? previous.value : defaultValueFor(field);
  return { field: name, op, value: kept } as Condition;
};

const parseTyped = (field: FieldDefinition | undefined, text: string): unknown => {
  if (field && NUMERIC.has(field.type)) {
    const number = Number(text);
    return text.trim() === '' || Number.isNaN(number) ? text : number;
  }
  return text;
};

const LeafValue = ({ leaf, field, onChange, testId }: { leaf: Leaf; field: FieldDefinition | undefined; onChange: (leaf: Leaf) => void; testId: string }) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  if (leaf.op === 'isEmpty' || leaf.op === 'isNotEmpty') return null;
  const options = field?.options ?? [];
  const label = translate('pf.condition.value');

  // a multiple choice equals a set of choices; `in` lists single ones
  const single = (leaf as { value?: unknown }).value;
  const chosenList = 'values' in leaf ? leaf.values : field?.type === 'multiSelect' && Array.isArray(single) ? (single as unknown[]) : null;
  if (chosenList && options.length > 0) {
    const setList = (list: unknown[]) => onChange(('values' in leaf ? { ...leaf, values: list } : { ...leaf, value: list }) as Leaf);
    return (
      <Stack direction="row" sx={{ flexWrap: 'wrap' }} data-testid={`${testId}-value`}>
        {options.map((option) => (
          <FormControlLabel
            key={option.value}
            label={labelOf(option.label, locale)}
            control={
              <Checkbox
                size="small"
                checked={chosenList.includes(option.value)}
                onChange={(event) =>
                  setList(event.target.checked ? [...chosenList, option.value] : chosenList.filter((value) => value !== option.value))
                }
              />
            }
          />
        ))}
      </Stack>
    );
  }

  if ('values' in leaf) {
    if (options.length > 0) {
      return (
        <Stack direction="row" sx={{ flexWrap: 'wrap' }} data-testid={`${testId}-value`}>
          {options.map((option) => (
            <FormControlLabel
              key={option.value}
              label={labelOf(option.label, locale)}
              control={
                <Checkbox
                  size="small"
                  checked={leaf.values.includes(option.value)}
                  onChange={(event) =>
                    onChange({
                      ...leaf,
                      values: event.target.checked
                        ? [...leaf.values, option.value]
                        : leaf.values.filter((value) => value !== option.value),
                    })
                  }
                />
              }
            />
          ))}
        </Stack>
      );
    }
    return (
      <TextField
        size="small"
        label={label}
        helperText={translate('pf.condition.comma_separated')}
        value={leaf.values.map(String).join(', ')}
        onChange={(event) =>
          onChange({
            ...leaf,
            values: event.target.value
              .split(',')
              .map((part) => part.trim())
              .filter((part) => part !== '')
              .map((part) => parseTyped(field, part)),
          })
        }
        slotProps={{ htmlInput: { 'data-testid': `${testId}-value` } }}
        sx={{ flex: '2 1 200px' }}
      />
    );
  }

  const compared = leaf as Extract<Leaf, { value: unknown }>;
  if (field?.type === 'boolean') {
    return (
      <TextField
        select
        size="small"
        label={label}
        value={String(compared.value === true)}
        onChange={(event) => onChange({ ...leaf, value: event.target.value === 'true' } as Leaf)}
        slotProps={{ select: { native: true }, htmlInput: { 'data-testid': `${testId}-value` } }}
        sx={{ flex: '1 1 120px' }}
      >
        <option value="true">{translate('pf.form.yes')}</option>
        <option value="false">{translate('pf.form.no')}</option>
      </TextField>
    );
  }

  if (options.length > 0) {
    return (
      <TextField
        select
        size="small"
        label={label}
        value={String(compared.value ?? '')}
        onChange={(event) => onChange({ ...leaf, value: event.target.value } as Leaf)}
        slotProps={{ select: { native: true }, htmlInput: { 'data-testid': `${testId}-value` } }}
        sx={{ flex: '1 1 160px' }}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {labelOf(option.label, locale)}
          </option>
        ))}
      </TextField>
    );
  }

  const numeric = field !== undefined && NUMERIC.has(field.type);
  return (
    <TextField
      size="small"
      label={label}
      type={numeric ? 'number' : field?.type === 'date' ? 'date' : 'text'}
      value={compared.value === undefined || compared.value === null ? '' : String(compared.value)}
      onChange={(event) => onChange({ ...leaf, value: parseTyped(field, event.target.value) } as Leaf)}
      slotProps={{ htmlInput: { 'data-testid': `${testId}-value` }, inputLabel: { shrink: true } }}
      sx={{ flex: '1 1 160px' }}
    />
  );
};

interface NodeProps {
  condition: Condition;
  onChange: (condition: Condition) => void;
  onRemove: () => void;
  fields: readonly ConditionField[];
  testId: string;
  depth: number;
}

const ConditionNode = ({ condition, onChange, onRemove, fields, testId, depth }: NodeProps) => {
  const translate = useTranslate();
  const kind = conditionKind(condition);

  const changeKind = (next: ConditionKind) => {
    if (next === kind) return;
    const children = 'all' in condition ? condition.all : 'any' in condition ? condition.any : 'not' in condition ? [condition.not] : [condition];
    if (next === 'leaf') onChange(children.find((child) => conditionKind(child) === 'leaf') ?? newLeaf(fields));
    else if (next === 'not') onChange({ not: kind === 'leaf' ? condition : children[0] ?? newLeaf(fields) });
    else if (next === 'all') onChange({ all: children.length > 0 ? children : [newLeaf(fields)] });
    else onChange({ any: children.length > 0 ? children : [newLeaf(fields)] });
  };

  const header = (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <TextField
        select
        size="small"
        label={translate('pf.condition.kind')}
        value={kind}
        onChange={(event) => changeKind(event.target.value as ConditionKind)}
        slotProps={{ select: { native: true }, htmlInput: { 'data-testid': `${testId}-kind` }, inputLabel: { shrink: true } }}
        sx={{ minWidth: 170 }}
      >
        {(['leaf', 'all', 'any', 'not'] as const).map((option) => (
          <option key={option} value={option}>
            {translate(`pf.condition.kinds.${option}`)}
          </option>
        ))}
      </TextField>
      <Box sx={{ flex: 1 }} />
      <Tooltip title={translate('pf.condition.remove')}>
        <IconButton size="small" onClick={onRemove} data-testid={`${testId}-remove`}>
          <Close fontSize="small" />
        </IconButton>
      </Tooltip>
    </Stack>
  );

  if ('field' in condition) {
    const leaf = condition;
    const chosen = fields.find((candidate) => candidate.name === leaf.field);
    const operators = operatorsFor(chosen?.field);
    const unknownField = leaf.field !== '' && !chosen;
    return (
      <Stack spacing={1} data-testid={testId} sx={{ pl: depth > 0 ? 1 : 0 }}>
        {header}
        <Stack direction="row" useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'flex-start', gap: 1, '& > *': { minWidth: 0 } }}>
          <TextField
            select
            size="small"
            label={translate('pf.condition.field')}
            value={leaf.field}
            error={unknownField || leaf.field === ''}
            onChange={(event) => {
              const next = fields.find((candidate) => candidate.name === event.target.value);
              const nextOperators = operatorsFor(next?.field);
              const op = operatorOnFieldChange(leaf.op, chosen?.field, next?.field, nextOperators);
              onChange(leafWith(event.target.value, op, next?.field));
            }}
            slotProps={{ select: { native: true }, htmlInput: { 'data-testid': `${testId}-field` }, inputLabel: { shrink: true } }}
            sx={{ flex: '2 1 200px' }}
          >
            {(leaf.field === '' || unknownField) && <option value={leaf.field}>{leaf.field || '—'}</option>}
            {fields.map((candidate) => (
              <option key={candidate.name} value={candidate.name}>
                {candidate.label} ({candidate.name})
              </option>
            ))}
          </TextField>
          <TextField
            select
            size="small"
            label={translate('pf.condition.operator')}
            value={leaf.op}
            onChange={(event) => onChange(leafWith(leaf.field, event.target.value as LeafOperator, chosen?.field, leaf))}
            slotProps={{ select: { native: true }, htmlInput: { 'data-testid': `${testId}-op` }, inputLabel: { shrink: true } }}
            sx={{ flex: '1 1 130px' }}
          >
            {(operators.includes(leaf.op) ? operators : [leaf.op, ...operators]).map((op) => (
              <option key={op} value={op}>
                {translate(`pf.condition.ops.${op}`)}
              </option>
            ))}
          </TextField>
          <LeafValue leaf={leaf} field={chosen?.field} onChange={onChange} testId={testId} />
        </Stack>
      </Stack>
    );
  }

  if ('not' in condition) {
    return (
      <Stack spacing={1} data-testid={testId}>
        {header}
        <Box sx={{ borderLeft: 2, borderColor: 'warning.light', pl: 1.5 }}>
          <ConditionNode
            condition={condition.not}
            onChange={(child) => onChange({ not: child })}
            onRemove={() => onRemove()}
            fields={fields}
            testId={`${testId}-0`}
            depth={depth + 1}
          />
        </Box>
      </Stack>
    );
  }

  const group = 'all' in condition ? 'all' : 'any';
  const children = 'all' in condition ? condition.all : condition.any;
  const setChildren = (next: Condition[]) => onChange((group === 'all' ? { all: next } : { any: next }) as Condition);
  return (
    <Stack spacing={1} data-testid={testId}>
      {header}
      <Stack spacing={1.5} sx={{ borderLeft: 2, borderColor: 'primary.light', pl: 1.5 }}>
        {children.map((child, index) => (
          <ConditionNode
            key={index}
            condition={child}
            onChange={(next) => setChildren(children.map((current, position) => (position === index ? next : current)))}
            onRemove={() => setChildren(children.filter((_, position) => position !== index))}
            fields={fields}
            testId={`${testId}-${index}`}
            depth={depth + 1}
          />
        ))}
        <Box>
          <Button size="small" startIcon={<Add />} onClick={() => setChildren([...children, newLeaf(fields)])} data-testid={`${testId}-add-child`}>
            {translate('pf.condition.add_child')}
          </Button>
        </Box>
      </Stack>
    </Stack>
  );
};

/**
 * Builds a condition without code: one comparison, or all/any/not groups of them. `fields` are the
 * names it may use (other fields of the form, columns of the row, or `stageKey.fieldKey`).
 */
export const ConditionEditor = ({
  value,
  onChange,
  fields,
  anchor,
  testId,
  addLabel,
}: {
  value: Condition | undefined;
  onChange: (condition: Condition | undefined) => void;
  fields: readonly ConditionField[];
  anchor: string;
  testId: string;
  addLabel: string;
}) => {
  const translate = useTranslate();
  const issues = useDesignerIssues();
  const change = (condition: Condition | undefined) => {
    issues.edited(anchor);
    onChange(condition);
  };
  if (!value) {
    return (
      <Stack spacing={0.5}>
        <Box>
          <Button
            size="small"
            startIcon={<Add />}
            disabled={fields.length === 0}
            onClick={() => change(newLeaf(fields))}
            data-testid={`${testId}-add`}
          >
            {addLabel}
          </Button>
        </Box>
        {fields.length === 0 && (
          <Typography variant="caption" color="text.secondary">
            {translate('pf.condition.no_fields')}
          </Typography>
        )}
        <IssueMessages anchor={anchor} />
      </Stack>
    );
  }
  return (
    <Box sx={{ p: 1.5, border: 1, borderColor: 'divider', borderRadius: 1 }}>
      <ConditionNode condition={value} onChange={change} onRemove={() => change(undefined)} fields={fields} testId={testId} depth={0} />
      <IssueMessages anchor={anchor} />
    </Box>
  );
};
