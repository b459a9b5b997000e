import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import FormControlLabel from '@mui/material/FormControlLabel';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import { useState } from 'react';
import { Link, Title, useCreatePath, useDataProvider, useRefresh, useTranslate } from 'react-admin';
import { formatDateTime, newRequestId } from '../common/format';
import { useUiLocale } from '../common/useUiLocale';
import { commandErrorMessage } from '../projects/useProjectCommand';
import type { PhaseflowDataProvider } from '../providers/data-provider';
import type { InboxItem } from '../types';
import { ApproveConfirmDialog } from './ApproveConfirmDialog';
import { newestFirst, stageNameOf } from './InboxPage';
import { useInbox } from './useInbox';

type RowResult = { ok: true } | { ok: false; message: string };

interface ApprovalViewProps {
  item: InboxItem;
  result: RowResult | undefined;
  checked: boolean;
  disabled: boolean;
  onToggle: () => void;
}

const SelectBox = ({ item, checked, disabled, onToggle }: ApprovalViewProps) => (
  <Checkbox
    checked={checked}
    disabled={disabled}
    onChange={onToggle}
    slotProps={{ input: { 'aria-label': `${item.project!.code}`, 'data-testid': 'approval-select' } as object }}
  />
);

const ProjectLink = ({ item }: { item: InboxItem }) => {
  const createPath = useCreatePath();
  return (
    <Link to={createPath({ resource: 'projects', type: 'show', id: item.project!.id })}>
      {item.project!.code} {item.project!.title}
    </Link>
  );
};

const Outcome = ({ result }: { result: RowResult | undefined }) => {
  const translate = useTranslate();
  if (!result) return null;
  return (
    <Box data-testid="approval-result" data-ok={String(result.ok)}>
      {result.ok ? (
        <Chip size="small" color="success" label={translate('pf.approvals.approved')} />
      ) : (
        <Typography variant="body2" color="error">
          {result.message}
        </Typography>
      )}
    </Box>
  );
};

const ApprovalRow = (props: ApprovalViewProps) => {
  const locale = useUiLocale();
  const { item, result } = props;
  return (
    <TableRow data-testid="approval-row" data-project-id={item.project!.id}>
      <TableCell padding="checkbox">
        <SelectBox {...props} />
      </TableCell>
      <TableCell>
        <ProjectLink item={item} />
      </TableCell>
      <TableCell>{stageNameOf(item)}</TableCell>
      <TableCell>{formatDateTime(item.createdAt, locale)}</TableCell>
      <TableCell>
        <Outcome result={result} />
      </TableCell>
    </TableRow>
  );
};

/** One pending approval as a card, for a phone: a full-size checkbox beside the project, its stage and time. */
const ApprovalCard = (props: ApprovalViewProps) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const { item, result } = props;
  return (
    <Card variant="outlined" data-testid="approval-row" data-project-id={item.project!.id}>
      <Stack direction="row" sx={{ alignItems: 'flex-start', p: 0.5 }}>
        <SelectBox {...props} />
        <Box sx={{ py: 1, pr: 1, minWidth: 0, overflowWrap: 'anywhere' }}>
          <ProjectLink item={item} />
          <Typography variant="body2" color="text.secondary">
            {translate('pf.inbox.stage')}: {stageNameOf(item)} · {formatDateTime(item.createdAt, locale)}
          </Typography>
          <Box sx={{ mt: result ? 0.5 : 0 }}>
            <Outcome result={result} />
          </Box>
        </Box>
      </Stack>
    </Card>
  );
};

/**
 * The viewer's pending approvals; "approve selected" approves each chosen gate on its own,
 * one after the other, so one failure neither stops the rest nor leaves an item half done.
 */
