import type { FieldDefinition, FormDefinition, Locale } from '@phaseflow/forms';
import { labelOf } from '@phaseflow/forms';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { ReactNode } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { formatBytes } from '../common/format';
import { JsonBlock } from '../common/JsonBlock';
import { downloadAttachment } from '../providers/attachments';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const FieldValue = ({ field, value, locale }: { field: FieldDefinition; value: unknown; locale: Locale }): ReactNode => {
  const translate = useTranslate();
  const notify = useNotify();
  if (value === undefined || value === null || value === '') return '—';
  const optionLabel = (chosen: unknown) => {
    const option = field.options?.find((candidate) => candidate.value === chosen);
    return option ? labelOf(option.label, locale) : String(chosen);
  };
  switch (field.type) {
    case 'boolean':
      return translate(value ? 'pf.form.yes' : 'pf.form.no');
    case 'singleSelect':
      return optionLabel(value);
    case 'multiSelect':
      return Array.isArray(value) ? value.map(optionLabel).join(', ') : optionLabel(value);
    case 'indicator':
      return field.maxScore !== undefined ? `${String(value)} / ${field.maxScore}` : String(value);
    case 'url':
      return typeof value === 'string' && /^https?:\/\//i.test(value) ? (
        <Link href={value} target="_blank" rel="noopener noreferrer">
          {value}
        </Link>
      ) : (
        String(value)
      );
    case 'attachment': {
      const files = (Array.isArray(value) ? value : [value]).filter(isRecord);
      return (
        <Stack spacing={0.25}>
          {files.map((file, index) => (
            <span key={`${String(file.id)}:${index}`}>
              <Link
                component="button"
                type="button"
                variant="body2"
                onClick={() =>
                  downloadAttachment({ id: String(file.id), name: String(file.name ?? file.id) }).catch((error: Error) =>
                    notify(error.message, { type: 'error' }),
                  )
                }
              >
                {String(file.name ?? file.id)}
              </Link>
              {typeof file.size === 'number' ? ` (${formatBytes(file.size)})` : ''}
            </span>
          ))}
        </Stack>
      );
    }
    case 'table': {
      const rows = Array.isArray(value) ? value.filter(isRecord) : [];
      const columns = field.columns ?? [];
      return (
        <Table size="small">
          <TableHead>
            <TableRow>
              {columns.map((column) => (
                <TableCell key={column.key}>{labelOf(column.label, locale)}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((row, index) => (
              <TableRow key={index}>
                {columns.map((column) => (
                  <TableCell key={column.key}>
                    <FieldValue field={column} value={row[column.key]} locale={locale} />
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      );
    }
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
};

/** Submitted form data shown read-only with the form's labels; raw JSON when the form is unknown. */
export const FormDataView = ({
  form,
  data,
  locale,
}: {
  form: FormDefinition | undefined;
  data: Record<string, unknown>;
  locale: Locale;
}) => {
  if (!form) return <JsonBlock value={data} />;
  const known = new Set(form.fields.map((field) => field.key));
  const extra = Object.fromEntries(Object.entries(data ?? {}).filter(([key]) => !known.has(key)));
  return (
    <>
      <Table size="small">
        <TableBody>
          {form.fields.map((field) => (
            <TableRow key={field.key}>
              <TableCell component="th" scope="row" sx={{ width: '35%', color: 'text.secondary' }}>
                {labelOf(field.label, locale)}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'pre-wrap' }}>
                <FieldValue field={field} value={data?.[field.key]} locale={locale} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {Object.keys(extra).length > 0 && <JsonBlock value={extra} />}
    </>
  );
};
