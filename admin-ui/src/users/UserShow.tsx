import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useState } from 'react';
import {
  Datagrid,
  EditButton,
  EmailField,
  FunctionField,
  Labeled,
  ListButton,
  ReferenceManyField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useDataProvider,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { LocaleDateField } from '../common/LocaleDateField';
import { useServerCall } from '../common/useServerCall';
import { ProjectStatusChip } from '../projects/StatusChips';
import type { PhaseflowDataProvider } from '../providers/data-provider';
import type { Project, User } from '../types';
import { ResetPasswordButton } from './ResetPasswordButton';
import { UserActiveChip } from './UserList';
import { UserRoles } from './UserRoles';

const UserActivationButton = ({ user }: { user: User }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const { run, pending } = useServerCall();
  const [open, setOpen] = useState(false);
  if (user.active === false) {
    return (
      <Button
        size="small"
        color="success"
        disabled={pending}
        data-testid="reactivate-user"
        onClick={() => void run(() => dataProvider.reactivateUser(user.id), 'pf.userForm.reactivated')}
      >
        {translate('pf.userForm.reactivate')}
      </Button>
    );
  }
  return (
    <>
      <Button size="small" color="warning" onClick={() => setOpen(true)} data-testid="deactivate-user">
        {translate('pf.userForm.deactivate')}
      </Button>
      <ConfirmDialog
        open={open}
        title={translate('pf.userForm.deactivate')}
        content={translate('pf.userForm.deactivate_confirm', { name: user.name })}
        confirmLabel={translate('pf.userForm.deactivate')}
        confirmTestId="deactivate-user-confirm"
        pending={pending}
        onClose={() => setOpen(false)}
        onConfirm={async () => {
          if (await run(() => dataProvider.deactivateUser(user.id), 'pf.userForm.deactivated')) setOpen(false);
        }}
      />
    </>
  );
};

const UserShowActions = () => {
  const user = useRecordContext<User>();
  if (!user) return <TopToolbar />;
  const manage = user.viewerCan?.manage;
  return (
    <TopToolbar>
      {manage && <EditButton data-testid="edit-user" />}
      {manage && <ResetPasswordButton user={user} />}
      {manage && <UserActivationButton user={user} />}
      <ListButton />
    </TopToolbar>
  );
};

export const UserShow = () => (
  <Show actions={<UserShowActions />}>
    <SimpleShowLayout>
      <Stack sx={{ flexWrap: 'wrap' }} direction="row" spacing={4} useFlexGap>
        <Labeled>
          <TextField source="name" />
        </Labeled>
        <Labeled>
          <EmailField source="email" />
        </Labeled>
        <Labeled>
          <TextField source="phone" emptyText="—" />
        </Labeled>
        <Labeled label="resources.users.fields.active">
          <FunctionField<User> render={(user) => <UserActiveChip user={user} />} />
        </Labeled>
      </Stack>
      <Labeled label="resources.users.fields.roles" fullWidth>
        <FunctionField<User> render={(user) => <UserRoles user={user} />} />
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
