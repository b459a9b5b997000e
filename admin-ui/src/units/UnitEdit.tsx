import { Edit, SimpleForm, useRecordContext } from 'react-admin';
import { NotAllowed } from '../common/Allowed';
import type { Unit } from '../types';
import { UnitFormFields } from './UnitCreate';

const UnitEditForm = () => {
  const unit = useRecordContext<Unit>();
  if (unit && !unit.viewerCan?.manage) return <NotAllowed />;
  return (
    <SimpleForm sx={{ maxWidth: 640 }}>
      <UnitFormFields />
    </SimpleForm>
  );
};

export const UnitEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <UnitEditForm />
  </Edit>
);
