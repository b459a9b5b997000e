import { useRecordContext, useTranslate } from 'react-admin';
import type { Unit } from '../types';

export const UnitKindField = (_props: { source?: string; label?: string }) => {
  const unit = useRecordContext<Unit>();
  const translate = useTranslate();
  return unit ? <span>{translate(`pf.unitKind.${unit.kind}`, { _: unit.kind })}</span> : null;
};
