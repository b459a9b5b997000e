import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { SimpleTreeView } from '@mui/x-tree-view/SimpleTreeView';
import { TreeItem } from '@mui/x-tree-view/TreeItem';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import type { Unit } from '../types';
import { buildUnitTree, initiallyExpanded, type UnitNode } from './unit-tree';

export interface UnitTreeProps {
  units: readonly Unit[];
  selected?: string | null;
  onSelect?: (unit: Unit) => void;
  /** Units that may not be picked stay in the tree (to reach their children) but cannot be selected. */
  isSelectable?: (unit: Unit) => boolean;
  /** Extra content after a unit's name (kind, sort order, state). */
  renderDetails?: (unit: Unit) => ReactNode;
  /** Every item carries `${testId}-item` and `data-unit-id`. */
  testId: string;
  /** Opens every branch (a search result). */
  expandAll?: boolean;
}

/** The unit tree as the API returns it: the principal's subtrees, under their ancestors (shown by name only). */
export const UnitTree = ({ units, selected, onSelect, isSelectable, renderDetails, testId, expandAll }: UnitTreeProps) => {
  const translate = useTranslate();
  const roots = useMemo(() => buildUnitTree(units), [units]);
  const [expanded, setExpanded] = useState<string[]>(() =>
    expandAll ? units.map((unit) => unit.id) : initiallyExpanded(units, selected),
  );
  const byId = useMemo(() => new Map(units.map((unit) => [unit.id, unit])), [units]);

  const renderNode = ({ unit, children }: UnitNode): ReactNode => {
    const selectable = isSelectable ? isSelectable(unit) : true;
    return (
      <TreeItem
        key={unit.id}
        itemId={unit.id}
        disableSelection={!selectable}
        data-testid={`${testId}-item`}
        data-unit-id={unit.id}
        data-unit-name={unit.names.en}
        data-selectable={selectable}
        label={
          <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', py: 0.25 }}>
            <Typography variant="body2" color={unit.inScope && selectable ? 'text.primary' : 'text.secondary'}>
              {unit.name}
            </Typography>
            {!unit.active && <Chip size="small" color="default" label={translate('pf.unit.inactive')} />}
            {renderDetails?.(unit)}
          </Stack>
        }
      >
        {children.map(renderNode)}
      </TreeItem>
    );
  };

  return (
    <SimpleTreeView
      data-testid={testId}
      expandedItems={expanded}
      onExpandedItemsChange={(_, ids) => setExpanded(ids)}
      selectedItems={selected ?? null}
      onSelectedItemsChange={(_, id) => {
        const unit = id ? byId.get(id) : undefined;
        if (unit && onSelect && (isSelectable ? isSelectable(unit) : true)) onSelect(unit);
      }}
      expansionTrigger="iconContainer"
    >
      {roots.map(renderNode)}
    </SimpleTreeView>
  );
};
