import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import DownloadIcon from '@mui/icons-material/Download';
import PrintIcon from '@mui/icons-material/Print';
import RemoveIcon from '@mui/icons-material/Remove';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import GlobalStyles from '@mui/material/GlobalStyles';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { Title, useDataProvider, useParams, useTranslate } from 'react-admin';
import { formatDateTime } from '../common/format';
import { useUiLocale } from '../common/useUiLocale';
import type { PhaseflowDataProvider } from '../providers/data-provider';
import type { BulletinRow } from '../types';
import { useBulletinDownload } from './useBulletinDownload';

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

/** A page that prints on A4: no app bar, menu or buttons, and a table that fits the page's width. */
const printStyles = (
  <GlobalStyles
    styles={{
      '@media print': {
        '@page': { size: 'A4 landscape', margin: '12mm' },
        '.RaAppBar-appBar, header.MuiAppBar-root, .RaSidebar-root, .MuiDrawer-root, .pf-no-print': { display: 'none !important' },
        '.RaLayout-appFrame': { marginTop: '0 !important' },
        '.RaLayout-content, .RaLayout-contentWithSidebar': { padding: '0 !important', margin: '0 !important' },
        'body, .MuiCard-root': { background: '#fff !important', boxShadow: 'none !important' },
        '.pf-bulletin': { width: '100%' },
        '.pf-bulletin table': { width: '100%', tableLayout: 'fixed', fontSize: '9pt' },
        '.pf-bulletin th, .pf-bulletin td': { padding: '2px 4px !important', fontSize: '9pt !important', wordBreak: 'break-word' },
        '.pf-bulletin tr': { breakInside: 'avoid' },
      },
    }}
  />
);

const RankChange = ({ row }: { row: BulletinRow }) => {
  const translate = useTranslate();
  if (row.rankChange === null) return <span data-testid="rank-change" data-change="none">—</span>;
  const label = row.rankChange > 0 ? translate('pf.bulletins.up', { n: row.rankChange }) : row.rankChange < 0 ? translate('pf.bulletins.down', { n: -row.rankChange }) : translate('pf.bulletins.same');
  const Icon = row.rankChange > 0 ? ArrowUpwardIcon : row.rankChange < 0 ? ArrowDownwardIcon : RemoveIcon;
  const color = row.rankChange > 0 ? 'success.main' : row.rankChange < 0 ? 'error.main' : 'text.secondary';
  return (
    <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center', color }} data-testid="rank-change" data-change={row.rankChange} aria-label={label} title={label}>
      <Icon fontSize="small" />
      <span>{row.rankChange === 0 ? '' : Math.abs(row.rankChange)}</span>
    </Stack>
  );
};

