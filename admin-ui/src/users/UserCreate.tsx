import { ArrayInput, Create, PasswordInput, SimpleForm, SimpleFormIterator, required } from 'react-admin';
import { Allowed } from '../common/Allowed';
import type { Unit } from '../types';
import { UnitTreeInput } from '../units/UnitTreeInput';
import { RoleSelectInput } from './RoleSelectInput';
import { UserFormFields } from './UserFormFields';

export const mayGrantIn = (unit: Unit) => unit.active && unit.viewerCan.manageUsers;

export const UserCreate = () => (
  <Allowed permission="manageUsers">
    <Create redirect="show">
      <SimpleForm sx={{ maxWidth: 720 }}>
        <UserFormFields />
        <PasswordInput
          source="password"
          validate={required()}
          fullWidth
          helperText="pf.password.rules"
          slotProps={{ htmlInput: { 'data-testid': 'user-password', autoComplete: 'new-password' } }}
        />
        <ArrayInput source="roles" label="resources.users.fields.roles">
          <SimpleFormIterator inline disableReordering>
            <UnitTreeInput source="unitId" label="resources.users.fields.unitId" isSelectable={mayGrantIn} validate={required()} />
            <RoleSelectInput source="role" label="pf.userForm.role" validate={required()} />
          </SimpleFormIterator>
        </ArrayInput>
      </SimpleForm>
    </Create>
  </Allowed>
);
