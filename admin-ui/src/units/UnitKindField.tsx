import { useRecordContext } from 'react-admin';
import type { Unit } from '../types';
import { useUnitKinds } from './useUnitKinds';

export const UnitKindField = (_props: { source?: string; label?: string }) => {
  const unit = useRecordContext<Unit>();
  const { nameOf } = useUnitKinds();
  return unit ? <span>{nameOf(unit.kind)}</span> : null;
};
