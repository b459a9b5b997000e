import { usePermissions } from 'react-admin';
import type { RoleAssignment } from '../types';

/** Whether the signed-in user is an administrator of some unit (`me.roles`); undefined while loading. */
export const useIsAdmin = (): boolean | undefined => {
  const { permissions, isPending } = usePermissions<RoleAssignment[]>();
  if (isPending) return undefined;
  return Array.isArray(permissions) && permissions.some((assignment) => assignment.role === 'ADMIN');
};
