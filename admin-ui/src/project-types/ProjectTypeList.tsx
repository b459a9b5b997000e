import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import {
  CreateButton,
  Datagrid,
  FunctionField,
  List,
  NumberField,
  SearchInput,
  TextField,
  TopToolbar,
  useDataProvider,
  useNavigate,
  useTranslate,
} from 'react-admin';
import { formatDateTime } from '../common/format';
import { useViewerPermissions } from '../common/useViewerPermissions';
import { useUiLocale } from '../common/useUiLocale';
import type { PhaseflowDataProvider } from '../providers/data-provider';
import type { ProjectType } from '../types';
import { ImportProjectTypeButton } from './ImportProjectTypeButton';
import { ProjectTypeStatusChip } from './ProjectTypeStatusChip';

const ProjectTypeListActions = () => {
  const designer = useViewerPermissions()?.designTypes;
  return (
    <TopToolbar>
      {designer && (
        <>
          <CreateButton label="pf.designer.create" data-testid="create-project-type" />
          <ImportProjectTypeButton />
        </>
      )}
    </TopToolbar>
  );
};

const textOf = (value: unknown, locale: 'zh' | 'en'): string => {
  if (typeof value !== 'object' || value === null) return '';
  const text = value as Record<string, unknown>;
  return String(text[locale] || text[locale === 'zh' ? 'en' : 'zh'] || '');
};

/** Drafts of types never published yet: they have no row above, so they are listed here. */
const UnpublishedDrafts = () => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const navigate = useNavigate();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const drafts = useQuery({
    queryKey: ['projectTypes', 'drafts'],
    queryFn: ({ signal }) => dataProvider.getProjectTypeDrafts(signal),
  });
  const unpublished = (drafts.data ?? []).filter((draft) => draft.basedOnVersion == null);
  if (unpublished.length === 0) return null;
  return (
    <Card sx={{ mt: 2 }} data-testid="unpublished-drafts">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {translate('pf.designer.unpublished_drafts')}
        </Typography>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{translate('resources.projectTypes.fields.key')}</TableCell>
              <TableCell>{translate('resources.projectTypes.fields.name')}</TableCell>
              <TableCell>{translate('pf.designer.updated')}</TableCell>
              <TableCell>{translate('pf.designer.problems')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {unpublished.map((draft) => (
              <TableRow key={draft.key}>
                <TableCell sx={{ fontFamily: 'monospace' }}>{draft.key}</TableCell>
                <TableCell>{textOf((draft.definition as { name?: unknown } | null)?.name, locale)}</TableCell>
                <TableCell>{formatDateTime(draft.updatedAt, locale)}</TableCell>
                <TableCell>{draft.issues.length}</TableCell>
                <TableCell align="right">
                  <Button size="small" onClick={() => navigate(`/projectTypes/${encodeURIComponent(draft.key)}`)} data-testid={`draft-${draft.key}-edit`}>
                    {translate('pf.designer.continue')}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
};

export const ProjectTypeList = () => {
  const designer = useViewerPermissions()?.designTypes;
  return (
    <>
      <List
        filters={[<SearchInput key="q" source="q" alwaysOn />]}
        actions={<ProjectTypeListActions />}
        sort={{ field: 'key', order: 'ASC' }}
        exporter={false}
      >
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <TextField source="key" />
          <TextField source="name" />
          <FunctionField<ProjectType> source="status" render={(type) => <ProjectTypeStatusChip type={type} />} />
          <FunctionField<ProjectType>
            source="version"
            label="resources.projectTypes.fields.versions"
            render={(type) => (type.versions?.length ? type.versions.map((version) => `v${version}`).join(', ') : `v${type.version}`)}
          />
          <FunctionField<ProjectType> source="stageCount" sortable={false} render={(type) => type.stages?.length ?? 0} />
          <NumberField source="projectCount" />
        </Datagrid>
      </List>
      {designer && <UnpublishedDrafts />}
    </>
  );
};
