import { Datagrid, List, SearchInput, TextField } from 'react-admin';
import { UnitKindField } from './UnitKindField';

export const UnitList = () => (
  <List filters={[<SearchInput key="q" source="q" alwaysOn />]} sort={{ field: 'name', order: 'ASC' }} exporter={false}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="name" />
      <UnitKindField source="kind" />
      <TextField source="parent.name" label="resources.units.fields.parent" sortable={false} />
    </Datagrid>
  </List>
);
