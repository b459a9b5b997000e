import type { MikroORM } from '@mikro-orm/postgresql';
import type { ProjectActivities } from '@phaseflow/workflows';
import { ProjectMemberSchema, ProjectSchema, UnitSchema } from '../db/entities';
import { recordProjectEvents } from '../db/read-model';
import { resolveProjectRoles } from '../org/org.service';

export function createActivities(orm: MikroORM): ProjectActivities {
  return {
    async persistProjectEvents(events) {
      await orm.em.fork().transactional((em) => recordProjectEvents(em, events));
    },
    async currentProjectRoles(projectId) {
      const em = orm.em.fork();
      const project = await em.findOneOrFail(ProjectSchema, { id: projectId });
      const unit = await em.findOneOrFail(UnitSchema, { id: project.unitId });
      const team = await em.find(ProjectMemberSchema, { projectId }, { orderBy: { userId: 'asc' } });
      const roles = await resolveProjectRoles(em, unit, {
        leadId: project.leadId,
        departmentId: project.departmentId,
        teamMemberIds: team.map((member) => member.userId),
      });
      // The read model keeps the roles the workflow now decides with.
      await em.nativeUpdate(ProjectSchema, { id: projectId }, { roles });
      return roles;
    },
  };
}
