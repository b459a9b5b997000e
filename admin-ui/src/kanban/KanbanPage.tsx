import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState } from 'react';
import { Navigate, Title, useGetList, useNavigate, useParams, useTranslate } from 'react-admin';
import { useQueryParams } from '../common/useQueryParams';
import type { ProjectType } from '../types';
import { UnitPicker } from '../units/UnitTreeInput';
import { KanbanColumn } from './KanbanColumn';

const ALL_TYPES = { pagination: { page: 1, perPage: 1000 }, sort: { field: 'name', order: 'ASC' as const } };
const SEARCH_DELAY_MS = 300;

/** The search box: typing waits a moment before it changes the URL (and the columns' queries). */
const useDebouncedSearch = (value: string, onSettled: (value: string) => void) => {
  const [draft, setDraft] = useState(value);
  const settle = useRef(onSettled);
  settle.current = onSettled;
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return undefined;
    const timer = setTimeout(() => settle.current(draft), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, value]);
  return [draft, setDraft] as const;
};

/**
 * The kanban of one project type (`/kanban/:typeKey?unit=…&q=…`): a column per stage of its newest
 * version with the active projects standing there, and the completed ones collapsed to a count.
 */
export const KanbanPage = () => {
  const translate = useTranslate();
  const navigate = useNavigate();
  const { typeKey } = useParams<{ typeKey: string }>();
  const [params, updateParams] = useQueryParams();
  const unitId = params.get('unit') ?? undefined;
  const search = params.get('q') ?? '';
  const [draft, setDraft] = useDebouncedSearch(search, (value) => updateParams({ q: value.trim() || null }, { replace: true }));
  const { data: types = [], isPending, error } = useGetList<ProjectType>('projectTypes', ALL_TYPES);

  if (!typeKey && types.length > 0) {
    const first = types.find((type) => type.status === 'ACTIVE') ?? types[0];
    return <Navigate to={{ pathname: `/kanban/${encodeURIComponent(first.key)}`, search: params.size ? `?${params}` : '' }} replace />;
  }
  const type = types.find((candidate) => candidate.key === typeKey);
  const stages = [...(type?.stages ?? [])].sort((a, b) => a.position - b.position);
  const common = { typeKey: typeKey ?? '', unitId, search: search || undefined };

  return (
    <Card sx={{ mt: 1, minWidth: 0 }}>
      <Title title={translate('pf.kanban.title')} />
      <CardContent>
        <Stack spacing={2}>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' }, flexWrap: 'wrap' }}>
            <Typography variant="h6" component="h1">
              {translate('pf.kanban.title')}
            </Typography>
            <TextField
              select
              size="small"
              label={translate('resources.projects.fields.type')}
              value={type ? type.key : ''}
              onChange={(event) =>
                navigate({ pathname: `/kanban/${encodeURIComponent(event.target.value)}`, search: params.size ? `?${params}` : '' })
              }
              fullWidth={false}
              margin="none"
              sx={{ width: { xs: '100%', sm: 220 } }}
              slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'kanban-type' } as object } }}
            >
              {types.map((candidate) => (
                <MenuItem key={candidate.key} value={candidate.key}>
                  {candidate.name}
                </MenuItem>
              ))}
            </TextField>
            <UnitPicker
              label={translate('resources.projects.fields.unit')}
              value={unitId}
              onChange={(value) => updateParams({ unit: value })}
              testId="kanban-unit-filter"
            />
            <TextField
              size="small"
              type="search"
              label={translate('resources.projects.fields.search')}
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              fullWidth={false}
              margin="none"
              sx={{ width: { xs: '100%', sm: 220 } }}
              slotProps={{ htmlInput: { 'data-testid': 'kanban-search' } }}
            />
          </Stack>
          {isPending && <LinearProgress />}
          {error && <Alert severity="error">{translate('ra.notification.http_error')}</Alert>}
          {!isPending && typeKey && !type && <Alert severity="warning">{translate('pf.kanban.unknown_type', { key: typeKey })}</Alert>}
          {type && (
            <Box
              data-testid="kanban-board"
              data-type-key={type.key}
              data-unit-id={unitId ?? ''}
              data-search={search}
              sx={{
                display: 'grid',
                gap: 1.5,
                gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: 'none' },
                gridAutoFlow: { md: 'column' },
                gridAutoColumns: { md: 'minmax(240px, 1fr)' },
                // wide boards scroll inside their own box, never the page (width 0 + min-width 100 %)
                overflowX: { md: 'auto' },
                width: { md: 0 },
                minWidth: { md: '100%' },
                alignItems: 'start',
                pb: 1,
              }}
            >
              {stages.map((stage) => (
                <KanbanColumn
                  key={`${type.key}:${stage.key}`}
                  columnKey={stage.key}
                  title={stage.name}
                  filter={{ ...common, stageKey: stage.key, status: 'ACTIVE' }}
                />
              ))}
              <KanbanColumn
                key={`${type.key}:completed`}
                columnKey="COMPLETED"
                title={translate('pf.projectStatus.COMPLETED')}
                filter={{ ...common, status: 'COMPLETED' }}
                collapsed
              />
            </Box>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
};
