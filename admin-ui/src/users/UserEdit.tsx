import { Edit, SimpleForm, useRecordContext } from 'react-admin';
import { NotAllowed } from '../common/Allowed';
import type { User } from '../types';
import { UserFormFields } from './UserFormFields';

const UserEditForm = () => {
  const user = useRecordContext<User>();
  if (user && !user.viewerCan?.manage) return <NotAllowed />;
  return (
    <SimpleForm sx={{ maxWidth: 640 }}>
      <UserFormFields />
    </SimpleForm>
  );
};

export const UserEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <UserEditForm />
  </Edit>
);
