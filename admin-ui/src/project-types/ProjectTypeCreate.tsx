import { emptyDefinition } from './designer/definition-model';
import { ProjectTypeDesigner } from './designer/ProjectTypeDesigner';
import { AdminOnly } from './AdminOnly';

export const ProjectTypeCreate = () => (
  <AdminOnly>
    <ProjectTypeDesigner
      mode="create"
      start={{ definition: emptyDefinition(), issues: [], draftSaved: false, basedOnVersion: null }}
    />
  </AdminOnly>
);
