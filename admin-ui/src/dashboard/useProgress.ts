import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import type { PhaseflowDataProvider, ProgressArgs } from '../providers/data-provider';

/** The figures of the part of the tree the dashboard shows; the previous figures stay while the next load. */
export const useProgress = (args: ProgressArgs, enabled: boolean) => {
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  return useQuery({
    queryKey: ['phaseflow', 'progress', args],
    queryFn: ({ signal }) => dataProvider.getProgress(args, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
};

/** One type's stage counts for the same part of the tree. */
export const useStageProgress = (args: ProgressArgs, enabled: boolean) => {
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  return useQuery({
    queryKey: ['phaseflow', 'progress-stages', args],
    queryFn: ({ signal }) => dataProvider.getStageProgress(args, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
};
