import MoveIcon from '@mui/icons-material/DriveFileMove';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useState } from 'react';
import { useDataProvider, useGetList, useTranslate } from 'react-admin';
import { useServerCall } from '../common/useServerCall';
import type { PhaseflowDataProvider } from '../providers/data-provider';
import type { Unit } from '../types';
import { ancestorIdsOf } from './unit-tree';
import { UnitTree } from './UnitTree';
import { ALL_UNITS } from './UnitTreeInput';

/** Moves a unit (with its whole subtree) under a new parent picked in the tree. */
export const MoveUnitButton = ({ unit }: { unit: Unit }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const { run, pending } = useServerCall();
  const [open, setOpen] = useState(false);
  const [parentId, setParentId] = useState<string | null>(null);
  const { data: units = [] } = useGetList<Unit>('units', ALL_UNITS, { enabled: open });
  // a unit cannot go under itself or its own subtree; the server refuses that too
  const mayBeParent = (candidate: Unit) =>
    candidate.viewerCan.manage &&
    candidate.active &&
    candidate.id !== unit.id &&
    candidate.id !== unit.parentId &&
    !ancestorIdsOf(units, candidate.id).includes(unit.id);

  const move = async () => {
    if (!parentId) return;
    const moved = await run(() => dataProvider.moveUnit(unit.id, parentId), 'pf.unitForm.moved');
    if (moved) setOpen(false);
  };

  return (
    <>
      <Button size="small" startIcon={<MoveIcon />} onClick={() => setOpen(true)} data-testid="move-unit">
        {translate('pf.unitForm.move')}
      </Button>
      <Dialog
        open={open}
        onClose={pending ? undefined : () => setOpen(false)}
        maxWidth="sm"
        fullWidth
        slotProps={{ transition: { onExited: () => setParentId(null) } }}
      >
        <DialogTitle>{translate('pf.unitForm.move_title', { name: unit.name })}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 1 }}>{translate('pf.unitForm.move_hint')}</DialogContentText>
          <Box sx={{ maxHeight: 420, overflow: 'auto' }}>
            {open && units.length > 0 && (
              <UnitTree
                units={units}
                selected={parentId}
                isSelectable={mayBeParent}
                onSelect={(picked) => setParentId(picked.id)}
                testId="move-unit-tree"
              />
            )}
          </Box>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} disabled={pending}>
            {translate('ra.action.cancel')}
          </Button>
          <Button variant="contained" onClick={() => void move()} disabled={pending || !parentId} data-testid="move-unit-confirm">
            {translate('pf.unitForm.move')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
