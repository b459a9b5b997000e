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
import { Allowed } from '../common/Allowed';
import type { Unit } from '../types';
import { UnitTreeInput } from '../units/UnitTreeInput';

// reference choices are small lists (units, users, types): offer them all
const ALL_CHOICES = 1000;

const mayStartIn = (unit: Unit) => unit.active && unit.viewerCan.startProject;

export const ProjectCreate = () => (
  <Allowed permission="startProjects">
    <Create redirect="show">
      <SimpleForm sx={{ maxWidth: 640 }}>
        <ReferenceInput source="typeKey" reference="projectTypes" perPage={ALL_CHOICES} filter={{ status: 'ACTIVE' }}>
          <SelectInput optionText="name" validate={required()} fullWidth />
        </ReferenceInput>
        <TextInput source="title" validate={required()} fullWidth />
        <TextInput source="code" fullWidth />
        <UnitTreeInput source="unitId" isSelectable={mayStartIn} validate={required()} fullWidth testId="project-unit" />
        <ReferenceInput source="leadId" reference="users" perPage={ALL_CHOICES}>
          <AutocompleteInput optionText="name" validate={required()} fullWidth />
        </ReferenceInput>
        <ReferenceInput
          source="departmentId"
          reference="units"
          perPage={100_000}
          filter={{ kind: 'DEPARTMENT', active: true }}
          sort={{ field: 'sortOrder', order: 'ASC' }}
        >
          <AutocompleteInput optionText="name" validate={required()} fullWidth />
        </ReferenceInput>
        <ReferenceArrayInput source="teamMemberIds" reference="users" perPage={ALL_CHOICES}>
          <AutocompleteArrayInput optionText="name" validate={required()} fullWidth />
        </ReferenceArrayInput>
      </SimpleForm>
    </Create>
  </Allowed>
);
