import { useInfiniteQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import type { PhaseflowDataProvider } from '../providers/data-provider';
import type { ProjectCard, ProjectStatus } from '../types';

/** Cards per page of a column: a column never holds more than it has been asked to load. */
export const KANBAN_PAGE_SIZE = 20;
const REUSE_MS = 30_000;

export interface KanbanColumnFilter {
  typeKey: string;
  /** A stage's column: the active projects standing at this stage. */
  stageKey?: string;
  status: ProjectStatus;
  unitId?: string;
  search?: string;
}

/**
 * One kanban column, page by page through the `projects` cursor; `first: 0` asks only for the
 * count (a collapsed column).
 */
export const useKanbanColumn = (filter: KanbanColumnFilter, options: { cards: boolean }) => {
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  const query = useInfiniteQuery({
    queryKey: ['phaseflow', 'kanban', filter, options.cards],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      dataProvider.getProjectCards(
        {
          first: options.cards ? KANBAN_PAGE_SIZE : 0,
          after: pageParam,
          filter: Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined && value !== '')),
          orderBy: { field: 'CODE', direction: 'ASC' },
        },
        signal,
      ),
    getNextPageParam: (last) => (last.hasNextPage && last.endCursor ? last.endCursor : null),
    // back from a project within this time, the board is as it was left, without refetching every page loaded
    staleTime: REUSE_MS,
  });
  const cards: ProjectCard[] = query.data?.pages.flatMap((page) => page.cards) ?? [];
  const totalCount = query.data?.pages[0]?.totalCount ?? undefined;
  return { ...query, cards, totalCount };
};
