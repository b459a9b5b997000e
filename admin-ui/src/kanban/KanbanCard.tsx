import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { LinkBase, useCreatePath, useTranslate } from 'react-admin';
import { formatDate } from '../common/format';
import { useUiLocale } from '../common/useUiLocale';
import { FlagChip } from '../projects/StatusChips';
import type { ProjectCard } from '../types';

/** A project on the board: code, title, unit, the current stage's due date and its flag; opens the project. */
export const KanbanCard = ({ card }: { card: ProjectCard }) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const createPath = useCreatePath();
  const dueAt = card.currentStage?.dueAt;
  return (
    <Card variant="outlined" data-testid="kanban-card" data-project-id={card.id} data-code={card.code} data-unit-id={card.unit.id}>
      <CardActionArea component={LinkBase} to={createPath({ resource: 'projects', type: 'show', id: card.id })}>
        <CardContent sx={{ p: 1.5, '&:last-child': { pb: 1.5 } }}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 0.5 }}>
            <Typography variant="caption" color="text.secondary" sx={{ fontFamily: 'monospace' }}>
              {card.code}
            </Typography>
            {card.flag && <FlagChip flag={card.flag} />}
          </Stack>
          <Typography variant="body2" sx={{ fontWeight: 500, overflowWrap: 'anywhere' }}>
            {card.title}
          </Typography>
          <Stack direction="row" spacing={1} sx={{ justifyContent: 'space-between', mt: 0.5, flexWrap: 'wrap' }}>
            <Typography variant="caption" color="text.secondary">
              {card.unit.name}
            </Typography>
            {dueAt && (
              <Typography variant="caption" color={card.currentStage?.overdue ? 'error' : 'text.secondary'} data-testid="kanban-card-due">
                {translate('pf.kanban.due', { date: formatDate(dueAt, locale) })}
              </Typography>
            )}
          </Stack>
        </CardContent>
      </CardActionArea>
    </Card>
  );
};
