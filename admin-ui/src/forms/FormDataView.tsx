import type { FieldDefinition, FormDefinition, Locale } from '@phaseflow/forms';
import { labelOf } from '@phaseflow/forms';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import { useTranslate } from 'react-admin';
import { JsonBlock } from '../common/JsonBlock';

const formatValue = (
  field: FieldDefinition,
  value: unknown,
  locale: Locale,
  translate: (key: string) => string,
): string => {
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
  const translate = useTranslate();
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
              <TableCell sx={{ whiteSpace: 'pre-wrap' }}>{formatValue(field, data?.[field.key], locale, translate)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {Object.keys(extra).length > 0 && <JsonBlock value={extra} />}
    </>
  );
};
