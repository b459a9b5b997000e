import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { LinkBase, useTranslate } from 'react-admin';
import { useUiLocale } from '../common/useUiLocale';
import type { ProgressFigures } from '../types';
import { projectListPath } from './dashboard-model';
import { formatRate } from './format';

type TileKey = 'total' | 'completion' | 'overdue' | 'warning' | 'due7';
type Accent = 'primary' | 'success' | 'error' | 'warning' | 'info';

interface TileProps {
  tile: TileKey;
  label: string;
  value: string;
  /** The raw number, for tests and for screen readers. */
  rawValue: number;
  accent: Accent;
  caption?: string;
  /** Where the tile leads: the project list with the matching filters. */
  to?: string;
}

const Tile = ({ tile, label, value, rawValue, accent, caption, to }: TileProps) => {
  const body: ReactNode = (
    <CardContent sx={{ p: 1.5, '&:last-child': { pb: 1.5 } }}>
      <Typography variant="body2" color="text.secondary" component="h3">
        {label}
      </Typography>
      <Typography variant="h4" component="p" sx={{ fontWeight: 600, lineHeight: 1.3 }} data-testid="dashboard-tile-value">
        {value}
      </Typography>
      {caption && (
        <Typography variant="caption" color="text.secondary">
          {caption}
        </Typography>
      )}
    </CardContent>
  );
  return (
    <Card
      variant="outlined"
      data-testid="dashboard-tile"
      data-tile={tile}
      data-value={rawValue}
      sx={{ borderLeft: 4, borderLeftColor: `${accent}.main`, minWidth: 0 }}
    >
      {to ? (
        <CardActionArea component={LinkBase} to={to} sx={{ height: '100%' }}>
          {body}
        </CardActionArea>
      ) : (
        body
      )}
    </Card>
  );
};

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** The project list's filter for "due within 7 days": the current stage due in the week from now. */
export const dueWithin7Days = (now: Date): { dueAfter: string; dueBefore: string } => ({
  dueAfter: now.toISOString(),
  dueBefore: new Date(now.getTime() + WEEK_MS).toISOString(),
});

export interface ProgressTilesProps {
  figures: ProgressFigures;
  unitId?: string;
  typeKey?: string;
  /** Tiles lead to the project list only for the current month: the list shows today. */
  linked: boolean;
}

/** Projects, % complete, overdue, warning and due within 7 days of the part of the tree shown. */
export const ProgressTiles = ({ figures, unitId, typeKey, linked }: ProgressTilesProps) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const link = (filter: Record<string, string>) => (linked ? projectListPath({ unitId, typeKey, ...filter }) : undefined);
  return (
    <Box
      component="section"
      aria-label={translate('pf.dashboard.title')}
      sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))' }}
    >
      <Tile tile="total" label={translate('pf.dashboard.tiles.total')} value={String(figures.total)} rawValue={figures.total} accent="primary" to={link({})} />
      <Tile
        tile="completion"
        label={translate('pf.dashboard.tiles.completion')}
        value={formatRate(figures.completionRate, locale)}
        rawValue={figures.completionRate}
        accent="success"
        caption={translate('pf.dashboard.tiles.completion_detail', { completed: figures.completed, total: figures.total })}
        to={link({ status: 'COMPLETED' })}
      />
      <Tile
        tile="overdue"
        label={translate('pf.dashboard.tiles.overdue')}
        value={String(figures.overdue)}
        rawValue={figures.overdue}
        accent="error"
        to={link({ flag: 'OVERDUE' })}
      />
      <Tile
        tile="warning"
        label={translate('pf.dashboard.tiles.warning')}
        value={String(figures.warning)}
        rawValue={figures.warning}
        accent="warning"
        to={link({ flag: 'WARNING' })}
      />
      <Tile
        tile="due7"
        label={translate('pf.dashboard.tiles.due7')}
        value={String(figures.dueWithin7Days)}
        rawValue={figures.dueWithin7Days}
        accent="info"
        to={link({ status: 'ACTIVE', ...dueWithin7Days(new Date()) })}
      />
    </Box>
  );
};