export const ApprovalsPage = () => {
  const translate = useTranslate();
  const small = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const refresh = useRefresh();
  const { data, isPending, error } = useInbox();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [results, setResults] = useState<Map<string, RowResult>>(new Map());
  // rows stay visible with their outcome after approving, even once the inbox no longer lists them
  const [kept, setKept] = useState<Map<string, InboxItem>>(new Map());
  const [running, setRunning] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const pendingItems = newestFirst(
    (data?.items ?? []).filter((item) => item.kind === 'APPROVAL' && !item.resolvedAt && item.stageKey),
  );
  const rows = [...pendingItems, ...[...kept.values()].filter((item) => !pendingItems.some((row) => row.id === item.id))];
  const selectable = pendingItems.filter((item) => !results.get(item.id)?.ok);
  const allSelected = selectable.length > 0 && selectable.every((item) => selected.has(item.id));

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const toggleAll = () => setSelected(allSelected ? new Set() : new Set(selectable.map((item) => item.id)));

  const viewOf = (item: InboxItem): ApprovalViewProps => {
    const result = results.get(item.id);
    const done = Boolean(result?.ok) || !pendingItems.some((row) => row.id === item.id);
    return { item, result, checked: selected.has(item.id), disabled: running || done, onToggle: () => toggle(item.id) };
  };

  const chosenRows = rows.filter((item) => selected.has(item.id));

  const approveSelected = async () => {
    const chosen = chosenRows;
    setConfirming(false);
    setRunning(true);
    setKept(new Map(chosen.map((item) => [item.id, item])));
    for (const item of chosen) {
      let result: RowResult;
      try {
        await dataProvider.decideGate({
          projectId: item.project!.id,
          stageKey: item.stageKey as string,
          decision: 'APPROVE',
          requestId: newRequestId(),
        });
        result = { ok: true };
      } catch (failure) {
        result = { ok: false, message: translate(commandErrorMessage(failure)) };
      }
      setResults((current) => new Map(current).set(item.id, result));
    }
    setSelected(new Set());
    setRunning(false);
    refresh();
  };

  return (
    <Card sx={{ mt: 1 }}>
      <Title title={translate('pf.approvals.title')} />
      <CardContent sx={{ px: { xs: 1.5, sm: 2 } }}>
        <Stack spacing={2}>
          <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <Typography variant="h6" component="h1">
              {translate('pf.approvals.title')}
            </Typography>
            <Button
              variant="contained"
              color="success"
              disabled={running || selected.size === 0}
              onClick={() => setConfirming(true)}
              data-testid="approve-selected"
            >
              {translate('pf.approvals.approve_selected', { count: selected.size })}
            </Button>
          </Stack>
          <ApproveConfirmDialog items={chosenRows} open={confirming} onCancel={() => setConfirming(false)} onConfirm={approveSelected} />
          {(isPending || running) && <LinearProgress aria-label={translate('ra.page.loading')} />}
          {error && <Alert severity="error">{translate(commandErrorMessage(error))}</Alert>}
          {!isPending && rows.length === 0 && (
            <Typography color="text.secondary">{translate('pf.approvals.empty')}</Typography>
          )}
          {rows.length > 0 && small && (
            <Stack spacing={1} data-testid="approvals-cards">
              <FormControlLabel
                label={translate('pf.approvals.select_all')}
                control={
                  <Checkbox
                    checked={allSelected}
                    indeterminate={selected.size > 0 && !allSelected}
                    disabled={running || selectable.length === 0}
                    onChange={toggleAll}
                  />
                }
              />
              {rows.map((item) => (
                <ApprovalCard key={item.id} {...viewOf(item)} />
              ))}
            </Stack>
          )}
          {rows.length > 0 && !small && (
            <Table size="small" data-testid="approvals-table">
              <TableHead>
                <TableRow>
                  <TableCell padding="checkbox">
                    <Checkbox
                      checked={allSelected}
                      indeterminate={selected.size > 0 && !allSelected}
                      disabled={running || selectable.length === 0}
                      onChange={toggleAll}
                      slotProps={{ input: { 'aria-label': translate('pf.approvals.select_all') } }}
                    />
                  </TableCell>
                  <TableCell>{translate('pf.inbox.project')}</TableCell>
                  <TableCell>{translate('pf.inbox.stage')}</TableCell>
                  <TableCell>{translate('pf.inbox.time')}</TableCell>
                  <TableCell>{translate('pf.approvals.result')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map((item) => (
                  <ApprovalRow key={item.id} {...viewOf(item)} />
                ))}
              </TableBody>
            </Table>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
};
