import { Datagrid, EmailField, FunctionField, Labeled, ReferenceManyField, Show, SimpleShowLayout, TextField } from 'react-admin';
import { LocaleDateField } from '../common/LocaleDateField';
import { ProjectStatusChip } from '../projects/StatusChips';
import type { Project } from '../types';
import { RoleChips } from './RoleChips';

export const UserShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="name" />
      <EmailField source="email" />
      <Labeled label="resources.users.fields.roles">
        <RoleChips />
      </Labeled>
      <ReferenceManyField reference="projects" target="leadId" label="pf.user.led_projects" perPage={25}>
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
