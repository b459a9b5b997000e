import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { Link, useCreatePath, useTranslate } from 'react-admin';
import type { Project } from '../types';
import { DesignationChip, FlagChip, ProjectStatusChip } from './StatusChips';

const Item = ({ label, children }: { label: string; children: ReactNode }) => (
  <Box>
    <Typography variant="caption" color="text.secondary" component="div">
      {label}
    </Typography>
    <Box sx={{ typography: 'body2' }}>{children}</Box>
  </Box>
);

/** One project, one lead, one department, one team: who carries it and where it stands. */
export const ProjectHeader = ({ project }: { project: Project }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const field = (name: string) => translate(`resources.projects.fields.${name}`);
  const typePath = createPath({
    resource: 'projectTypes',
    type: 'show',
    id: `${project.typeKey}@${project.typeVersion}`,
  });
  const userPath = (id: string) => createPath({ resource: 'users', type: 'show', id });
  const unitPath = (id: string) => createPath({ resource: 'units', type: 'show', id });

  return (
    <Stack spacing={2} data-testid="project-header">
      <Stack sx={{ alignItems: 'center', flexWrap: 'wrap' }} direction="row" spacing={1.5} useFlexGap>
        <Chip label={project.code} size="small" variant="outlined" data-testid="project-code" />
        <Typography variant="h5" component="h1" sx={{ minWidth: 0, overflowWrap: 'anywhere' }}>
          {project.title}
        </Typography>
        <ProjectStatusChip status={project.status} />
        {project.flag && <FlagChip flag={project.flag} />}
        {project.designation && <DesignationChip designation={project.designation} />}
      </Stack>
      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 2 }}>
        <Item label={field('type')}>
          <Link to={typePath}>
            {translate('pf.project.type_version', { name: project.type?.name ?? project.typeKey, version: project.typeVersion })}
          </Link>
        </Item>
        <Item label={field('unit')}>
          <Link to={unitPath(project.unit.id)}>
            {project.unit.name}
          </Link>
        </Item>
        <Item label={field('lead')}>
          <Link to={userPath(project.lead.id)}>
            {project.lead.name}
          </Link>
        </Item>
        <Item label={field('department')}>
          <Link to={unitPath(project.department.id)}>
            {project.department.name}
          </Link>
        </Item>
      </Box>
      {project.team && (
        <Item label={field('team')}>
          <Stack direction="row" spacing={0.5} useFlexGap sx={{ mt: 0.5, flexWrap: 'wrap' }}>
            {project.team.map((member) => (
              <Chip
                key={member.id}
                size="small"
                label={member.name}
                component={Link}
                to={userPath(member.id)}
                clickable
              />
            ))}
          </Stack>
        </Item>
      )}
    </Stack>
  );
};
