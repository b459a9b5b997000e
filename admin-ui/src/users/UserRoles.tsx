import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import RevokeIcon from '@mui/icons-material/RemoveCircleOutlined';
import { useState } from 'react';
import { useDataProvider, useGetList, useTranslate } from 'react-admin';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { useServerCall } from '../common/useServerCall';
import type { PhaseflowDataProvider } from '../providers/data-provider';
import type { RoleAssignment, Unit, UnitRole, User } from '../types';
import { ALL_UNITS, UnitPicker } from '../units/UnitTreeInput';
import { UNIT_ROLES } from './RoleSelectInput';
import { mayGrantIn } from './UserCreate';

/** A user's roles per unit; where the viewer manages the unit's users, a role can be revoked or assigned. */
export const UserRoles = ({ user }: { user: User }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const { run, pending } = useServerCall();
  const { data: units = [] } = useGetList<Unit>('units', ALL_UNITS);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [role, setRole] = useState<UnitRole | ''>('');
  const [revoking, setRevoking] = useState<RoleAssignment | null>(null);
  const unitById = new Map(units.map((unit) => [unit.id, unit]));
  const mayGrant = units.some(mayGrantIn);

  const assign = async () => {
    if (!unitId || !role) return;
    const done = await run(() => dataProvider.assignRole(user.id, unitId, role), 'pf.userForm.role_assigned');
    if (done) {
      setUnitId(null);
      setRole('');
    }
  };

  return (
    <Stack spacing={2} data-testid="user-roles">
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{translate('resources.users.fields.unitId')}</TableCell>
            <TableCell>{translate('pf.userForm.role')}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {user.roles.length === 0 && (
            <TableRow>
              <TableCell colSpan={3}>
                <Typography variant="body2" color="text.secondary">
                  {translate('pf.userForm.no_roles')}
                </Typography>
              </TableCell>
            </TableRow>
          )}
          {user.roles.map((assignment) => (
            <TableRow
              key={`${assignment.unit.id}:${assignment.role}`}
              data-testid="user-role"
              data-unit-id={assignment.unit.id}
              data-role={assignment.role}
            >
              <TableCell>{assignment.unit.name}</TableCell>
              <TableCell>{translate(`pf.unitRole.${assignment.role}`, { _: assignment.role })}</TableCell>
              <TableCell align="right">
                {unitById.get(assignment.unit.id)?.viewerCan.manageUsers && (
                  <IconButton
                    size="small"
                    aria-label={translate('pf.userForm.revoke')}
                    title={translate('pf.userForm.revoke')}
                    onClick={() => setRevoking(assignment)}
                    data-testid="revoke-role"
                  >
                    <RevokeIcon fontSize="small" />
                  </IconButton>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {mayGrant && (
        <Box sx={{ display: 'flex', flexDirection: 'row', gap: 1, alignItems: 'flex-start', flexWrap: 'wrap' }}>
          <UnitPicker
            label={translate('resources.users.fields.unitId')}
            value={unitId}
            onChange={setUnitId}
            isSelectable={mayGrantIn}
            testId="assign-role-unit"
          />
          <TextField
            select
            size="small"
            label={translate('pf.userForm.role')}
            value={role}
            onChange={(event) => setRole(event.target.value as UnitRole)}
            sx={{ width: 200 }}
            slotProps={{ htmlInput: { 'data-testid': 'assign-role-role' } }}
          >
            {UNIT_ROLES.map((candidate) => (
              <MenuItem key={candidate} value={candidate} data-testid={`assign-role-option-${candidate}`}>
                {translate(`pf.unitRole.${candidate}`)}
              </MenuItem>
            ))}
          </TextField>
          <Button variant="outlined" disabled={pending || !unitId || !role} onClick={() => void assign()} data-testid="assign-role">
            {translate('pf.userForm.assign')}
          </Button>
        </Box>
      )}
      <ConfirmDialog
        open={revoking !== null}
        title={translate('pf.userForm.revoke')}
        content={
          revoking
            ? translate('pf.userForm.revoke_confirm', {
                role: translate(`pf.unitRole.${revoking.role}`, { _: revoking.role }),
                unit: revoking.unit.name,
                name: user.name,
              })
            : ''
        }
        confirmLabel={translate('pf.userForm.revoke')}
        confirmTestId="revoke-role-confirm"
        pending={pending}
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          if (!revoking) return;
          const done = await run(
            () => dataProvider.revokeRole(user.id, revoking.unit.id, revoking.role),
            'pf.userForm.role_revoked',
          );
          if (done) setRevoking(null);
        }}
      />
    </Stack>
  );
};
