import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import ExpandMore from '@mui/icons-material/ExpandMore';
import { useTranslate } from 'react-admin';
import { JsonBlock } from '../common/JsonBlock';
import { formatBytes } from '../common/format';
import type { FormField, StageDefinition } from '../types';

const rangeOf = (low: unknown, high: unknown): string | undefined => {
  if (low != null && high != null) return `${low}–${high}`;
  if (low != null) return `≥ ${low}`;
  if (high != null) return `≤ ${high}`;
  return undefined;
};

const constraintsOf = (field: FormField, translate: (key: string, options?: object) => string): string =>
  [
    rangeOf(field.min, field.max),
    rangeOf(field.minDate, field.maxDate),
    field.minLength != null || field.maxLength != null
      ? translate('pf.projectType.length', { range: rangeOf(field.minLength, field.maxLength) })
      : undefined,
    field.pattern ? `/${field.pattern}/` : undefined,
    field.minRows != null || field.maxRows != null
      ? translate('pf.projectType.rows', { range: rangeOf(field.minRows, field.maxRows) })
      : undefined,
    field.maxScore != null ? translate('pf.projectType.score', { max: field.maxScore, weight: field.weight ?? 1 }) : undefined,
    field.accept?.length ? field.accept.join(' ') : undefined,
    field.maxSizeBytes != null ? `≤ ${formatBytes(field.maxSizeBytes)}` : undefined,
    field.maxFiles != null ? translate('pf.attachment.max_files', { smart_count: field.maxFiles }) : undefined,
    field.compute ? `= ${field.compute}` : undefined,
    field.visibleWhen ? translate('pf.projectType.conditional') : undefined,
  ]
    .filter(Boolean)
    .join(', ');

/** One stage of a project type, read-only: deadline, gate, form fields and their JSON Schema. */
export const StageDefinitionCard = ({ stage, index }: { stage: StageDefinition; index: number }) => {
  const translate = useTranslate();
  const fields = stage.form.fields ?? [];
  return (
    <Card variant="outlined" data-testid={`stage-definition-${stage.key}`}>
      <CardContent>
        <Stack spacing={2}>
          <Stack sx={{ alignItems: 'center', flexWrap: 'wrap' }} direction="row" spacing={1.5} useFlexGap>
            <Typography variant="h6" component="h3">
              {index + 1}. {stage.name}
            </Typography>
            <Chip size="small" variant="outlined" label={stage.key} />
            <Chip
              size="small"
              label={`${translate('pf.projectType.deadline_label')}: ${translate('pf.projectType.deadline', {
                smart_count: stage.deadlineDays,
              })}`}
            />
            {stage.warningDays != null && (
              <Chip size="small" label={translate('pf.projectType.warning', { smart_count: stage.warningDays })} />
            )}
            {stage.optional && <Chip size="small" color="info" variant="outlined" label={translate('pf.projectType.optional')} />}
          </Stack>
          <Typography variant="body2">
            <strong>{translate('pf.projectType.gate')}:</strong>{' '}
            {translate(`pf.gateMode.${stage.gate.mode}`, { _: stage.gate.mode })}
            {stage.gate.mode === 'QUORUM' && stage.gate.quorum != null ? ` (${stage.gate.quorum})` : ''} —{' '}
            {stage.gate.approvers.description}
          </Typography>
          <Typography variant="subtitle2">{translate('pf.projectType.fields')}</Typography>
          {fields.length === 0 ? (
            <Typography variant="body2" color="text.secondary">
              {translate('pf.projectType.no_fields')}
            </Typography>
          ) : (
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{translate('pf.projectType.field_key')}</TableCell>
                  <TableCell>{translate('pf.projectType.field_label')}</TableCell>
                  <TableCell>{translate('pf.projectType.field_type')}</TableCell>
                  <TableCell>{translate('pf.projectType.required')}</TableCell>
                  <TableCell>{translate('pf.projectType.constraints')}</TableCell>
                  <TableCell>{translate('pf.projectType.options')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {fields.flatMap((field) => [field, ...(field.columns ?? []).map((column) => ({ ...column, key: `${field.key}[].${column.key}` }))]).map((field) => (
                  <TableRow key={field.key}>
                    <TableCell sx={{ fontFamily: 'monospace' }}>{field.key}</TableCell>
                    <TableCell>
                      {field.label}
                      {field.helpText && (
                        <Typography variant="caption" color="text.secondary" component="div">
                          {field.helpText}
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell>{translate(`pf.fieldType.${field.type}`, { _: field.type })}</TableCell>
                    <TableCell>{translate(field.required ? 'pf.form.yes' : 'pf.form.no')}</TableCell>
                    <TableCell>{constraintsOf(field, translate)}</TableCell>
                    <TableCell>{(field.options ?? []).map((option) => option.label).join(', ')}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          <Accordion disableGutters variant="outlined">
            <AccordionSummary expandIcon={<ExpandMore />}>
              <Typography variant="body2">{translate('pf.projectType.json_schema')}</Typography>
            </AccordionSummary>
            <AccordionDetails>
              <JsonBlock value={stage.form.jsonSchema} maxHeight={480} />
            </AccordionDetails>
          </Accordion>
        </Stack>
      </CardContent>
    </Card>
  );
};
