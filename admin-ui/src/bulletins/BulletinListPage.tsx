import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Title, useDataProvider, useGetList, useNavigate, useTranslate } from 'react-admin';
import { formatDateTime } from '../common/format';
import { useServerCall } from '../common/useServerCall';
import { useUiLocale } from '../common/useUiLocale';
import { useViewerPermissions } from '../common/useViewerPermissions';
import type { PhaseflowDataProvider } from '../providers/data-provider';
import type { BulletinLevel, ProjectType, Unit } from '../types';

/** The month before this one, `YYYY-MM`, on the viewer's calendar: the latest a bulletin can be made for. */
const lastMonth = (): string => {
  const now = new Date();
  const previous = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${previous.getFullYear()}-${String(previous.getMonth() + 1).padStart(2, '0')}`;
};

/** Admins of a top-level unit generate the bulletin of a month now (idempotent: an existing one opens). */
const GenerateBulletin = () => {
  const translate = useTranslate();
  const navigate = useNavigate();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const { run, pending } = useServerCall();
  const { data: types = [] } = useGetList<ProjectType>('projectTypes', { pagination: { page: 1, perPage: 1000 }, sort: { field: 'name', order: 'ASC' } });
  const [typeKey, setTypeKey] = useState('');
  const [month, setMonth] = useState(lastMonth());
  const [level, setLevel] = useState<BulletinLevel>('TOWN');
  // The trees the viewer administers from their top: with more than one, the bulletin names its tree.
  const { data: units = [], isPending: unitsPending } = useGetList<Unit>('units', { pagination: { page: 1, perPage: 100000 }, sort: { field: 'sortOrder', order: 'ASC' } });
  const roots = units.filter((unit) => unit.parentId === null && unit.inScope && unit.viewerCan?.manage);
  const [chosenScope, setScope] = useState('');
  const scopeUnitId = chosenScope || roots[0]?.id || null;
  const keys = [...new Map(types.map((type) => [type.key, type])).values()];
  const generate = async () => {
    const made = await run(() => dataProvider.generateBulletin({ typeKey, month, level, scopeUnitId: roots.length > 1 ? scopeUnitId : null }), 'pf.bulletins.generated');
    if (made) navigate(`/bulletins/${made.id}/show`);
  };
  return (
    <Stack
      direction="row"
      spacing={2}
      useFlexGap
      sx={{ alignItems: 'center', flexWrap: 'wrap' }}
      className="pf-no-print"
      data-testid="bulletin-generate"
      data-ready={!unitsPending && keys.length > 0}
    >
      {roots.length > 1 && (
        <TextField
          select
          size="small"
          label={translate('pf.bulletins.scope')}
          value={scopeUnitId ?? ''}
          onChange={(event) => setScope(event.target.value)}
          sx={{ minWidth: 180 }}
          slotProps={{ htmlInput: { 'data-testid': 'bulletin-generate-scope' } }}
        >
          {roots.map((root) => (
            <MenuItem key={root.id} value={root.id}>
              {root.name}
            </MenuItem>
          ))}
        </TextField>
      )}
      <TextField
        select
        size="small"
        label={translate('pf.bulletins.type')}
        value={typeKey}
        onChange={(event) => setTypeKey(event.target.value)}
        sx={{ minWidth: 220 }}
        slotProps={{ htmlInput: { 'data-testid': 'bulletin-generate-type' } }}
      >
        {keys.map((type) => (
          <MenuItem key={type.key} value={type.key}>
            {type.name}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        size="small"
        type="month"
        label={translate('pf.bulletins.month')}
        value={month}
        onChange={(event) => setMonth(event.target.value)}
        slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'bulletin-generate-month' } }}
      />
      <TextField select size="small" label={translate('pf.bulletins.level')} value={level} onChange={(event) => setLevel(event.target.value as BulletinLevel)}>
        <MenuItem value="TOWN">{translate('pf.bulletins.levels.TOWN')}</MenuItem>
        <MenuItem value="DEPARTMENT">{translate('pf.bulletins.levels.DEPARTMENT')}</MenuItem>
      </TextField>
      <Button variant="contained" disabled={pending || !typeKey || !month} onClick={() => void generate()} data-testid="bulletin-generate-button">
        {translate('pf.bulletins.generate')}
      </Button>
    </Stack>
  );
};

/** The monthly bulletins (一月一通报) of the trees where the viewer holds a role, newest month first. */
export const BulletinListPage = () => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const permissions = useViewerPermissions();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const { data: bulletins = [], isPending, error } = useQuery({ queryKey: ['bulletins'], queryFn: ({ signal }) => dataProvider.getBulletins(signal) });
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={translate('pf.bulletins.title')} />
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="body2" color="text.secondary">
            {translate('pf.bulletins.hint')}
          </Typography>
          {permissions?.manageOrganisation && <GenerateBulletin />}
          {isPending && <LinearProgress />}
          {error && <Alert severity="error">{(error as Error).message}</Alert>}
          {!isPending && bulletins.length === 0 && <Typography color="text.secondary">{translate('pf.bulletins.empty')}</Typography>}
          {bulletins.length > 0 && (
            <Table size="small" data-testid="bulletin-list">
              <TableHead>
                <TableRow>
                  <TableCell>{translate('pf.bulletins.month')}</TableCell>
                  <TableCell>{translate('pf.bulletins.type')}</TableCell>
                  <TableCell>{translate('pf.bulletins.level')}</TableCell>
                  <TableCell>{translate('pf.bulletins.scope')}</TableCell>
                  <TableCell>{translate('pf.bulletins.interviews')}</TableCell>
                  <TableCell>{translate('pf.bulletins.generated_at')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {bulletins.map((bulletin) => (
                  <TableRow key={bulletin.id} data-testid="bulletin-row" data-bulletin-id={bulletin.id}>
                    <TableCell>
                      <Link to={`/bulletins/${bulletin.id}/show`}>{bulletin.month}</Link>
                    </TableCell>
                    <TableCell>{bulletin.typeName}</TableCell>
                    <TableCell>{translate(`pf.bulletins.levels.${bulletin.level}`)}</TableCell>
                    <TableCell>{bulletin.scopeUnit.name}</TableCell>
                    <TableCell>
                      {bulletin.interviewCount > 0 ? <Chip size="small" color="error" label={bulletin.interviewCount} /> : 0}
                    </TableCell>
                    <TableCell>
                      {formatDateTime(bulletin.generatedAt, locale)} ·{' '}
                      {bulletin.generatedBy ? bulletin.generatedBy.name : translate('pf.bulletins.by_schedule')}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
};
