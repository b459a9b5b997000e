import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import {
  FunctionField,
  Labeled,
  NumberField,
  Show,
  TextField,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { LocaleDateField } from '../common/LocaleDateField';
import type { ProjectType } from '../types';
import { StageDefinitionCard } from './StageDefinitionCard';

const ProjectTypeTitle = () => {
  const type = useRecordContext<ProjectType>();
  return <span>{type ? `${type.name} v${type.version}` : ''}</span>;
};

const ProjectTypeLayout = () => {
  const type = useRecordContext<ProjectType>();
  const translate = useTranslate();
  if (!type) return null;
  const stages = [...(type.stages ?? [])].sort((a, b) => a.position - b.position);
  return (
    <Stack spacing={3} sx={{ p: 2 }}>
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
        <Labeled>
          <LocaleDateField source="publishedAt" showTime />
        </Labeled>
        <Labeled>
          <NumberField source="projectCount" />
        </Labeled>
      </Stack>
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
  <Show title={<ProjectTypeTitle />}>
    <ProjectTypeLayout />
  </Show>
);
