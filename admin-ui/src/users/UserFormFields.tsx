import { TextInput, email, required } from 'react-admin';

/** Name, email and phone, shared by the create and edit forms. */
export const UserFormFields = () => (
  <>
    <TextInput source="name" validate={required()} fullWidth slotProps={{ htmlInput: { 'data-testid': 'user-name' } }} />
    <TextInput
      source="email"
      type="email"
      validate={[required(), email()]}
      fullWidth
      slotProps={{ htmlInput: { 'data-testid': 'user-email' } }}
    />
    <TextInput source="phone" fullWidth slotProps={{ htmlInput: { 'data-testid': 'user-phone' } }} />
  </>
);
