import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import FormControlLabel from '@mui/material/FormControlLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Title, useDataProvider, useGetList, useNavigate, useTranslate } from 'react-admin';
import { Allowed } from '../common/Allowed';
import { formatDateTime, newRequestId } from '../common/format';
import { PickDialog } from '../common/PickDialog';
import { useServerCall } from '../common/useServerCall';
import { useUiLocale } from '../common/useUiLocale';
import type { PhaseflowDataProvider } from '../providers/data-provider';
import type { OpenGatePlace, User } from '../types';
import { UnitPicker } from '../units/UnitTreeInput';

const placeKey = (place: OpenGatePlace) => `${place.project.id}:${place.stageKey}:${place.user.id}`;

const PlacesTable = () => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const navigate = useNavigate();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const queryClient = useQueryClient();
  const { run, pending } = useServerCall();
  const [unitId, setUnitId] = useState<string | null>(null);
  const [inactiveOnly, setInactiveOnly] = useState(true);
  const [transferring, setTransferring] = useState<OpenGatePlace | null>(null);
  const places = useQuery({
    queryKey: ['openGatePlaces', unitId, inactiveOnly],
    queryFn: ({ signal }) => dataProvider.getOpenGatePlaces(unitId ?? undefined, inactiveOnly, signal),
  });
  const { data: users = [] } = useGetList<User>(
    'users',
    { pagination: { page: 1, perPage: 100_000 }, sort: { field: 'name', order: 'ASC' } },
    { enabled: transferring !== null },
  );

  return (
    <Card>
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="body2" color="text.secondary">
            {translate('pf.openGatePlaces.hint')}
          </Typography>
          <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <UnitPicker
              label={translate('resources.users.fields.unitId')}
              value={unitId}
              onChange={setUnitId}
              isSelectable={(unit) => unit.inScope}
              testId="open-gate-places-unit"
            />
            <FormControlLabel
              control={<Switch checked={inactiveOnly} onChange={(event) => setInactiveOnly(event.target.checked)} />}
              label={translate('pf.openGatePlaces.inactive_only')}
            />
          </Stack>
          {places.isPending && <LinearProgress />}
          {places.isError && <Alert severity="error">{(places.error as Error).message}</Alert>}
          {places.data && places.data.length === 0 && (
            <Typography color="text.secondary" data-testid="open-gate-places-empty">
              {translate('pf.openGatePlaces.empty')}
            </Typography>
          )}
          {places.data && places.data.length > 0 && (
            <Table size="small" data-testid="open-gate-places">
              <TableHead>
                <TableRow>
                  <TableCell>{translate('resources.projects.name', { smart_count: 1 })}</TableCell>
                  <TableCell>{translate('pf.openGatePlaces.stage')}</TableCell>
                  <TableCell>{translate('pf.openGatePlaces.signer')}</TableCell>
                  <TableCell>{translate('pf.openGatePlaces.since')}</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {places.data.map((place) => (
                  <TableRow key={placeKey(place)} data-testid="open-gate-place" data-project-id={place.project.id}>
                    <TableCell>
                      <Link component="button" onClick={() => navigate(`/projects/${encodeURIComponent(place.project.id)}/show`)}>
                        {place.project.code} {place.project.title}
                      </Link>
                    </TableCell>
                    <TableCell>{place.stageName}</TableCell>
                    <TableCell>
                      {place.user.name} ({place.user.email})
                    </TableCell>
                    <TableCell>{formatDateTime(place.since, locale)}</TableCell>
                    <TableCell align="right">
                      <Button size="small" onClick={() => setTransferring(place)} data-testid="open-gate-place-transfer">
                        {translate('pf.gateStatus.transfer')}
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Stack>
      </CardContent>
      <PickDialog
        open={transferring !== null}
        title={translate('pf.openGatePlaces.transfer_title', {
          name: transferring?.user.name ?? '',
          stage: transferring?.stageName ?? '',
        })}
        pickLabel={translate('pf.gateStatus.transfer_to')}
        pickRequiredMessage={translate('pf.gateStatus.user_required')}
        choices={users
          .filter((user) => user.active !== false && user.id !== transferring?.user.id)
          .map((user) => ({ id: user.id, name: `${user.name} (${user.email})` }))}
        testId="open-gate-place-transfer"
        pending={pending}
        onCancel={() => setTransferring(null)}
        onConfirm={async (toUserId) => {
          const place = transferring;
          if (!place) return;
          const done = await run(
            () =>
              dataProvider.transferApproval({
                projectId: place.project.id,
                stageKey: place.stageKey,
                fromUserId: place.user.id,
                toUserId,
                requestId: newRequestId(),
              }),
            'pf.gateStatus.transferred',
          );
          if (done) {
            setTransferring(null);
            void queryClient.invalidateQueries({ queryKey: ['openGatePlaces'] });
          }
        }}
      />
    </Card>
  );
};

/** Gate places held by deactivated users (or anyone), for the admins who hand them on. */
export const OpenGatePlacesPage = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ mt: 2 }}>
      <Title title={translate('pf.openGatePlaces.title')} />
      <Allowed permission="manageUsers">
        <PlacesTable />
      </Allowed>
    </Box>
  );
};
