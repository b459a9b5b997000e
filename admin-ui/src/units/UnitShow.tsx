import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import {
  CreateButton,
  Datagrid,
  EditButton,
  FunctionField,
  Labeled,
  ListButton,
  ReferenceField,
  ReferenceManyField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { LocaleDateField } from '../common/LocaleDateField';
import { ProjectStatusChip } from '../projects/StatusChips';
import type { Project, Unit } from '../types';
import { MoveUnitButton } from './MoveUnitButton';
import { UnitActivationButton } from './UnitActivationButton';
import { UnitKindField } from './UnitKindField';

const UnitShowActions = () => {
  const unit = useRecordContext<Unit>();
  const translate = useTranslate();
  if (!unit) return <TopToolbar />;
  const manage = unit.viewerCan?.manage;
  return (
    <TopToolbar>
      {manage && unit.active && (
        <CreateButton
          label={translate('pf.unitForm.add_child')}
          state={{ record: { parentId: unit.id } }}
          data-testid="add-child-unit"
        />
      )}
      {manage && <EditButton data-testid="edit-unit" />}
      {manage && unit.parentId && <MoveUnitButton unit={unit} />}
      {manage && <UnitActivationButton unit={unit} />}
      <ListButton />
    </TopToolbar>
  );
};

export const UnitShow = () => {
  const translate = useTranslate();
  return (
    <Show actions={<UnitShowActions />}>
      <SimpleShowLayout>
        <Stack sx={{ flexWrap: 'wrap' }} direction="row" spacing={4} useFlexGap>
          <Labeled>
            <TextField source="name" />
          </Labeled>
          <Labeled>
            <TextField source="code" />
          </Labeled>
          <Labeled>
            <FunctionField<Unit> source="names" render={(unit) => `${unit.names?.zh} / ${unit.names?.en}`} />
          </Labeled>
          <Labeled>
            <UnitKindField source="kind" />
          </Labeled>
          <Labeled>
            <ReferenceField source="parentId" reference="units" link="show" emptyText="—" />
          </Labeled>
          <Labeled>
            <TextField source="sortOrder" />
          </Labeled>
          <Labeled>
            <FunctionField<Unit>
              source="active"
              render={(unit) => (
                <Chip
                  size="small"
                  data-testid="unit-state"
                  data-active={unit.active}
                  color={unit.active ? 'success' : 'default'}
                  label={translate(unit.active ? 'pf.unit.active' : 'pf.unit.inactive')}
                />
              )}
            />
          </Labeled>
        </Stack>
        <ReferenceManyField reference="projects" target="unitId" label="pf.unit.projects" perPage={25}>
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
};
