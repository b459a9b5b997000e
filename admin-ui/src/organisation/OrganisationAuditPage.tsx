import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Title, useDataProvider, useTranslate } from 'react-admin';
import { NotAllowed } from '../common/Allowed';
import { formatDateTime } from '../common/format';
import { useUiLocale } from '../common/useUiLocale';
import { useViewerPermissions } from '../common/useViewerPermissions';
import type { PhaseflowDataProvider } from '../providers/data-provider';
import type { AuditEvent } from '../types';
import { UnitPicker } from '../units/UnitTreeInput';

const PAGE = 200;

/** What an org change was about, in a line: the names and values it records. */
const summaryOf = (event: AuditEvent): string => {
  const parts: string[] = [];
  for (const source of [event.details, event.after]) {
    if (!source || typeof source !== 'object') continue;
    for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
      if (value === null || value === undefined || key.endsWith('Id') || key.endsWith('Ids')) continue;
      // long lists (an import's codes) are counted rather than spelled out
      const shown = Array.isArray(value) && value.length > 3 ? String(value.length) : typeof value === 'object' ? JSON.stringify(value) : String(value);
      parts.push(`${key}: ${shown.length > 80 ? `${shown.slice(0, 77)}…` : shown}`);
    }
  }
  return parts.join(' · ');
};

const AuditTable = () => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const [unitId, setUnitId] = useState<string | null>(null);
  const events = useQuery({
    queryKey: ['organisationAudit', unitId],
    queryFn: ({ signal }) => dataProvider.getOrganisationAudit(PAGE, unitId ?? undefined, signal),
  });
  return (
    <Card>
      <CardContent>
        <Stack spacing={2}>
          <UnitPicker
            label={translate('resources.users.fields.unitId')}
            value={unitId}
            onChange={setUnitId}
            isSelectable={(unit) => unit.inScope}
            testId="org-audit-unit"
          />
          {events.isPending && <LinearProgress />}
          {events.isError && <Alert severity="error">{(events.error as Error).message}</Alert>}
          {events.data && events.data.length === 0 && (
            <Typography color="text.secondary">{translate('pf.orgAudit.empty')}</Typography>
          )}
          {events.data && events.data.length > 0 && (
            <Table size="small" data-testid="org-audit">
              <TableHead>
                <TableRow>
                  <TableCell>{translate('pf.orgAudit.at')}</TableCell>
                  <TableCell>{translate('pf.orgAudit.actor')}</TableCell>
                  <TableCell>{translate('pf.orgAudit.action')}</TableCell>
                  <TableCell>{translate('pf.orgAudit.details')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {events.data.map((event) => (
                  <TableRow key={event.id} data-testid="org-audit-event" data-action={event.action}>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(event.at, locale)}</TableCell>
                    <TableCell>{event.actor?.name ?? translate('pf.audit.system')}</TableCell>
                    <TableCell>{translate(`pf.orgAuditAction.${event.action}`, { _: event.action })}</TableCell>
                    <TableCell sx={{ fontSize: 12, color: 'text.secondary', wordBreak: 'break-word' }}>{summaryOf(event)}</TableCell>
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

/** Who changed the organisation (units, users, roles, keys, sign-in lockouts) and when, newest first. */
export const OrganisationAuditPage = () => {
  const translate = useTranslate();
  const permissions = useViewerPermissions();
  return (
    <Box sx={{ mt: 2 }}>
      <Title title={translate('pf.orgAudit.title')} />
      {permissions === undefined ? (
        <LinearProgress />
      ) : permissions.manageUnits || permissions.manageUsers ? (
        <AuditTable />
      ) : (
        <NotAllowed />
      )}
    </Box>
  );
};
