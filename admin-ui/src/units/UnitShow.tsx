import Stack from '@mui/material/Stack';
import {
  Datagrid,
  FunctionField,
  Labeled,
  ReferenceField,
  ReferenceManyField,
  Show,
  SimpleShowLayout,
  TextField,
} from 'react-admin';
import { LocaleDateField } from '../common/LocaleDateField';
import { ProjectStatusChip } from '../projects/StatusChips';
import type { Project, Unit } from '../types';
import { UnitKindField } from './UnitKindField';

export const UnitShow = () => (
  <Show>
    <SimpleShowLayout>
      <Stack sx={{ flexWrap: 'wrap' }} direction="row" spacing={4} useFlexGap>
        <Labeled>
          <TextField source="name" />
        </Labeled>
        <Labeled>
          <FunctionField<Unit> source="names" render={(unit) => `${unit.names?.zh} / ${unit.names?.en}`} />
        </Labeled>
        <Labeled>
          <UnitKindField source="kind" />
        </Labeled>
        <Labeled>
          <ReferenceField source="parentId" reference="units" link="show" emptyText="—" />
        </Labeled>
      </Stack>
      <ReferenceManyField reference="projects" target="unitId" label="pf.unit.projects" perPage={25}>
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <TextField source="code" />
          <TextField source="title" />
          <FunctionField<Project> source="status" render={(project) => <ProjectStatusChip status={project.status} />} />
          <LocaleDateField source="updatedAt" showTime />
        </Datagrid>
      </ReferenceManyField>
    </SimpleShowLayout>
  </Show>
);
