import Chip from '@mui/material/Chip';
import {
  AutocompleteInput,
  BooleanInput,
  CreateButton,
  Datagrid,
  EmailField,
  FilterButton,
  FunctionField,
  List,
  ReferenceInput,
  SearchInput,
  TextField,
  TopToolbar,
  useTranslate,
} from 'react-admin';
import { useViewerPermissions } from '../common/useViewerPermissions';
import type { User } from '../types';
import { RoleChips } from './RoleChips';

const filters = [
  <SearchInput key="q" source="q" alwaysOn slotProps={{ htmlInput: { 'data-testid': 'user-search' } }} />,
  <ReferenceInput key="unitId" source="unitId" reference="units" alwaysOn>
    <AutocompleteInput optionText="name" />
  </ReferenceInput>,
  <BooleanInput key="includeInactive" source="includeInactive" alwaysOn />,
];

const UserListActions = () => {
  const permissions = useViewerPermissions();
  return (
    <TopToolbar>
      <FilterButton />
      {permissions?.manageUsers && <CreateButton data-testid="create-user" />}
    </TopToolbar>
  );
};

export const UserActiveChip = ({ user }: { user: User }) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      data-testid="user-state"
      data-active={user.active !== false}
      color={user.active === false ? 'default' : 'success'}
      label={translate(user.active === false ? 'pf.userForm.inactive' : 'pf.userForm.active')}
    />
  );
};

export const UserList = () => (
  <List filters={filters} actions={<UserListActions />} sort={{ field: 'name', order: 'ASC' }} exporter={false}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="name" />
      <EmailField source="email" />
      <TextField source="phone" emptyText="—" />
      <RoleChips source="roles" sortable={false} />
      <FunctionField<User> source="active" sortable={false} render={(user) => <UserActiveChip user={user} />} />
    </Datagrid>
  </List>
);
