import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import {
  AutocompleteInput,
  CreateButton,
  Datagrid,
  FilterButton,
  FunctionField,
  List,
  ReferenceInput,
  SearchInput,
  SelectInput,
  TextField,
  TopToolbar,
  useTranslate,
} from 'react-admin';
import { LocaleDateField } from '../common/LocaleDateField';
import { useViewerPermissions } from '../common/useViewerPermissions';
import type { Project } from '../types';
import { UnitScopeInput, UnitTreeInput } from '../units/UnitTreeInput';
import { StageKeyFilterInput } from './StageKeyFilterInput';
import { ExportLedgerButton } from './ExportLedgerButton';
import { DesignationChip, FlagChip, ProjectStatusChip, StageChip } from './StatusChips';

const PROJECT_STATUSES = ['ACTIVE', 'COMPLETED', 'CANCELLED'] as const;
const PROJECT_FLAGS = ['WARNING', 'OVERDUE'] as const;
const DESIGNATION_STATUSES = ['DESIGNATED', 'UNDER_REVIEW', 'RECTIFYING', 'EXPIRED'] as const;

const useProjectFilters = () => {
  const translate = useTranslate();
  return [
    <SearchInput
      key="search"
      source="search"
      alwaysOn
      slotProps={{ htmlInput: { 'data-testid': 'project-search' } }}
    />,
    <ReferenceInput key="typeKey" source="typeKey" reference="projectTypes" alwaysOn>
      <SelectInput optionText="name" />
    </ReferenceInput>,
    <StageKeyFilterInput key="stageKey" source="stageKey" />,
    <SelectInput
      key="status"
      source="status"
      alwaysOn
      choices={PROJECT_STATUSES.map((id) => ({ id, name: translate(`pf.projectStatus.${id}`) }))}
    />,
    <SelectInput
      key="flag"
      source="flag"
      alwaysOn
      choices={PROJECT_FLAGS.map((id) => ({ id, name: translate(`pf.flag.${id}`) }))}
      slotProps={{ htmlInput: { 'data-testid': 'project-flag-filter' } }}
    />,
    <SelectInput
      key="designation"
      source="designation"
      choices={DESIGNATION_STATUSES.map((id) => ({ id, name: translate(`pf.designationStatus.${id}`) }))}
    />,
    <UnitTreeInput key="unitId" source="unitId" alwaysOn testId="project-unit-filter" />,
    <UnitScopeInput key="unitScope" source="unitScope" alwaysOn />,
    <ReferenceInput key="leadId" source="leadId" reference="users">
      <AutocompleteInput optionText="name" />
    </ReferenceInput>,
  ];
};

const ProjectListActions = () => {
  const permissions = useViewerPermissions();
  return (
    <TopToolbar>
      <FilterButton />
      <ExportLedgerButton />
      {permissions?.startProjects && <CreateButton data-testid="create-project" />}
    </TopToolbar>
  );
};

export const ProjectList = () => {
  const filters = useProjectFilters();
  return (
    <List filters={filters} actions={<ProjectListActions />} sort={{ field: 'updatedAt', order: 'DESC' }} perPage={25}>
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <FunctionField<Project>
          source="type"
          sortable={false}
          render={(project) => `${project.type?.name ?? project.typeKey} v${project.typeVersion}`}
        />
        <FunctionField<Project>
          source="title"
          render={(project) => (
            <Box>
              <Typography variant="body2">{project.title}</Typography>
              <Typography variant="caption" color="text.secondary">
                {project.code}
              </Typography>
            </Box>
          )}
        />
        <FunctionField<Project>
          source="currentStage"
          sortable={false}
          render={(project) =>
            project.currentStage ? (
              <StageChip
                name={project.currentStage.name}
                status={project.currentStage.status}
                overdue={project.currentStage.overdue}
              />
            ) : (
              '—'
            )
          }
        />
        <FunctionField<Project>
          source="status"
          sortable={false}
          render={(project) => <ProjectStatusChip status={project.status} />}
        />
        <FunctionField<Project>
          source="flag"
          sortable={false}
          render={(project) => (project.flag ? <FlagChip flag={project.flag} /> : '')}
        />
        <FunctionField<Project>
          source="designation"
          sortable={false}
          render={(project) => (project.designation ? <DesignationChip designation={project.designation} /> : '')}
        />
        <TextField source="unit.name" label="resources.projects.fields.unit" sortable={false} />
        <TextField source="lead.name" label="resources.projects.fields.lead" sortable={false} />
        <LocaleDateField source="updatedAt" showTime />
      </Datagrid>
    </List>
  );
};
