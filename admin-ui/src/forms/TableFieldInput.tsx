import type { FieldDefinition, Locale } from '@phaseflow/forms';
import { labelOf } from '@phaseflow/forms';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormHelperText from '@mui/material/FormHelperText';
import IconButton from '@mui/material/IconButton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import Add from '@mui/icons-material/Add';
import Delete from '@mui/icons-material/Delete';
import { Fragment } from 'react';
import { useTranslate } from 'react-admin';
import { FormFieldInput } from './FormFieldInput';
import { newRow, type InputValue, type RowValues } from './form-values';

export interface TableFieldInputProps {
  field: FieldDefinition;
  rows: RowValues[];
  onChange: (rows: RowValues[]) => void;
  path: string;
  errors: Record<string, string>;
  disabled?: boolean;
  locale: Locale;
  /** The rows with their computed columns filled in. */
  computedRows?: Record<string, unknown>[];
  /** The paths the form hides: a hidden cell stays empty. */
  hidden: ReadonlySet<string>;
  testId: string;
}

/**
 * A table field: one row per entry, its columns inline. Rows are added and removed within the
 * field's min/max; errors land on their cell (`members[2].phone`), row (`members[2]`) or table.
 */
export const TableFieldInput = ({
  field,
  rows,
  onChange,
  path,
  errors,
  disabled,
  locale,
  computedRows,
  hidden,
  testId,
}: TableFieldInputProps) => {
  const translate = useTranslate();
  const columns = field.columns ?? [];
  const label = labelOf(field.label, locale);
  const help = field.helpText ? labelOf(field.helpText, locale) : undefined;
  const canAdd = !disabled && (field.maxRows === undefined || rows.length < field.maxRows);
  const canRemove = !disabled && rows.length > (field.minRows ?? 0);
  const tableError = errors[path];

  const setCell = (rowIndex: number, key: string, value: InputValue) =>
    onChange(rows.map((row, index) => (index === rowIndex ? { ...row, [key]: value } : row)));

  const bounds =
    field.minRows !== undefined || field.maxRows !== undefined
      ? translate('pf.table.bounds', { min: field.minRows ?? 0, max: field.maxRows ?? '∞' })
      : undefined;

  return (
    <Box data-testid={testId} data-rows={rows.length}>
      <Typography variant="body2" component="div" color={tableError ? 'error' : 'text.secondary'} sx={{ mb: 0.5 }}>
        {label}
        {field.required ? ' *' : ''}
      </Typography>
      <Box sx={{ overflowX: 'auto', border: 1, borderColor: tableError ? 'error.main' : 'divider', borderRadius: 1 }}>
        <Table size="small" aria-label={label}>
          <TableHead>
            <TableRow>
              <TableCell sx={{ width: 40 }}>#</TableCell>
              {columns.map((column) => (
                <TableCell key={column.key} sx={{ minWidth: column.type === 'longText' ? 220 : 140 }}>
                  {labelOf(column.label, locale)}
                  {column.required ? ' *' : ''}
                </TableCell>
              ))}
              {!disabled && <TableCell sx={{ width: 48 }} />}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.length === 0 && (
              <TableRow>
                <TableCell colSpan={columns.length + (disabled ? 1 : 2)}>
                  <Typography variant="body2" color="text.secondary">
                    {translate('pf.table.empty')}
                  </Typography>
                </TableCell>
              </TableRow>
            )}
            {rows.map((row, rowIndex) => {
              const rowPath = `${path}[${rowIndex}]`;
              const rowError = errors[rowPath];
              return (
                <Fragment key={rowIndex}>
                  <TableRow data-testid={`table-${field.key}-row-${rowIndex}`} sx={{ verticalAlign: 'top' }}>
                    <TableCell sx={{ pt: 2 }}>{rowIndex + 1}</TableCell>
                    {columns.map((column) => {
                      const cellPath = `${rowPath}.${column.key}`;
                      const cellTestId = `table-${field.key}-row-${rowIndex}-${column.key}`;
                      return (
                        <TableCell key={column.key} data-testid={`${cellTestId}-cell`}>
                          {!hidden.has(cellPath) && (
                            <FormFieldInput
                              field={column}
                              value={row[column.key]}
                              onChange={(value) => setCell(rowIndex, column.key, value)}
                              path={cellPath}
                              errors={errors}
                              disabled={disabled}
                              locale={locale}
                              computedValue={computedRows?.[rowIndex]?.[column.key]}
                              dense
                              testId={`${cellTestId}-field`}
                              inputTestId={cellTestId}
                            />
                          )}
                        </TableCell>
                      );
                    })}
                    {!disabled && (
                      <TableCell>
                        <IconButton
                          size="small"
                          disabled={!canRemove}
                          aria-label={translate('pf.table.remove_row', { row: rowIndex + 1 })}
                          onClick={() => onChange(rows.filter((_, index) => index !== rowIndex))}
                          data-testid={`table-${field.key}-row-${rowIndex}-remove`}
                        >
                          <Delete fontSize="small" />
                        </IconButton>
                      </TableCell>
                    )}
                  </TableRow>
                  {rowError && (
                    <TableRow>
                      <TableCell />
                      <TableCell colSpan={columns.length + (disabled ? 0 : 1)} sx={{ pt: 0 }}>
                        <FormHelperText error data-testid={`table-${field.key}-row-${rowIndex}-error`}>
                          {rowError}
                        </FormHelperText>
                      </TableCell>
                    </TableRow>
                  )}
                </Fragment>
              );
            })}
          </TableBody>
        </Table>
      </Box>
      {!disabled && (
        <Button
          size="small"
          startIcon={<Add />}
          disabled={!canAdd}
          onClick={() => onChange([...rows, newRow(field)])}
          sx={{ mt: 0.5 }}
          data-testid={`table-${field.key}-add-row`}
        >
          {translate('pf.table.add_row')}
        </Button>
      )}
      {(tableError || help || bounds) && (
        <FormHelperText error={Boolean(tableError)} data-testid={tableError ? `table-${field.key}-error` : undefined}>
          {tableError ?? [help, bounds].filter(Boolean).join(' — ')}
        </FormHelperText>
      )}
    </Box>
  );
};
