import { SelectInput, useTranslate, type SelectInputProps } from 'react-admin';
import type { UnitRole } from '../types';

export const UNIT_ROLES: UnitRole[] = ['ADMIN', 'OPERATOR', 'APPROVER', 'VIEWER'];

export const useRoleChoices = () => {
  const translate = useTranslate();
  return UNIT_ROLES.map((role) => ({ id: role, name: translate(`pf.unitRole.${role}`) }));
};

export const RoleSelectInput = (props: SelectInputProps) => <SelectInput choices={useRoleChoices()} {...props} />;
