import Alert from '@mui/material/Alert';
import LinearProgress from '@mui/material/LinearProgress';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useLocation, useParams, useTranslate } from 'react-admin';
import { Allowed } from '../common/Allowed';
import { parseProjectTypeId, type PhaseflowDataProvider } from '../providers/data-provider';
import type { ProjectTypeDraft } from '../types';
import { ProjectTypeDesigner, type DesignerStart } from './designer/ProjectTypeDesigner';

/** Opens the draft of a type, or starts one from its newest version (saved only when the user saves). */
const EditDesigner = ({ typeKey }: { typeKey: string }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PhaseflowDataProvider>();
  // the designer that just created this draft hands it over, so nothing flickers while it is fetched again
  const handedOver = (useLocation().state as { draft?: ProjectTypeDraft } | null)?.draft;
  const loaded = useQuery({
    queryKey: ['projectTypeDesigner', typeKey],
    queryFn: ({ signal }) => dataProvider.getProjectTypeForDesigner(typeKey, signal),
    enabled: !handedOver || handedOver.key !== typeKey,
    gcTime: 0,
    staleTime: 0,
    refetchOnWindowFocus: false,
  });

  let start: DesignerStart | undefined;
  if (handedOver && handedOver.key === typeKey) {
    start = { definition: handedOver.definition, issues: handedOver.issues, draftSaved: true, basedOnVersion: handedOver.basedOnVersion };
  } else if (loaded.data?.draft) {
    const { draft, published } = loaded.data;
    start = {
      definition: draft.definition,
      issues: draft.issues,
      draftSaved: true,
      basedOnVersion: draft.basedOnVersion ?? published?.version ?? null,
      status: published?.status,
    };
  } else if (loaded.data?.published) {
    const { published } = loaded.data;
    start = {
      definition: published.definition,
      issues: [],
      draftSaved: false,
      basedOnVersion: published.version,
      status: published.status,
    };
  }

  if (!start && loaded.isPending) return <LinearProgress sx={{ mt: 2 }} />;
  if (!start && loaded.isError) return <Alert severity="error" sx={{ mt: 2 }}>{(loaded.error as Error).message}</Alert>;
  if (!start) return <Alert severity="warning" sx={{ mt: 2 }}>{translate('pf.designer.not_found', { key: typeKey })}</Alert>;
  return <ProjectTypeDesigner key={typeKey} mode="edit" start={start} />;
};

export const ProjectTypeEdit = () => {
  const { id = '' } = useParams<{ id: string }>();
  return (
    <Allowed permission="designTypes">
      <EditDesigner typeKey={parseProjectTypeId(id).key} />
    </Allowed>
  );
};
