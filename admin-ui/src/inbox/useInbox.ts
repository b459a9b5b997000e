import { useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import type { PhaseflowDataProvider } from '../providers/data-provider';
import type { Inbox } from '../types';

export const INBOX_QUERY_KEY = ['phaseflow', 'myInbox'] as const;
const POLL_MS = 30_000;

/**
 * The viewer's inbox, newest first, polled every 30 s; every command's refresh invalidates all
 * queries, so it is fetched again after each mutation too.
 */
export const useInbox = () => {
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  return useQuery<Inbox>({
    queryKey: INBOX_QUERY_KEY,
    queryFn: ({ signal }) => dataProvider.getInbox(100, signal),
    refetchInterval: POLL_MS,
  });
};
