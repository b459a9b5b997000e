import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import { useRecordContext, useTranslate } from 'react-admin';
import type { User } from '../types';

export const RoleChips = (_props: { source?: string; label?: string; sortable?: boolean }) => {
  const user = useRecordContext<User>();
  const translate = useTranslate();
  if (!user) return null;
  return (
    <Stack sx={{ flexWrap: 'wrap' }} direction="row" spacing={0.5} useFlexGap>
      {user.roles.map((assignment) => (
        <Chip
          key={`${assignment.unit.id}:${assignment.role}`}
          size="small"
          label={translate('pf.role.in_unit', {
            role: translate(`pf.unitRole.${assignment.role}`, { _: assignment.role }),
            unit: assignment.unit.name,
          })}
        />
      ))}
    </Stack>
  );
};
