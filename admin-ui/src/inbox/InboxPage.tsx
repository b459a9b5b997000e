import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
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
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
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
  WEBHOOK_PAUSED: 'error',
};

export const stageNameOf = (item: InboxItem): string =>
  item.stageKey ? (item.project?.stages?.find((stage) => stage.key === item.stageKey)?.name ?? item.stageKey) : '';

export const newestFirst = (items: InboxItem[]): InboxItem[] =>
  [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

/** What an item is about: its project (or bulletin), and for work sent back, who sent it and why. */
const ItemSubject = ({ item }: { item: InboxItem }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  return (
    <>
      {item.project ? (
        <Link to={createPath({ resource: 'projects', type: 'show', id: item.project.id })}>
          {item.project.code} {item.project.title}
        </Link>
      ) : item.bulletin ? (
        <Link to={`/bulletins/${item.bulletin.id}/show`} data-testid="inbox-bulletin-link">
          {translate('pf.bulletins.inbox_item', { month: item.bulletin.month, type: item.bulletin.typeName })}
        </Link>
      ) : item.webhookSubscription ? (
        <Link to={createPath({ resource: 'webhooks', type: 'show', id: item.webhookSubscription.id })} data-testid="inbox-webhook-link">
          {translate('pf.webhook.inbox_item', { name: item.webhookSubscription.name })}
        </Link>
      ) : null}
      {item.decision && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5, whiteSpace: 'pre-wrap', fontWeight: 'normal' }} data-testid="inbox-reason">
          {translate('pf.inbox.reason', {
            name: item.decision.decidedBy.name,
            comment: item.decision.comment || translate('pf.gate.no_comment'),
          })}
        </Typography>
      )}
    </>
  );
};

const KindChip = ({ item }: { item: InboxItem }) => {
  const translate = useTranslate();
  return <Chip size="small" color={KIND_COLOR[item.kind] ?? 'default'} label={translate(`pf.inboxKind.${item.kind}`, { _: item.kind })} />;
};

const readState = (item: InboxItem, translate: (key: string) => string): string =>
  `${translate(item.readAt ? 'pf.inbox.read_state' : 'pf.inbox.unread_state')}${item.resolvedAt ? ` · ${translate('pf.inbox.resolved')}` : ''}`;

interface ItemViewProps {
  item: InboxItem;
  busy: boolean;
  onMarkRead: () => void;
}

const MarkReadButton = ({ item, busy, onMarkRead, size }: ItemViewProps & { size: 'small' | 'medium' }) => {
  const translate = useTranslate();
  if (item.readAt) return null;
  return (
    <Button size={size} disabled={busy} onClick={onMarkRead} data-testid="mark-read">
      {translate('pf.inbox.mark_read')}
    </Button>
  );
};

const InboxRow = (props: ItemViewProps) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const { item } = props;
  return (
    <TableRow data-testid="inbox-item" data-kind={item.kind} data-read={item.readAt ? 'true' : 'false'} sx={{ '& td': { fontWeight: item.readAt ? undefined : 600 } }}>
      <TableCell>
        <KindChip item={item} />
      </TableCell>
      <TableCell>
        <ItemSubject item={item} />
      </TableCell>
      <TableCell>{stageNameOf(item)}</TableCell>
      <TableCell>{formatDateTime(item.createdAt, locale)}</TableCell>
      <TableCell>{readState(item, translate)}</TableCell>
      <TableCell align="right">
        <MarkReadButton {...props} size="small" />
      </TableCell>
    </TableRow>
  );
};

/** One item as a card, for a phone: the kind and time, what it is about, the stage, and a full-size button. */
const InboxCard = (props: ItemViewProps) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const { item } = props;
  const stage = stageNameOf(item);
  return (
    <Card
      variant="outlined"
      data-testid="inbox-item"
      data-kind={item.kind}
      data-read={item.readAt ? 'true' : 'false'}
      sx={{ borderLeft: 4, borderLeftColor: item.readAt ? 'divider' : 'primary.main' }}
    >
      <CardContent sx={{ p: 1.5, '&:last-child': { pb: 1 } }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
          <KindChip item={item} />
          <Typography variant="caption" color="text.secondary">
            {formatDateTime(item.createdAt, locale)}
          </Typography>
        </Stack>
        <Box sx={{ mt: 1, fontWeight: item.readAt ? undefined : 600, overflowWrap: 'anywhere' }}>
          <ItemSubject item={item} />
        </Box>
        {stage && (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
            {translate('pf.inbox.stage')}: {stage}
          </Typography>
        )}
        <Stack direction="row" spacing={1} sx={{ mt: 0.5, alignItems: 'center', justifyContent: 'space-between', minHeight: 44 }}>
          <Typography variant="body2" color="text.secondary">
            {readState(item, translate)}
          </Typography>
          <MarkReadButton {...props} size="medium" />
        </Stack>
      </CardContent>
    </Card>
  );
};

/** The viewer's inbox: what needs their attention, newest first, with read state; cards on a phone. */
export const InboxPage = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const small = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
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
      <CardContent sx={{ px: { xs: 1.5, sm: 2 } }}>
        <Stack spacing={2}>
          <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <Typography variant="h6" component="h1">
              {translate('pf.inbox.title')}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {translate('pf.inbox.unread', { count: data?.unreadCount ?? 0 })}
            </Typography>
            <Button
              size={small ? 'medium' : 'small'}
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
          {!isPending && items.length === 0 && <Typography color="text.secondary">{translate('pf.inbox.empty')}</Typography>}
          {items.length > 0 && small && (
            <Stack spacing={1} data-testid="inbox-cards">
              {items.map((item) => (
                <InboxCard key={item.id} item={item} busy={busy} onMarkRead={() => markRead([item.id])} />
              ))}
            </Stack>
          )}
          {items.length > 0 && !small && (
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
                {items.map((item) => (
                  <InboxRow key={item.id} item={item} busy={busy} onMarkRead={() => markRead([item.id])} />
                ))}
              </TableBody>
            </Table>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
};
