import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import { alpha, type Theme } from '@mui/material/styles';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { useUiLocale } from '../common/useUiLocale';
import type { ProgressFigures, UnitProgress } from '../types';
import {
  completionTone,
  overdueTone,
  sortUnitRows,
  UNIT_SORT_KEYS,
  type SortDirection,
  type Tone,
  type UnitSortKey,
} from './dashboard-model';
import { formatRate } from './format';

const TONE_PALETTE: Record<Tone, 'success' | 'warning' | 'error' | null> = {
  good: 'success',
  fair: 'warning',
  poor: 'error',
  none: null,
};

/** A light tint of the tone behind dark text, so that the text keeps its contrast. */
const toneBackground = (tone: Tone) => (theme: Theme) => {
  const palette = TONE_PALETTE[tone];
  return palette ? alpha(theme.palette[palette].main, 0.16) : 'transparent';
};

export interface UnitTableProps {
  rows: UnitProgress[];
  onOpen: (unitId: string) => void;
  label: string;
  /** The projects attached to the unit itself, last whatever the sort: with the rows they add up to the unit's figures. */
  direct?: ProgressFigures;
}

const FigureCells = ({ figures }: { figures: ProgressFigures }) => {
  const locale = useUiLocale();
  const completion = completionTone(figures);
  const overdue = overdueTone(figures);
  return (
    <>
      <TableCell align="right">{figures.total}</TableCell>
      <TableCell align="right">{figures.active}</TableCell>
      <TableCell align="right">{figures.completed}</TableCell>
      <TableCell align="right" sx={{ bgcolor: toneBackground(completion), fontWeight: 600 }}>
        {figures.total > 0 ? formatRate(figures.completionRate, locale) : '—'}
      </TableCell>
      <TableCell align="right">{figures.warning}</TableCell>
      <TableCell align="right" sx={{ bgcolor: toneBackground(overdue), fontWeight: figures.overdue > 0 ? 600 : undefined }}>
        {figures.overdue}
      </TableCell>
      <TableCell align="right">{figures.dueWithin7Days}</TableCell>
    </>
  );
};

/** The child units with their figures, coloured by completion and by overdue count, sortable by every column. */
export const UnitTable = ({ rows, onOpen, label, direct }: UnitTableProps) => {
  const translate = useTranslate();
  const [sort, setSort] = useState<{ key: UnitSortKey; direction: SortDirection } | null>(null);
  const sorted = sort ? sortUnitRows(rows, sort.key, sort.direction) : rows;
  const toggle = (key: UnitSortKey) =>
    setSort((current) =>
      current?.key === key
        ? { key, direction: current.direction === 'asc' ? 'desc' : 'asc' }
        : { key, direction: key === 'name' ? 'asc' : 'desc' },
    );
  return (
    // width 0 + min-width 100 %: the table scrolls inside its box instead of widening the page
    <TableContainer sx={{ overflowX: 'auto', width: 0, minWidth: '100%' }}>
      <Table size="small" aria-label={label} data-testid="unit-table" data-sort={sort ? `${sort.key}.${sort.direction}` : ''}>
        <TableHead>
          <TableRow>
            {UNIT_SORT_KEYS.map((key) => (
              <TableCell
                key={key}
                align={key === 'name' ? 'left' : 'right'}
                sortDirection={sort?.key === key ? sort.direction : false}
                sx={{ whiteSpace: 'nowrap' }}
              >
                <TableSortLabel
                  active={sort?.key === key}
                  direction={sort?.key === key ? sort.direction : 'asc'}
                  onClick={() => toggle(key)}
                  data-testid="unit-table-sort"
                  data-key={key}
                >
                  {translate(`pf.dashboard.table.${key}`)}
                </TableSortLabel>
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {sorted.map(({ unit, figures }) => {
            return (
              <TableRow
                key={unit.id}
                hover
                data-testid="unit-row"
                data-unit-id={unit.id}
                data-total={figures.total}
                data-overdue={figures.overdue}
                data-completion-tone={completionTone(figures)}
                data-overdue-tone={overdueTone(figures)}
              >
                <TableCell component="th" scope="row">
                  <Link
                    component="button"
                    type="button"
                    onClick={() => onOpen(unit.id)}
                    aria-label={translate('pf.dashboard.table.open', { unit: unit.name })}
                    data-testid="unit-open"
                    sx={{ textAlign: 'left' }}
                  >
                    {unit.name}
                  </Link>
                </TableCell>
                <FigureCells figures={figures} />
              </TableRow>
            );
          })}
          {direct && direct.total > 0 && (
            <TableRow data-testid="unit-row-direct" data-total={direct.total}>
              <TableCell component="th" scope="row" sx={{ fontStyle: 'italic' }}>
                {translate('pf.dashboard.table.direct')}
              </TableCell>
              <FigureCells figures={direct} />
            </TableRow>
          )}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
