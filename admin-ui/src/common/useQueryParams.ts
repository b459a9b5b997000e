import { useCallback, useMemo } from 'react';
import { useLocation, useNavigate } from 'react-admin';

export type QueryParamChanges = Record<string, string | null | undefined>;

/**
 * The page's state kept in its URL (`?unit=…&month=…`), so that it survives a reload and the back
 * button walks it back. `update` pushes a history entry unless asked to replace the current one.
 */
export const useQueryParams = () => {
  const location = useLocation();
  const navigate = useNavigate();
  const params = useMemo(() => new URLSearchParams(location.search), [location.search]);
  const update = useCallback(
    (changes: QueryParamChanges, options: { replace?: boolean } = {}) => {
      const next = new URLSearchParams(location.search);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      const search = next.toString();
      navigate({ pathname: location.pathname, search: search ? `?${search}` : '' }, { replace: options.replace });
    },
    [location.pathname, location.search, navigate],
  );
  return [params, update] as const;
};
