import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { Link, Title, useCreatePath, useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import { formatDateTime } from '../common/format';
import { useUiLocale } from '../common/useUiLocale';
import { commandErrorMessage } from '../projects/useProjectCommand';
import type { PhaseflowDataProvider } from '../providers/data-provider';
import type { InboxItem, InboxKind } from '../types';
import { useInbox } from './useInbox';

const KIND_COLOR: Record<InboxKind, 'info' | 'warning' | 'error' | 'secondary'> = {
  APPROVAL: 'info',
  RETURNED: 'secondary',
  REJECTED: 'error',
  WARNING: 'warning',
  OVERDUE: 'error',
  SIGNER_DEACTIVATED: 'warning',
  PERSISTENCE_FAILING: 'error',
  BULLETIN_PUBLISHED: 'info',
};

export const stageNameOf = (item: InboxItem): string =>
  item.stageKey ? (item.project?.stages?.find((stage) => stage.key === item.stageKey)?.name ?? item.stageKey) : '';

export const newestFirst = (items: InboxItem[]): InboxItem[] =>
  [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

/** The viewer's inbox: what needs their attention, newest first, with read state. */
export const InboxPage = () => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const createPath = useCreatePath();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const { data, isPending, error } = useInbox();
  const [busy, setBusy] = useState(false);

  const markRead = async (ids: string[] | 'all') => {
    setBusy(true);
    try {
      await dataProvider.markInboxRead(ids);
      refresh();
    } catch (failure) {
      notify(commandErrorMessage(failure), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const items = newestFirst(data?.items ?? []);
  return (
    <Card sx={{ mt: 1 }}>
      <Title title={translate('pf.inbox.title')} />
      <CardContent>
        <Stack spacing={2}>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <Typography variant="h6" component="h1">
              {translate('pf.inbox.title')}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {translate('pf.inbox.unread', { count: data?.unreadCount ?? 0 })}
            </Typography>
            <Button
              size="small"
              variant="outlined"
              disabled={busy || !data?.unreadCount}
              onClick={() => markRead('all')}
              data-testid="mark-all-read"
            >
              {translate('pf.inbox.mark_all_read')}
            </Button>
          </Stack>
          {isPending && <LinearProgress aria-label={translate('ra.page.loading')} />}
          {error && <Alert severity="error">{translate(commandErrorMessage(error))}</Alert>}
          {!isPending && items.length === 0 && (
            <Typography color="text.secondary">{translate('pf.inbox.empty')}</Typography>
          )}
          {items.length > 0 && (
            <Table size="small" data-testid="inbox-table">
              <TableHead>
                <TableRow>
                  <TableCell>{translate('pf.inbox.kind')}</TableCell>
                  <TableCell>{translate('pf.inbox.project')}</TableCell>
                  <TableCell>{translate('pf.inbox.stage')}</TableCell>
                  <TableCell>{translate('pf.inbox.time')}</TableCell>
                  <TableCell>{translate('pf.inbox.state')}</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {items.map((item) => {
                  const unread = !item.readAt;
                  return (
                    <TableRow
                      key={item.id}
                      data-testid="inbox-item"
                      data-kind={item.kind}
                      data-read={unread ? 'false' : 'true'}
                      sx={{ '& td': { fontWeight: unread ? 600 : undefined } }}
                    >
                      <TableCell>
                        <Chip
                          size="small"
                          color={KIND_COLOR[item.kind] ?? 'default'}
                          label={translate(`pf.inboxKind.${item.kind}`, { _: item.kind })}
                        />
                      </TableCell>
                      <TableCell>
                        {item.project ? (
                          <Link to={createPath({ resource: 'projects', type: 'show', id: item.project.id })}>
                            {item.project.code} {item.project.title}
                          </Link>
                        ) : item.bulletin ? (
                          <Link to={`/bulletins/${item.bulletin.id}/show`} data-testid="inbox-bulletin-link">
                            {translate('pf.bulletins.inbox_item', { month: item.bulletin.month, type: item.bulletin.typeName })}
                          </Link>
                        ) : null}
                        {item.decision && (
                          <Typography
                            variant="body2"
                            color="text.secondary"
                            sx={{ mt: 0.5, whiteSpace: 'pre-wrap', fontWeight: 'normal' }}
                            data-testid="inbox-reason"
                          >
                            {translate('pf.inbox.reason', {
                              name: item.decision.decidedBy.name,
                              comment: item.decision.comment || translate('pf.gate.no_comment'),
                            })}
                          </Typography>
                        )}
                      </TableCell>
                      <TableCell>{stageNameOf(item)}</TableCell>
                      <TableCell>{formatDateTime(item.createdAt, locale)}</TableCell>
                      <TableCell>
                        {translate(unread ? 'pf.inbox.unread_state' : 'pf.inbox.read_state')}
                        {item.resolvedAt ? ` · ${translate('pf.inbox.resolved')}` : ''}
                      </TableCell>
                      <TableCell align="right">
                        {unread && (
                          <Button
                            size="small"
                            disabled={busy}
                            onClick={() => markRead([item.id])}
                            data-testid="mark-read"
                          >
                            {translate('pf.inbox.mark_read')}
                          </Button>
                        )}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
};
