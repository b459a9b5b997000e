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

const ALL = { page: 1, perPage: 1000 } as const;

export const ProjectCreate = () => (
  <Create redirect="show">
    <SimpleForm sx={{ maxWidth: 640 }}>
      <ReferenceInput source="typeKey" reference="projectTypes" perPage={ALL.perPage}>
        <SelectInput optionText="name" validate={required()} fullWidth />
      </ReferenceInput>
      <TextInput source="title" validate={required()} fullWidth />
      <TextInput source="code" fullWidth />
      <ReferenceInput source="unitId" reference="units" perPage={ALL.perPage}>
        <AutocompleteInput optionText="name" validate={required()} fullWidth />
      </ReferenceInput>
      <ReferenceInput source="leadId" reference="users" perPage={ALL.perPage}>
        <AutocompleteInput optionText="name" validate={required()} fullWidth />
      </ReferenceInput>
      <ReferenceInput source="departmentId" reference="units" perPage={ALL.perPage}>
        <AutocompleteInput optionText="name" validate={required()} fullWidth />
      </ReferenceInput>
      <ReferenceArrayInput source="teamMemberIds" reference="users" perPage={ALL.perPage}>
        <AutocompleteArrayInput optionText="name" validate={required()} fullWidth />
      </ReferenceArrayInput>
    </SimpleForm>
  </Create>
);
