import ClearIcon from '@mui/icons-material/Clear';
import Box from '@mui/material/Box';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import LinearProgress from '@mui/material/LinearProgress';
import Popover from '@mui/material/Popover';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import {
  useGetList,
  useInput,
  useListContext,
  useResourceContext,
  useTranslate,
  useTranslateLabel,
  type Validator,
} from 'react-admin';
import type { Unit } from '../types';
import { UnitTree } from './UnitTree';

/** Every unit the principal sees: the list is small enough to take whole (a county is a few thousand units). */
export const ALL_UNITS = { pagination: { page: 1, perPage: 100_000 }, sort: { field: 'sortOrder', order: 'ASC' as const } };

export interface UnitTreeInputProps {
  source: string;
  label?: string;
  /** Units offered for picking; the others stay visible to reach their children. */
  isSelectable?: (unit: Unit) => boolean;
  validate?: Validator | Validator[];
  /** The text field carries it (default `unit-input-<full source>`); the tree `${testId}-tree`. */
  testId?: string;
  helperText?: string;
  alwaysOn?: boolean;
  fullWidth?: boolean;
}

export interface UnitPickerProps {
  label: string;
  value: string | null | undefined;
  onChange: (unitId: string | null) => void;
  onBlur?: () => void;
  isSelectable?: (unit: Unit) => boolean;
  /** The text field carries it (with `data-value`); the tree `${testId}-tree`, the clear button `${testId}-clear`. */
  testId: string;
  required?: boolean;
  error?: boolean;
  helperText?: string;
  fullWidth?: boolean;
}

/** A text field naming the picked unit; clicking it opens the unit tree to pick from. */
export const UnitPicker = ({
  label,
  value,
  onChange,
  onBlur,
  isSelectable,
  testId,
  required,
  error,
  helperText,
  fullWidth,
}: UnitPickerProps) => {
  const translate = useTranslate();
  const { data: units = [], isPending } = useGetList<Unit>('units', ALL_UNITS);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const current = units.find((unit) => unit.id === value);
  return (
    <>
      <TextField
        label={label}
        value={current?.name ?? ''}
        required={required}
        size="small"
        fullWidth={fullWidth}
        sx={fullWidth ? undefined : { width: 280, alignSelf: 'flex-start' }}
        onClick={(event) => setAnchor(event.currentTarget)}
        onBlur={onBlur}
        error={error}
        helperText={helperText}
        slotProps={{
          input: {
            readOnly: true,
            endAdornment: value ? (
              <InputAdornment position="end">
                <IconButton
                  size="small"
                  aria-label={translate('ra.action.clear_input_value')}
                  data-testid={`${testId}-clear`}
                  onClick={(event) => {
                    event.stopPropagation();
                    onChange(null);
                  }}
                >
                  <ClearIcon fontSize="small" />
                </IconButton>
              </InputAdornment>
            ) : undefined,
          },
          htmlInput: { 'data-testid': testId, 'data-value': value ?? '' },
        }}
      />
      <Popover
        open={Boolean(anchor)}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
      >
        <Box sx={{ p: 1, minWidth: 320, maxHeight: 480, overflow: 'auto' }}>
          {isPending && <LinearProgress sx={{ my: 1 }} />}
          <UnitTree
            // the tree opens its first levels once the units are there
            key={units.length > 0 ? 'loaded' : 'empty'}
            units={units}
            selected={value ?? null}
            isSelectable={isSelectable}
            testId={`${testId}-tree`}
            onSelect={(unit) => {
              onChange(unit.id);
              setAnchor(null);
            }}
          />
        </Box>
      </Popover>
    </>
  );
};

/** A react-admin input for a unit, picked from the unit tree. */
export const UnitTreeInput = ({ source, label, isSelectable, validate, testId, helperText, fullWidth }: UnitTreeInputProps) => {
  const translate = useTranslate();
  const translateLabel = useTranslateLabel();
  const resource = useResourceContext();
  const { field, fieldState, isRequired } = useInput({ source, validate });
  const error = fieldState.error?.message;
  return (
    <UnitPicker
      label={translateLabel({ label, resource, source }) as string}
      value={field.value}
      onChange={field.onChange}
      onBlur={field.onBlur}
      isSelectable={isSelectable}
      testId={testId ?? `unit-input-${field.name}`}
      required={isRequired}
      error={Boolean(fieldState.invalid && (fieldState.isTouched || fieldState.error?.type === 'server'))}
      helperText={fieldState.invalid && error ? translate(error, { _: error }) : helperText}
      fullWidth={fullWidth}
    />
  );
};

/** The project list's "this unit only" switch (`unitScope: EXACT`); shown once a unit is picked. */
export const UnitScopeInput = ({ source }: { source: string; alwaysOn?: boolean }) => {
  const translate = useTranslate();
  const { filterValues } = useListContext();
  const { field } = useInput({ source });
  if (!filterValues.unitId) return null;
  return (
    <FormControlLabel
      sx={{ ml: 0, mb: 0.5 }}
      control={
        <Switch
          size="small"
          checked={field.value === 'EXACT'}
          onChange={(event) => field.onChange(event.target.checked ? 'EXACT' : null)}
          slotProps={{ input: { 'data-testid': 'unit-scope-exact' } as object }}
        />
      }
      label={translate('pf.unit.exact_only')}
    />
  );
};
