import { Allowed } from '../common/Allowed';
import { emptyDefinition } from './designer/definition-model';
import { ProjectTypeDesigner } from './designer/ProjectTypeDesigner';

export const ProjectTypeCreate = () => (
  <Allowed permission="designTypes">
    <ProjectTypeDesigner
      mode="create"
      start={{ definition: emptyDefinition(), issues: [], draftSaved: false, basedOnVersion: null }}
    />
  </Allowed>
);
