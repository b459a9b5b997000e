import { Datagrid, FunctionField, List, NumberField, SearchInput, TextField } from 'react-admin';
import type { ProjectType } from '../types';

export const ProjectTypeList = () => (
  <List filters={[<SearchInput key="q" source="q" alwaysOn />]} sort={{ field: 'key', order: 'ASC' }} exporter={false}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="key" />
      <TextField source="name" />
      <FunctionField<ProjectType> source="version" render={(type) => `v${type.version}`} />
      <FunctionField<ProjectType> source="stageCount" sortable={false} render={(type) => type.stages?.length ?? 0} />
      <NumberField source="projectCount" />
    </Datagrid>
  </List>
);
