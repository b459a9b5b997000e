import { SelectInput, useGetList, useListFilterContext } from 'react-admin';
import type { ProjectType } from '../types';

/** Stage choices from the project types; narrowed to one type when the type filter is set. */
export const StageKeyFilterInput = ({ source }: { source: string }) => {
  const { filterValues } = useListFilterContext();
  const { data: types = [], isPending } = useGetList<ProjectType>('projectTypes', {
    pagination: { page: 1, perPage: 1000 },
    sort: { field: 'key', order: 'ASC' },
  });
  const chosenTypes = filterValues.typeKey ? types.filter((type) => type.key === filterValues.typeKey) : types;
  const choices = new Map<string, string>();
  for (const type of chosenTypes) {
    for (const stage of type.stages) if (!choices.has(stage.key)) choices.set(stage.key, stage.name);
  }
  return (
    <SelectInput
      source={source}
      isPending={isPending}
      choices={[...choices].map(([id, name]) => ({ id, name }))}
    />
  );
};
