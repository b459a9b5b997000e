import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import FormControlLabel from '@mui/material/FormControlLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { Title, useGetList, useTranslate } from 'react-admin';
import { formatDateTime } from '../common/format';
import { useQueryParams } from '../common/useQueryParams';
import { useUiLocale } from '../common/useUiLocale';
import { commandErrorMessage } from '../projects/useProjectCommand';
import type { ProjectType, Unit } from '../types';
import { ALL_UNITS } from '../units/UnitTreeInput';
import { asOfForMonth, isMonth, monthOf, unitPath, viewerRoots } from './dashboard-model';
import { formatMonth, recentMonths } from './format';
import { ProgressTiles } from './ProgressTiles';
import { StageFunnel } from './StageFunnel';
import { UnitBars } from './UnitBars';
import { UnitTable } from './UnitTable';
import { useProgress } from './useProgress';

const ALL_TYPES = { pagination: { page: 1, perPage: 1000 }, sort: { field: 'name', order: 'ASC' as const } };
const MONTHS_OFFERED = 24;

/**
 * The console's home page, the battle map (挂图作战) of the viewer's part of the tree. Its state is
 * in the URL (`?unit=…&month=YYYY-MM&type=…`): drilling down pushes a history entry, so the back
 * button and a reload keep the place.
 */
