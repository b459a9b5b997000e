import {
  AutocompleteArrayInput,
  AutocompleteInput,
  Create,
  ReferenceArrayInput,
  ReferenceInput,
  SelectInput,
  SimpleForm,
  TextInput,
  required,
} from 'react-admin';

// reference choices are small lists (units, users, types): offer them all
const ALL_CHOICES = 1000;

export const ProjectCreate = () => (
  <Create redirect="show">
    <SimpleForm sx={{ maxWidth: 640 }}>
      <ReferenceInput source="typeKey" reference="projectTypes" perPage={ALL_CHOICES} filter={{ status: 'ACTIVE' }}>
        <SelectInput optionText="name" validate={required()} fullWidth />
      </ReferenceInput>
      <TextInput source="title" validate={required()} fullWidth />
      <TextInput source="code" fullWidth />
      <ReferenceInput source="unitId" reference="units" perPage={ALL_CHOICES}>
        <AutocompleteInput optionText="name" validate={required()} fullWidth />
      </ReferenceInput>
      <ReferenceInput source="leadId" reference="users" perPage={ALL_CHOICES}>
        <AutocompleteInput optionText="name" validate={required()} fullWidth />
      </ReferenceInput>
      <ReferenceInput source="departmentId" reference="units" perPage={ALL_CHOICES}>
        <AutocompleteInput optionText="name" validate={required()} fullWidth />
      </ReferenceInput>
      <ReferenceArrayInput source="teamMemberIds" reference="users" perPage={ALL_CHOICES}>
        <AutocompleteArrayInput optionText="name" validate={required()} fullWidth />
      </ReferenceArrayInput>
    </SimpleForm>
  </Create>
);
