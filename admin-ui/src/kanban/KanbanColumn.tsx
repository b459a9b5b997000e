import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { commandErrorMessage } from '../projects/useProjectCommand';
import { KanbanCard } from './KanbanCard';
import { useKanbanColumn, type KanbanColumnFilter } from './useKanbanColumn';

export interface KanbanColumnProps {
  columnKey: string;
  title: string;
  filter: KanbanColumnFilter;
  /** A collapsed column shows its count only until opened (the completed projects). */
  collapsed?: boolean;
}

/** One column of the board: its count, the first page of cards and "load more" for the next. */
export const KanbanColumn = ({ columnKey, title, filter, collapsed = false }: KanbanColumnProps) => {
  const translate = useTranslate();
  const [open, setOpen] = useState(!collapsed);
  const column = useKanbanColumn(filter, { cards: open });
  const headingId = `kanban-column-${columnKey}-title`;
  return (
    <Paper
      component="section"
      variant="outlined"
      aria-labelledby={headingId}
      data-testid="kanban-column"
      data-column-key={columnKey}
      data-count={column.totalCount ?? ''}
      data-loaded={column.cards.length}
      data-fetching={column.isFetching ? 'true' : 'false'}
      sx={{ p: 1, bgcolor: 'grey.50', display: 'flex', flexDirection: 'column', minWidth: 0, gap: 1 }}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', justifyContent: 'space-between', px: 0.5 }}>
        <Typography id={headingId} variant="subtitle2" component="h2">
          {title}
        </Typography>
        <Chip
          size="small"
          label={column.totalCount ?? '…'}
          aria-label={translate('pf.kanban.count', { count: column.totalCount ?? 0 })}
          data-testid="kanban-column-count"
        />
      </Stack>
      {column.isPending && <LinearProgress />}
      {column.error && <Alert severity="error">{translate(commandErrorMessage(column.error))}</Alert>}
      {open && (
        <Stack spacing={1} sx={{ maxHeight: { md: '70vh' }, overflowY: { md: 'auto' } }}>
          {column.cards.map((card) => (
            <KanbanCard key={card.id} card={card} />
          ))}
          {!column.isPending && column.cards.length === 0 && (
            <Typography variant="body2" color="text.secondary" sx={{ px: 0.5 }}>
              {translate('pf.kanban.empty')}
            </Typography>
          )}
        </Stack>
      )}
      {open && column.hasNextPage && (
        <Button
          size="small"
          onClick={() => void column.fetchNextPage()}
          disabled={column.isFetchingNextPage}
          data-testid="kanban-load-more"
        >
          {translate('pf.kanban.load_more', {
            shown: column.cards.length,
            total: column.totalCount ?? column.cards.length,
          })}
        </Button>
      )}
      {!open && Boolean(column.totalCount) && (
        <Button size="small" onClick={() => setOpen(true)} data-testid="kanban-expand">
          {translate('pf.kanban.show_cards')}
        </Button>
      )}
    </Paper>
  );
};
