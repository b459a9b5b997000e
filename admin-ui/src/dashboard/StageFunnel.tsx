import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { BarChart } from '@mui/x-charts/BarChart';
import { useTranslate } from 'react-admin';
import { useUiLocale } from '../common/useUiLocale';
import { commandErrorMessage } from '../projects/useProjectCommand';
import { formatRate } from './format';
import { useStageProgress } from './useProgress';

const BAR_HEIGHT = 28;

export interface StageFunnelProps {
  typeKey: string;
  typeName: string;
  unitId?: string;
  asOf?: string;
  enabled: boolean;
}

/** One type's funnel: active projects per stage, then the completed ones; a table holds the same figures. */
export const StageFunnel = ({ typeKey, typeName, unitId, asOf, enabled }: StageFunnelProps) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const { data, isPending, error } = useStageProgress({ typeKey, unitId, asOf }, enabled);
  const stages = [...(data?.figures.stages ?? [])].sort((a, b) => a.position - b.position);
  const bars = [
    ...stages.map((stage) => ({ name: stage.name, count: stage.count })),
    { name: translate('pf.dashboard.funnel.completed'), count: data?.figures.completed ?? 0 },
  ];
  const titleId = `stage-funnel-${typeKey}-title`;
  return (
    <Card
      variant="outlined"
      component="section"
      aria-labelledby={titleId}
      data-testid="stage-funnel"
      data-type-key={typeKey}
      data-total={data?.figures.total ?? ''}
      sx={{ minWidth: 0 }}
    >
      <CardContent>
        <Typography id={titleId} variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
          {translate('pf.dashboard.funnel.title', { type: typeName })}
        </Typography>
        {data && data.figures.total > 0 && (
          <Typography variant="body2" color="text.secondary">
            {translate('pf.dashboard.tiles.completion_detail', { completed: data.figures.completed, total: data.figures.total })}
            {' · '}
            {formatRate(data.figures.completionRate, locale)}
          </Typography>
        )}
        {isPending && enabled && <LinearProgress sx={{ my: 1 }} />}
        {error && <Alert severity="error">{translate(commandErrorMessage(error))}</Alert>}
        {data && data.figures.total > 0 && (
          <Box aria-hidden sx={{ minWidth: 0 }}>
            <BarChart
              layout="horizontal"
              height={32 + bars.length * BAR_HEIGHT}
              margin={{ left: 4, right: 40, top: 8, bottom: 4 }}
              hideLegend
              skipAnimation
              yAxis={[{ scaleType: 'band', data: bars.map((bar) => bar.name), width: 96, tickLabelStyle: { fontSize: 12 } }]}
              // room past the longest bar for its label, which carries the value (no axis needed)
              xAxis={[{ min: 0, max: Math.max(1, Math.ceil(Math.max(...bars.map((bar) => bar.count)) * 1.2)), position: 'none' }]}
              series={[{ data: bars.map((bar) => bar.count), barLabel: 'value', barLabelPlacement: 'outside' }]}
            />
          </Box>
        )}
        {data && data.figures.total === 0 && (
          <Typography variant="body2" color="text.secondary" data-testid="stage-funnel-empty">
            {translate('pf.dashboard.funnel.empty')}
          </Typography>
        )}
        {data && data.figures.total > 0 && (
          <Box sx={{ overflowX: 'auto', width: 0, minWidth: '100%' }}>
            <Table size="small" aria-label={translate('pf.dashboard.funnel.chart_label', { type: typeName })}>
              <TableHead>
                <TableRow>
                  <TableCell>{translate('pf.dashboard.funnel.stage')}</TableCell>
                  <TableCell align="right">{translate('pf.dashboard.funnel.count')}</TableCell>
                  <TableCell align="right">{translate('pf.dashboard.table.warning')}</TableCell>
                  <TableCell align="right">{translate('pf.dashboard.table.overdue')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {stages.map((stage) => (
                  <TableRow key={stage.stageKey} data-testid="funnel-row" data-stage-key={stage.stageKey} data-count={stage.count}>
                    <TableCell component="th" scope="row">
                      {stage.name}
                    </TableCell>
                    <TableCell align="right">{stage.count}</TableCell>
                    <TableCell align="right">{stage.warning}</TableCell>
                    <TableCell align="right" sx={stage.overdue > 0 ? { color: 'error.dark', fontWeight: 600 } : undefined}>
                      {stage.overdue}
                    </TableCell>
                  </TableRow>
                ))}
                <TableRow data-testid="funnel-row" data-stage-key="COMPLETED" data-count={data.figures.completed}>
                  <TableCell component="th" scope="row">
                    {translate('pf.dashboard.funnel.completed')}
                  </TableCell>
                  <TableCell align="right">{data.figures.completed}</TableCell>
                  <TableCell />
                  <TableCell />
                </TableRow>
              </TableBody>
            </Table>
          </Box>
        )}
      </CardContent>
    </Card>
  );
};