/** One bulletin: its ranking table with a bar per unit (completion rate), rank changes, units called in, download and print. */
export const BulletinShowPage = () => {
  const { id = '' } = useParams<{ id: string }>();
  const translate = useTranslate();
  const locale = useUiLocale();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const download = useBulletinDownload();
  const { data: bulletin, isPending, error } = useQuery({ queryKey: ['bulletin', id], queryFn: ({ signal }) => dataProvider.getBulletin(id, signal) });
  if (isPending) return <LinearProgress />;
  if (error || !bulletin) return <Alert severity="error">{(error as Error | null)?.message ?? translate('ra.notification.http_error')}</Alert>;
  const heading = translate('pf.bulletins.heading', { scope: bulletin.scopeUnit.name, month: bulletin.month, type: bulletin.typeName });
  return (
    <Card sx={{ mt: 2 }} className="pf-bulletin" data-testid="bulletin-show" data-bulletin-id={bulletin.id}>
      {printStyles}
      <Title title={heading} />
      <CardContent>
        <Stack spacing={2}>
          <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'baseline', flexWrap: 'wrap' }}>
            <Typography variant="h6" component="h1">
              {heading}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {translate(`pf.bulletins.levels.${bulletin.level}`)} · {translate('pf.bulletins.as_of', { time: formatDateTime(bulletin.asOf, locale, bulletin.timeZone), zone: bulletin.timeZone })}
            </Typography>
            <Box sx={{ flexGrow: 1 }} />
            <Button className="pf-no-print" startIcon={<DownloadIcon />} onClick={() => void download(bulletin.id, `bulletin-${bulletin.typeKey}-${bulletin.month}.xlsx`)} data-testid="bulletin-download">
              {translate('pf.bulletins.download')}
            </Button>
            <Button className="pf-no-print" startIcon={<PrintIcon />} onClick={() => window.print()} data-testid="bulletin-print">
              {translate('pf.bulletins.print')}
            </Button>
          </Stack>
          {bulletin.interviewCount > 0 && (
            <Alert severity="warning" data-testid="bulletin-interviews">
              {translate('pf.bulletins.interview_notice', {
                units: bulletin.rows.filter((row) => row.interview).map((row) => row.name).join(locale === 'zh' ? '、' : ', '),
              })}
            </Alert>
          )}
          <Box sx={{ overflowX: 'auto' }}>
            <Table size="small" data-testid="bulletin-ranking" aria-label={translate('pf.bulletins.ranking')}>
              <TableHead>
                <TableRow>
                  <TableCell>{translate('pf.bulletins.rank')}</TableCell>
                  <TableCell>{translate('pf.bulletins.unit')}</TableCell>
                  <TableCell sx={{ minWidth: 160 }}>{translate('pf.bulletins.rate')}</TableCell>
                  <TableCell align="right">{translate('pf.bulletins.completed_of_total')}</TableCell>
                  <TableCell align="right">{translate('pf.bulletins.completed_in_month')}</TableCell>
                  <TableCell align="right">{translate('pf.bulletins.new_in_month')}</TableCell>
                  <TableCell align="right">{translate('pf.bulletins.overdue')}</TableCell>
                  <TableCell align="right">{translate('pf.bulletins.overdue_days')}</TableCell>
                  <TableCell align="right">{translate('pf.bulletins.warning')}</TableCell>
                  <TableCell>{translate('pf.bulletins.change')}</TableCell>
                  <TableCell>{translate('pf.bulletins.interview')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {bulletin.rows.map((row) => (
                  <TableRow
                    key={row.unitId}
                    data-testid="bulletin-ranking-row"
                    data-unit-code={row.code}
                    data-interview={row.interview}
                    sx={row.interview ? { bgcolor: 'rgba(211, 47, 47, 0.08)' } : undefined}
                  >
                    <TableCell>{row.rank ?? '—'}</TableCell>
                    <TableCell>{row.name}</TableCell>
                    <TableCell>
                      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                        <LinearProgress
                          variant="determinate"
                          value={row.completionRate * 100}
                          sx={{ flexGrow: 1, height: 10, borderRadius: 1 }}
                          aria-label={`${row.name} ${percent(row.completionRate)}`}
                        />
                        <Typography variant="body2" sx={{ minWidth: 48, textAlign: 'right' }}>
                          {percent(row.completionRate)}
                        </Typography>
                      </Stack>
                    </TableCell>
                    <TableCell align="right">
                      {row.completed} / {row.total - row.cancelled}
                    </TableCell>
                    <TableCell align="right">{row.completedInMonth}</TableCell>
                    <TableCell align="right">{row.newInMonth}</TableCell>
                    <TableCell align="right">{row.overdue}</TableCell>
                    <TableCell align="right">{row.overdueDays}</TableCell>
                    <TableCell align="right">{row.warning}</TableCell>
                    <TableCell>
                      <RankChange row={row} />
                    </TableCell>
                    <TableCell>{row.interview && <Chip size="small" color="error" label={translate('pf.bulletins.interview')} data-testid="interview-chip" />}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        </Stack>
      </CardContent>
    </Card>
  );
};
