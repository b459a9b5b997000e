import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import {
  AutocompleteInput,
  CreateButton,
  Datagrid,
  DateTimeInput,
  FilterButton,
  FunctionField,
  List,
  ReferenceInput,
  SearchInput,
  SelectInput,
  TextField,
  LinkBase,
  TopToolbar,
  useCreatePath,
  useListContext,
  useTranslate,
} from 'react-admin';
import { formatDate } from '../common/format';
import { LocaleDateField } from '../common/LocaleDateField';
import { useUiLocale } from '../common/useUiLocale';
import { useViewerPermissions } from '../common/useViewerPermissions';
import type { Project } from '../types';
import { UnitScopeInput, UnitTreeInput } from '../units/UnitTreeInput';
import { StageKeyFilterInput } from './StageKeyFilterInput';
import { ExportLedgerButton } from './ExportLedgerButton';
import { DesignationChip, FlagChip, ProjectStatusChip, StageChip } from './StatusChips';

const PROJECT_STATUSES = ['ACTIVE', 'COMPLETED', 'CANCELLED'] as const;
const PROJECT_FLAGS = ['WARNING', 'OVERDUE'] as const;
const DESIGNATION_STATUSES = ['DESIGNATED', 'UNDER_REVIEW', 'RECTIFYING', 'EXPIRED'] as const;

/** The input's local date-time as an instant (the API takes ISO 8601 with a zone). */
const toInstant = (value: string): string | null => {
  const at = value ? new Date(value) : null;
  return at && !Number.isNaN(at.getTime()) ? at.toISOString() : null;
};

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
    <DateTimeInput key="dueAfter" source="dueAfter" parse={toInstant} />,
    <DateTimeInput key="dueBefore" source="dueBefore" parse={toInstant} />,
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

/** One card per project, for narrow screens: title and code, stage, flags, unit and due date, all tappable. */
const ProjectCards = () => {
  const { data, isPending } = useListContext<Project>();
  const createPath = useCreatePath();
  const translate = useTranslate();
  const locale = useUiLocale();
  if (isPending || !data) return null;
  return (
    <Stack spacing={1} sx={{ p: 1 }} data-testid="project-cards">
      {data.map((project) => (
        <Card key={project.id} variant="outlined" data-testid="project-card" data-project-id={project.id}>
          <CardActionArea component={LinkBase} to={createPath({ resource: 'projects', id: project.id, type: 'show' })}>
            <CardContent sx={{ '&:last-child': { pb: 2 } }}>
              <Typography variant="subtitle1" component="div" sx={{ overflowWrap: 'anywhere' }}>
                {project.title}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {project.code} · {project.unit?.name}
              </Typography>
              <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, mt: 1 }}>
                {project.currentStage ? (
                  <StageChip name={project.currentStage.name} status={project.currentStage.status} overdue={project.currentStage.overdue} />
                ) : (
                  <ProjectStatusChip status={project.status} />
                )}
                {project.flag && <FlagChip flag={project.flag} />}
                {project.designation && <DesignationChip designation={project.designation} />}
              </Box>
              {project.currentStage?.dueAt && (
                <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                  {translate('resources.projects.fields.dueAt')}: {formatDate(project.currentStage.dueAt, locale)}
                </Typography>
              )}
            </CardContent>
          </CardActionArea>
        </Card>
      ))}
    </Stack>
  );
};

export const ProjectList = () => {
  const filters = useProjectFilters();
  const small = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'));
  return (
    <List filters={filters} actions={<ProjectListActions />} sort={{ field: 'updatedAt', order: 'DESC' }} perPage={25}>
      {small ? (
        <ProjectCards />
      ) : (
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
            sortBy="currentStage"
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
          <LocaleDateField source="currentStage.dueAt" sortBy="dueAt" label="resources.projects.fields.dueAt" />
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
          <TextField source="unit.name" sortBy="unit" label="resources.projects.fields.unit" />
          <TextField source="lead.name" label="resources.projects.fields.lead" sortable={false} />
          <LocaleDateField source="updatedAt" showTime />
        </Datagrid>
      )}
    </List>
  );
};
