import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import Edit from '@mui/icons-material/Edit';
import {
  FunctionField,
  Labeled,
  ListButton,
  NumberField,
  Show,
  TextField,
  TopToolbar,
  useNavigate,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { formatDateTime } from '../common/format';
import { LocaleDateField } from '../common/LocaleDateField';
import { useViewerPermissions } from '../common/useViewerPermissions';
import { useUiLocale } from '../common/useUiLocale';
import type { ProjectType } from '../types';
import { ArchiveProjectTypeButton } from './ArchiveProjectTypeButton';
import { ExportProjectTypeButton } from './ExportProjectTypeButton';
import { ProjectTypeStatusChip } from './ProjectTypeStatusChip';
import { StageDefinitionCard } from './StageDefinitionCard';

const ProjectTypeTitle = () => {
  const type = useRecordContext<ProjectType>();
  return <span>{type ? `${type.name} v${type.version}` : ''}</span>;
};

const newestOf = (type: ProjectType) => Math.max(type.version, ...(type.versions ?? []));

const ProjectTypeShowActions = () => {
  const type = useRecordContext<ProjectType>();
  const translate = useTranslate();
  const navigate = useNavigate();
  const designer = useViewerPermissions()?.designTypes;
  if (!type) return <TopToolbar />;
  const newest = type.version === newestOf(type);
  return (
    <TopToolbar>
      {designer && newest && (
        <Button
          size="small"
          startIcon={<Edit />}
          onClick={() => navigate(`/projectTypes/${encodeURIComponent(type.key)}`)}
          data-testid="edit-project-type"
        >
          {translate(type.draft ? 'pf.designer.continue' : 'pf.designer.edit')}
        </Button>
      )}
      <ExportProjectTypeButton typeKey={type.key} version={type.version} />
      {designer && newest && type.status !== 'ARCHIVED' && <ArchiveProjectTypeButton typeKey={type.key} name={type.name} />}
      <ListButton />
    </TopToolbar>
  );
};

const ProjectTypeLayout = () => {
  const type = useRecordContext<ProjectType>();
  const translate = useTranslate();
  const locale = useUiLocale();
  const navigate = useNavigate();
  if (!type) return null;
  const stages = [...(type.stages ?? [])].sort((a, b) => a.position - b.position);
  const newest = newestOf(type);
  return (
    <Stack spacing={3} sx={{ p: 2 }}>
      {type.status === 'ARCHIVED' && (
        <Alert severity="warning">
          {translate('pf.archive.archived_at', { date: formatDateTime(type.archivedAt, locale) })}
        </Alert>
      )}
      {type.draft && type.version === newest && (
        <Alert severity="info">{translate('pf.designer.draft_pending', { date: formatDateTime(type.draft.updatedAt, locale) })}</Alert>
      )}
      <Stack sx={{ flexWrap: 'wrap' }} direction="row" spacing={4} useFlexGap>
        <Labeled>
          <TextField source="key" />
        </Labeled>
        <Labeled>
          <TextField source="name" />
        </Labeled>
        <Labeled label="resources.projectTypes.fields.version">
          <FunctionField<ProjectType> render={(record) => `v${record.version}`} />
        </Labeled>
        <Labeled label="resources.projectTypes.fields.status">
          <FunctionField<ProjectType> render={(record) => <ProjectTypeStatusChip type={record} />} />
        </Labeled>
        <Labeled>
          <LocaleDateField source="publishedAt" showTime />
        </Labeled>
        <Labeled>
          <NumberField source="projectCount" />
        </Labeled>
      </Stack>
      {(type.versions?.length ?? 0) > 1 && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap data-testid="project-type-versions">
          <Typography variant="body2" color="text.secondary">
            {translate('resources.projectTypes.fields.versions')}:
          </Typography>
          {type.versions.map((version) => (
            <Chip
              key={version}
              size="small"
              label={`v${version}`}
              color={version === type.version ? 'primary' : 'default'}
              onClick={() =>
                navigate(`/projectTypes/${encodeURIComponent(version === newest ? type.key : `${type.key}@${version}`)}/show`)
              }
            />
          ))}
        </Stack>
      )}
      {type.description && (
        <Labeled>
          <TextField source="description" />
        </Labeled>
      )}
      <Typography variant="h6" component="h2">
        {translate('resources.projectTypes.fields.stages')}
      </Typography>
      {stages.map((stage, index) => (
        <StageDefinitionCard key={stage.key} stage={stage} index={index} />
      ))}
    </Stack>
  );
};

export const ProjectTypeShow = () => (
  <Show title={<ProjectTypeTitle />} actions={<ProjectTypeShowActions />}>
    <ProjectTypeLayout />
  </Show>
);
