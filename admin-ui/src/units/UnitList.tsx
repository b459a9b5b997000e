import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { CreateButton, Title, TopToolbar, useGetList, useNavigate, useTranslate } from 'react-admin';
import { useViewerPermissions } from '../common/useViewerPermissions';
import type { Unit } from '../types';
import { AddUnitKindButton } from './AddUnitKindButton';
import { ancestorIdsOf } from './unit-tree';
import { UnitTree } from './UnitTree';
import { ALL_UNITS } from './UnitTreeInput';
import { useUnitKinds } from './useUnitKinds';

/** The units matching `query` (name in either language, or code), with their ancestors so they stay in place. */
const matching = (units: Unit[], query: string): Unit[] => {
  const needle = query.trim().toLowerCase();
  if (!needle) return units;
  const keep = new Set<string>();
  for (const unit of units) {
    if ([unit.name, unit.names.zh, unit.names.en, unit.code].some((text) => text?.toLowerCase().includes(needle))) {
      keep.add(unit.id);
      for (const id of ancestorIdsOf(units, unit.id)) keep.add(id);
    }
  }
  return units.filter((unit) => keep.has(unit.id));
};

/** The units as a tree (kind, code, sort order, state); a unit opens its page. */
export const UnitList = () => {
  const translate = useTranslate();
  const navigate = useNavigate();
  const permissions = useViewerPermissions();
  const { nameOf } = useUnitKinds();
  const { data: units = [], isPending } = useGetList<Unit>('units', ALL_UNITS);
  const [query, setQuery] = useState('');
  const shown = useMemo(() => matching(units, query), [units, query]);

  return (
    <Box>
      <Title title={translate('resources.units.name', { smart_count: 2 })} />
      <TopToolbar>
        {permissions?.manageOrganisation && <AddUnitKindButton />}
        {permissions?.manageUnits && <CreateButton data-testid="create-unit" />}
      </TopToolbar>
      <Card>
        <CardContent>
          <TextField
            size="small"
            label={translate('pf.unit.search')}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            sx={{ mb: 2, minWidth: 320 }}
            slotProps={{ htmlInput: { 'data-testid': 'unit-search' } }}
          />
          {isPending ? (
            <LinearProgress />
          ) : (
            <UnitTree
              // a search opens every branch that matched; clearing it starts over
              key={query.trim() ? `q:${query.trim()}` : 'all'}
              units={shown}
              expandAll={Boolean(query.trim())}
              testId="unit-tree"
              isSelectable={(unit) => unit.inScope}
              onSelect={(unit) => navigate(`/units/${encodeURIComponent(unit.id)}/show`)}
              renderDetails={(unit) => (
                <>
                  <Chip size="small" variant="outlined" label={nameOf(unit.kind)} />
                  <Typography variant="caption" color="text.secondary">
                    {translate('pf.unit.code_order', { code: unit.code, order: unit.sortOrder })}
                  </Typography>
                </>
              )}
            />
          )}
        </CardContent>
      </Card>
    </Box>
  );
};