export const Dashboard = () => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const now = useMemo(() => new Date(), []);
  const [params, updateParams] = useQueryParams();
  const { data: units = [], isPending: unitsPending } = useGetList<Unit>('units', ALL_UNITS);
  const { data: types = [] } = useGetList<ProjectType>('projectTypes', ALL_TYPES);

  const roots = viewerRoots(units);
  const unitId = params.get('unit') ?? (roots.length === 1 ? roots[0].id : undefined);
  const currentMonth = monthOf(now);
  const monthParam = params.get('month');
  const month = isMonth(monthParam) && monthParam <= currentMonth ? monthParam : currentMonth;
  const asOf = asOfForMonth(month, now);
  const typeParam = params.get('type') ?? undefined;
  const typeKey = types.some((type) => type.key === typeParam) ? typeParam : undefined;

  const progress = useProgress({ typeKey, unitId, asOf }, !unitsPending);
  // a county has many units without projects (departments, committees): the table hides them unless asked
  const [showEmptyUnits, setShowEmptyUnits] = useState(false);
  const path = unitPath(units, unitId);
  const open = (id: string) => updateParams({ unit: id });
  const shownTypes = types.filter((type) => (typeKey ? type.key === typeKey : type.status === 'ACTIVE' || type.projectCount > 0));
  const figures = progress.data?.figures;
  const unitName = unitsPending
    ? ''
    : (progress.data?.unit?.name ?? path[path.length - 1]?.name ?? translate('pf.dashboard.all_units'));

  return (
    <Box
      sx={{ mt: 1, minWidth: 0, display: 'flex', flexDirection: 'column', gap: 2 }}
      data-testid="dashboard"
      data-unit-id={progress.data?.unit?.id ?? ''}
      data-as-of={progress.data?.asOf ?? ''}
      data-month={month}
      data-loading={progress.isFetching ? 'true' : 'false'}
    >
      <Title title={translate('pf.dashboard.title')} />
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: { md: 'center' }, justifyContent: 'space-between' }}>
        <Box sx={{ minWidth: 0 }}>
          <Typography variant="h5" component="h1">
            {unitName ? `${translate('pf.dashboard.title')} · ${unitName}` : translate('pf.dashboard.title')}
          </Typography>
          <Breadcrumbs aria-label={translate('pf.dashboard.breadcrumbs')} sx={{ mt: 0.5 }} data-testid="dashboard-breadcrumbs">
            {!unitsPending && roots.length !== 1 && (
              <Link
                component="button"
                type="button"
                onClick={() => updateParams({ unit: null })}
                data-testid="dashboard-breadcrumb"
                data-unit-id=""
              >
                {translate('pf.dashboard.all_units')}
              </Link>
            )}
            {path.map((unit, index) =>
              index === path.length - 1 ? (
                <Typography key={unit.id} color="text.primary" aria-current="page" data-testid="dashboard-breadcrumb" data-unit-id={unit.id}>
                  {unit.name}
                </Typography>
              ) : (
                <Link
                  key={unit.id}
                  component="button"
                  type="button"
                  onClick={() => open(unit.id)}
                  data-testid="dashboard-breadcrumb"
                  data-unit-id={unit.id}
                >
                  {unit.name}
                </Link>
              ),
            )}
          </Breadcrumbs>
        </Box>
        <Stack direction="row" spacing={1.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
          <TextField
            select
            size="small"
            label={translate('resources.projects.fields.type')}
            value={typeKey ?? ''}
            onChange={(event) => updateParams({ type: event.target.value || null })}
            fullWidth={false}
            margin="none"
            sx={{ width: 180 }}
            slotProps={{
              select: { displayEmpty: true, SelectDisplayProps: { 'data-testid': 'dashboard-type' } as object },
              inputLabel: { shrink: true },
            }}
          >
            <MenuItem value="">{translate('pf.dashboard.all_types')}</MenuItem>
            {types.map((type) => (
              <MenuItem key={type.key} value={type.key}>
                {type.name}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            size="small"
            label={translate('pf.dashboard.month')}
            value={month}
            onChange={(event) => updateParams({ month: event.target.value === currentMonth ? null : event.target.value })}
            fullWidth={false}
            margin="none"
            sx={{ width: 160 }}
            slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'dashboard-month' } as object } }}
          >
            {recentMonths(now, MONTHS_OFFERED).map((candidate) => (
              <MenuItem key={candidate} value={candidate} data-testid="dashboard-month-option" data-month={candidate}>
                {formatMonth(candidate, locale)}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
      </Stack>

      {progress.isPending && <LinearProgress />}
      {progress.error && <Alert severity="error">{translate(commandErrorMessage(progress.error))}</Alert>}
      {asOf && progress.data && (
        <Alert severity="info" data-testid="dashboard-past-month">
          {translate('pf.dashboard.as_of', { date: formatDateTime(progress.data.asOf, locale) })} ·{' '}
          {translate('pf.dashboard.past_month')}
        </Alert>
      )}

      {figures && <ProgressTiles figures={figures} unitId={unitId} typeKey={typeKey} linked={!asOf} />}

      {progress.data && (
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 1fr) minmax(0, 1fr)' } }}>
          <Card variant="outlined" component="section" aria-labelledby="unit-bars-title" sx={{ minWidth: 0 }}>
            <CardContent>
              <Typography id="unit-bars-title" variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
                {translate('pf.dashboard.units.title')}
              </Typography>
              <UnitBars rows={progress.data.children.filter((row) => row.figures.total > 0)} onOpen={open} />
            </CardContent>
          </Card>
          <Box sx={{ display: 'grid', gap: 2, minWidth: 0, alignContent: 'start' }}>
            {shownTypes.map((type) => (
              <StageFunnel
                key={type.key}
                typeKey={type.key}
                typeName={type.name}
                unitId={unitId}
                asOf={asOf}
                enabled={!unitsPending}
              />
            ))}
          </Box>
        </Box>
      )}

      {progress.data && progress.data.children.length > 0 && (
        <Card variant="outlined" component="section" aria-labelledby="unit-table-title" sx={{ minWidth: 0 }}>
          <CardContent>
            <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap' }}>
              <Typography id="unit-table-title" variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
                {translate('pf.dashboard.table.title')}
              </Typography>
              <FormControlLabel
                control={
                  <Switch
                    size="small"
                    checked={showEmptyUnits}
                    onChange={(event) => setShowEmptyUnits(event.target.checked)}
                    slotProps={{ input: { 'data-testid': 'unit-table-show-empty' } as object }}
                  />
                }
                label={translate('pf.dashboard.table.show_empty')}
              />
            </Stack>
            <UnitTable
              rows={showEmptyUnits ? progress.data.children : progress.data.children.filter((row) => row.figures.total > 0)}
              onOpen={open}
              label={translate('pf.dashboard.table.title')}
              direct={progress.data.direct}
            />
          </CardContent>
        </Card>
      )}
    </Box>
  );
};
