import { usePermissions } from 'react-admin';
import type { ViewerPermissions } from '../types';

/** What the server allows the signed-in principal anywhere (`myPermissions`); undefined while loading. */
export const useViewerPermissions = (): ViewerPermissions | undefined => {
  const { permissions, isPending } = usePermissions<ViewerPermissions>();
  if (isPending || !permissions) return undefined;
  return permissions;
};
