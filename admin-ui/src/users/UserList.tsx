import { AutocompleteInput, Datagrid, EmailField, List, ReferenceInput, SearchInput, TextField } from 'react-admin';
import { RoleChips } from './RoleChips';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <ReferenceInput key="unitId" source="unitId" reference="units" alwaysOn>
    <AutocompleteInput optionText="name" />
  </ReferenceInput>,
];

export const UserList = () => (
  <List filters={filters} sort={{ field: 'name', order: 'ASC' }} exporter={false}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="name" />
      <EmailField source="email" />
      <RoleChips source="roles" sortable={false} />
    </Datagrid>
  </List>
);
