import { Create, NumberInput, SelectInput, SimpleForm, TextInput, required } from 'react-admin';
import { Allowed } from '../common/Allowed';
import { useViewerPermissions } from '../common/useViewerPermissions';
import type { Unit } from '../types';
import { UnitTreeInput } from './UnitTreeInput';
import { useUnitKinds } from './useUnitKinds';

const mayAddBelow = (unit: Unit) => unit.active && unit.viewerCan.manage;

/** Kind, code, names and sort order, shared by the create and edit forms. */
export const UnitFormFields = () => {
  const { kinds } = useUnitKinds();
  return (
    <>
      <TextInput source="code" validate={required()} fullWidth slotProps={{ htmlInput: { 'data-testid': 'unit-code' } }} />
      <SelectInput
        source="kind"
        choices={kinds.map((kind) => ({ id: kind.key, name: kind.name }))}
        validate={required()}
        fullWidth
        slotProps={{ htmlInput: { 'data-testid': 'unit-kind' } }}
      />
      <TextInput
        source="names.zh"
        label="pf.unitForm.name_zh"
        validate={required()}
        fullWidth
        slotProps={{ htmlInput: { 'data-testid': 'unit-name-zh' } }}
      />
      <TextInput
        source="names.en"
        label="pf.unitForm.name_en"
        validate={required()}
        fullWidth
        slotProps={{ htmlInput: { 'data-testid': 'unit-name-en' } }}
      />
      <NumberInput source="sortOrder" step={1} fullWidth slotProps={{ htmlInput: { 'data-testid': 'unit-sort-order' } }} />
    </>
  );
};

const UnitCreateForm = () => {
  // only an admin of a top-level unit may add another top-level unit
  const topLevel = useViewerPermissions()?.manageOrganisation;
  return (
    <SimpleForm sx={{ maxWidth: 640 }}>
      <UnitTreeInput
        source="parentId"
        isSelectable={mayAddBelow}
        validate={topLevel ? undefined : required()}
        fullWidth
        testId="unit-parent"
      />
      <UnitFormFields />
    </SimpleForm>
  );
};

export const UnitCreate = () => (
  <Allowed permission="manageUnits">
    <Create redirect="show">
      <UnitCreateForm />
    </Create>
  </Allowed>
);
