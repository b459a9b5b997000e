import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import { useTranslate } from 'react-admin';
import type { ProjectType } from '../types';

/** Active or archived, and whether a draft of the next version is being edited. */
export const ProjectTypeStatusChip = ({ type }: { type: Pick<ProjectType, 'key' | 'status' | 'draft'> }) => {
  const translate = useTranslate();
  const status = type.status ?? 'ACTIVE';
  return (
    <Stack direction="row" spacing={0.5} data-testid="project-type-status" data-status={status} data-draft={Boolean(type.draft)}>
      <Chip
        size="small"
        color={status === 'ARCHIVED' ? 'default' : 'success'}
        variant={status === 'ARCHIVED' ? 'outlined' : 'filled'}
        label={translate(`pf.projectTypeStatus.${status}`)}
      />
      {type.draft && <Chip size="small" color="info" variant="outlined" label={translate('pf.projectTypeStatus.DRAFT')} />}
    </Stack>
  );
};
