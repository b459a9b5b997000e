import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { BarChart } from '@mui/x-charts/BarChart';
import { useTranslate } from 'react-admin';
import type { UnitProgress } from '../types';

const BAR_HEIGHT = 30;

export interface UnitBarsProps {
  rows: UnitProgress[];
  onOpen: (unitId: string) => void;
}

/**
 * One bar per child unit: the share of its projects completed, coloured by the same thresholds as
 * the table (the accessible alternative, with the same figures). Clicking a bar opens the unit.
 */
export const UnitBars = ({ rows, onOpen }: UnitBarsProps) => {
  const translate = useTranslate();
  const theme = useTheme();
  if (rows.length === 0) {
    return (
      <Typography color="text.secondary" data-testid="unit-bars-empty">
        {translate('pf.dashboard.units.none')}
      </Typography>
    );
  }
  const percent = rows.map((row) => Math.round(row.figures.completionRate * 1000) / 10);
  return (
    <Box
      component="figure"
      aria-label={translate('pf.dashboard.units.chart_label')}
      sx={{ m: 0, minWidth: 0 }}
      data-testid="unit-bars"
      data-count={rows.length}
    >
      <Box aria-hidden>
        <BarChart
          layout="horizontal"
          height={40 + rows.length * BAR_HEIGHT}
          margin={{ left: 4, right: 48, top: 8, bottom: 4 }}
          hideLegend
          skipAnimation
          yAxis={[
            {
              scaleType: 'band',
              data: rows.map((row) => row.unit.name),
              width: 96,
              tickLabelStyle: { fontSize: 12 },
            },
          ]}
          xAxis={[
            {
              min: 0,
              // room past 100 % for the bar's own label
              max: 115,
              // the bars carry their own labels
              position: 'none',
              valueFormatter: (value: number) => `${value}%`,
              colorMap: {
                type: 'piecewise',
                thresholds: [50, 80],
                colors: [theme.palette.error.main, theme.palette.warning.main, theme.palette.success.main],
              },
            },
          ]}
          series={[
            {
              data: percent,
              label: translate('pf.dashboard.units.series'),
              valueFormatter: (value) => (value === null ? '' : `${value}%`),
              barLabel: (item) => (item.value === null ? null : `${item.value}%`),
              barLabelPlacement: 'outside',
            },
          ]}
          slotProps={{
            bar: ({ dataIndex }) => ({ 'data-testid': 'unit-bar', 'data-unit-id': rows[dataIndex]?.unit.id }) as object,
          }}
          onItemClick={(_event, item) => {
            const row = rows[item.dataIndex];
            if (row) onOpen(row.unit.id);
          }}
        />
      </Box>
      <Typography component="figcaption" variant="caption" color="text.secondary">
        {translate('pf.dashboard.units.hint')}
      </Typography>
    </Box>
  );
};
