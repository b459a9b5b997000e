import DownloadIcon from '@mui/icons-material/Download';
import UploadIcon from '@mui/icons-material/UploadFile';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Title, useDataProvider, useLocaleState, useNotify, useTranslate } from 'react-admin';
import { Allowed } from '../common/Allowed';
import { saveBlob } from '../providers/attachments';
import type { OrgImportFormat, PhaseflowDataProvider } from '../providers/data-provider';
import { getToken } from '../providers/token-store';
import type { OrgImport, OrgImportCounts } from '../types';
import { importFormatOf, readAsBase64 } from './file-content';

const POLL_MS = 500;
const COUNT_KEYS: (keyof OrgImportCounts)[] = [
  'unitsCreated',
  'unitsUpdated',
  'usersCreated',
  'usersUpdated',
  'rolesAssigned',
  'unchanged',
];

/** Downloads the empty import table (the route needs the bearer token, so a plain link would not do). */
const useTemplateDownload = () => {
  const notify = useNotify();
  const [locale] = useLocaleState();
  return async (format: 'csv' | 'xlsx') => {
    const token = getToken();
    const response = await fetch(`/org/import/template.${format}`, {
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Accept-Language': locale === 'en' ? 'en' : 'zh' },
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      notify(body?.error?.message || 'ra.notification.http_error', { type: 'error' });
      return;
    }
    saveBlob(await response.blob(), `organisation-template.${format}`);
  };
};

const ImportProgress = ({ job }: { job: OrgImport }) => {
  const translate = useTranslate();
  const percent = job.total > 0 ? Math.round((100 * job.processed) / job.total) : job.status === 'RUNNING' ? 0 : 100;
  return (
    <Stack
      spacing={1}
      data-testid="org-import-progress"
      data-job-id={job.id}
      data-dry-run={job.dryRun}
      data-status={job.status}
      data-processed={job.processed}
      data-total={job.total}
    >
      <Typography variant="body2">
        {translate(`pf.orgImport.status.${job.status}`, { _: job.status })}
        {' · '}
        {translate(job.dryRun ? 'pf.orgImport.dry_run' : 'pf.orgImport.apply')}
        {' · '}
        <span data-testid="org-import-processed">
          {translate('pf.orgImport.progress', { processed: job.processed, total: job.total })}
        </span>
      </Typography>
      <LinearProgress
        variant={job.status === 'RUNNING' && job.total === 0 ? 'indeterminate' : 'determinate'}
        value={percent}
        color={job.status === 'FAILED' ? 'error' : job.status === 'SUCCEEDED' ? 'success' : 'primary'}
      />
    </Stack>
  );
};

const ImportResult = ({ job }: { job: OrgImport }) => {
  const translate = useTranslate();
  return (
    <Stack spacing={2}>
      {job.status === 'SUCCEEDED' && (
        <Alert severity={job.problems.length ? 'warning' : 'success'} data-testid="org-import-done">
          {translate(
            job.problems.length
              ? 'pf.orgImport.dry_run_problems'
              : job.dryRun
                ? 'pf.orgImport.dry_run_clean'
                : 'pf.orgImport.applied',
            { count: job.problems.length },
          )}
        </Alert>
      )}
      {job.status === 'FAILED' && (
        <Alert severity="error" data-testid="org-import-failed">
          {translate('pf.orgImport.failed', { count: job.problems.length })}
        </Alert>
      )}
      {job.counts && (
        <Table size="small" sx={{ maxWidth: 480 }} data-testid="org-import-counts">
          <TableBody>
            {COUNT_KEYS.map((key) => (
              <TableRow key={key} data-testid={`org-import-count-${key}`} data-value={job.counts?.[key]}>
                <TableCell>{translate(`pf.orgImport.counts.${key}`)}</TableCell>
                <TableCell align="right">{job.counts?.[key]}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {job.problems.length > 0 && (
        <Box sx={{ maxHeight: 480, overflow: 'auto' }}>
          <Table size="small" stickyHeader data-testid="org-import-problems">
            <TableHead>
              <TableRow>
                <TableCell>{translate('pf.orgImport.row')}</TableCell>
                <TableCell>{translate('pf.orgImport.column')}</TableCell>
                <TableCell>{translate('pf.orgImport.message')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {job.problems.map((problem, index) => (
                <TableRow key={`${problem.row}:${problem.column}:${index}`} data-testid="org-import-problem">
                  <TableCell>{problem.row}</TableCell>
                  <TableCell sx={{ fontFamily: 'monospace' }}>{problem.column}</TableCell>
                  <TableCell>{problem.message}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Stack>
  );
};

const ImportForm = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const queryClient = useQueryClient();
  const download = useTemplateDownload();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; format: OrgImportFormat; content: string } | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const job = useQuery({
    queryKey: ['organisationImport', jobId],
    queryFn: ({ signal }) => dataProvider.getOrganisationImport(jobId!, signal),
    enabled: jobId !== null,
    refetchInterval: (query) => (query.state.data?.status === 'RUNNING' ? POLL_MS : false),
    refetchOnWindowFocus: false,
  });
  const running = starting || job.data?.status === 'RUNNING';

  const pick = async (picked: File | undefined) => {
    if (!picked) return;
    const format = importFormatOf(picked.name);
    if (!format) {
      notify('pf.orgImport.wrong_file', { type: 'error' });
      return;
    }
    setFile({ name: picked.name, format, content: await readAsBase64(picked) });
    setJobId(null);
  };

  const start = async (dryRun: boolean) => {
    if (!file) return;
    setJobId(null);
    setStarting(true);
    try {
      const started = await dataProvider.startOrganisationImport(file.content, file.format, dryRun);
      queryClient.setQueryData(['organisationImport', started.id], started);
      setJobId(started.id);
    } catch (error) {
      notify((error as Error).message || 'ra.notification.http_error', { type: 'error' });
    } finally {
      setStarting(false);
    }
  };

  const finished = job.data && job.data.status !== 'RUNNING';
  const applied = job.data?.status === 'SUCCEEDED' && !job.data.dryRun;
  useEffect(() => {
    // the units and users pages, and every unit picker, show what the import changed
    if (!applied) return;
    void queryClient.invalidateQueries({ queryKey: ['units'] });
    void queryClient.invalidateQueries({ queryKey: ['users'] });
  }, [applied, queryClient]);

  return (
    <Card>
      <CardContent>
        <Stack spacing={3}>
          <Typography variant="body2" color="text.secondary">
            {translate('pf.orgImport.hint')}
          </Typography>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
            <Button startIcon={<DownloadIcon />} onClick={() => void download('xlsx')} data-testid="org-template-xlsx">
              {translate('pf.orgImport.template_xlsx')}
            </Button>
            <Button startIcon={<DownloadIcon />} onClick={() => void download('csv')} data-testid="org-template-csv">
              {translate('pf.orgImport.template_csv')}
            </Button>
          </Stack>
          <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <input
              ref={input}
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              hidden
              data-testid="org-import-file"
              onChange={(event) => {
                void pick(event.target.files?.[0]);
                event.target.value = '';
              }}
            />
            <Button variant="outlined" startIcon={<UploadIcon />} onClick={() => input.current?.click()} disabled={running}>
              {translate('pf.orgImport.pick')}
            </Button>
            <Typography variant="body2" data-testid="org-import-file-name">
              {file ? file.name : translate('pf.orgImport.no_file')}
            </Typography>
          </Stack>
          <Stack direction="row" spacing={1} useFlexGap>
            <Button variant="outlined" disabled={!file || running} onClick={() => void start(true)} data-testid="org-import-dry-run">
              {translate('pf.orgImport.dry_run')}
            </Button>
            <Button variant="contained" disabled={!file || running} onClick={() => void start(false)} data-testid="org-import-apply">
              {translate('pf.orgImport.apply')}
            </Button>
          </Stack>
          {job.data && <ImportProgress job={job.data} />}
          {job.isError && <Alert severity="error">{(job.error as Error).message}</Alert>}
          {finished && job.data && <ImportResult job={job.data} />}
        </Stack>
      </CardContent>
    </Card>
  );
};

/** Imports units, users and roles from an XLSX or CSV file: a dry run lists every problem, an apply is all or nothing. */
export const OrganisationImportPage = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ mt: 2 }}>
      <Title title={translate('pf.orgImport.title')} />
      <Allowed permission="manageOrganisation">
        <ImportForm />
      </Allowed>
    </Box>
  );
};
