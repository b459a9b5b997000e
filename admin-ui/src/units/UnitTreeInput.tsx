import ClearIcon from '@mui/icons-material/Clear';
import Box from '@mui/material/Box';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
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
  /** The text field carries it; the tree `${testId}-tree`. */
  testId?: string;
  helperText?: string;
  alwaysOn?: boolean;
  fullWidth?: boolean;
}

/** A unit input that opens the unit tree to pick from. */
export const UnitTreeInput = ({ source, label, isSelectable, validate, testId, helperText, fullWidth }: UnitTreeInputProps) => {
  const translate = useTranslate();
  const translateLabel = useTranslateLabel();
  const resource = useResourceContext();
  const { field, fieldState, isRequired } = useInput({ source, validate });
  const { data: units = [] } = useGetList<Unit>('units', ALL_UNITS);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const id = testId ?? `unit-tree-input-${source}`;
  const current = units.find((unit) => unit.id === field.value);
  const error = fieldState.error?.message;

  return (
    <>
      <TextField
        label={translateLabel({ label, resource, source })}
        value={current?.name ?? ''}
        required={isRequired}
        size="small"
        fullWidth={fullWidth}
        sx={fullWidth ? undefined : { minWidth: 240 }}
        onClick={(event) => setAnchor(event.currentTarget)}
        onBlur={field.onBlur}
        error={Boolean(fieldState.invalid && fieldState.isTouched)}
        helperText={fieldState.invalid && error ? translate(error, { _: error }) : helperText}
        slotProps={{
          input: {
            readOnly: true,
            endAdornment: field.value ? (
              <InputAdornment position="end">
                <IconButton
                  size="small"
                  aria-label={translate('ra.action.clear_input_value')}
                  data-testid={`${id}-clear`}
                  onClick={(event) => {
                    event.stopPropagation();
                    field.onChange(null);
                  }}
                >
                  <ClearIcon fontSize="small" />
                </IconButton>
              </InputAdornment>
            ) : undefined,
          },
          htmlInput: { 'data-testid': id, 'data-value': field.value ?? '' },
        }}
      />
      <Popover
        open={Boolean(anchor)}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
      >
        <Box sx={{ p: 1, minWidth: 320, maxHeight: 480, overflow: 'auto' }}>
          <UnitTree
            units={units}
            selected={field.value ?? null}
            isSelectable={isSelectable}
            testId={`${id}-tree`}
            onSelect={(unit) => {
              field.onChange(unit.id);
              setAnchor(null);
            }}
          />
        </Box>
      </Popover>
    </>
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
