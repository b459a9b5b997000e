import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useTranslate } from 'react-admin';
import type { PhaseflowDataProvider } from '../providers/data-provider';
import type { UnitKind } from '../types';

const BUILTIN_KINDS = ['COUNTY', 'TOWN', 'VILLAGE', 'COMMUNITY', 'DEPARTMENT', 'PARTY_COMMITTEE', 'BRANCH'];

/** The unit kinds the server knows (built-in and added by admins), named in the console's language. */
export const useUnitKinds = (): { kinds: UnitKind[]; nameOf: (key: string) => string } => {
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const translate = useTranslate();
  const { data } = useQuery({
    queryKey: ['unitKinds'],
    queryFn: ({ signal }) => dataProvider.getUnitKinds(signal),
    staleTime: 60_000,
    retry: false,
  });
  const kinds: UnitKind[] =
    data ??
    BUILTIN_KINDS.map((key, index) => ({
      key,
      name: translate(`pf.unitKind.${key}`, { _: key }),
      names: { zh: key, en: key },
      sortOrder: index,
      builtin: true,
    }));
  const byKey = new Map(kinds.map((kind) => [kind.key, kind.name]));
  return { kinds, nameOf: (key) => byKey.get(key) ?? translate(`pf.unitKind.${key}`, { _: key }) };
};
