import type { MikroORM } from '@mikro-orm/postgresql';
import { ApplicationFailure } from '@temporalio/common';
import { PROJECT_NOT_RECORDED, type BulletinActivities, type ProjectActivities, type ProjectTypeDefinition, type ProjectTypeRef } from '@phaseflow/workflows';
import { GraphQLError } from 'graphql';
import { bulletinTargets, generateBulletin, notifyBulletinPublished } from '../bulletins/bulletin.service';
import { ProjectMemberSchema, ProjectSchema, ProjectTypeSchema, UnitSchema } from '../db/entities';
import { notifyPersistenceFailing, ProjectNotInReadModelError, recordProjectEvents } from '../db/read-model';
import { completeStart } from '../projects/project-start';
import { resolveProjectRoles } from '../org/org.service';
import { createLog } from '../log';
import type { Log } from '../runtime/lifecycle';

/** The failure type of openProject when the pinned version is gone or its content is not what the hash names. */
export const PROJECT_TYPE_MISMATCH = 'PROJECT_TYPE_MISMATCH';

/** Published definitions by content hash: PostgreSQL is read once per version and worker process (versions are immutable). */
const definitions = new Map<string, Promise<ProjectTypeDefinition>>();

async function loadDefinition(orm: MikroORM, type: ProjectTypeRef): Promise<ProjectTypeDefinition> {
  const row = await orm.em.fork().findOne(ProjectTypeSchema, { id: type.id }, { fields: ['definition', 'contentHash'] });
  if (!row || row.contentHash !== type.contentHash) {
    const found = row ? `its content hash is ${row.contentHash}` : 'it does not exist';
    throw ApplicationFailure.create({
      type: PROJECT_TYPE_MISMATCH,
      message: `project type ${type.key} v${type.version} (${type.id}) was pinned with content hash ${type.contentHash}, but ${found}`,
      nonRetryable: true,
    });
  }
  return row.definition;
}

/** The definition with this content hash, read at most once per process while it is found. */
export function pinnedDefinition(orm: MikroORM, type: ProjectTypeRef): Promise<ProjectTypeDefinition> {
  let definition = definitions.get(type.contentHash);
  if (!definition) {
    definition = loadDefinition(orm, type);
    definitions.set(type.contentHash, definition);
    definition.catch(() => definitions.delete(type.contentHash));
  }
  return definition;
}

export function createActivities(orm: MikroORM, log: Log = createLog()): ProjectActivities & BulletinActivities {
  return {
    ...bulletinActivities(orm, log),
    async persistProjectEvents(events, roles) {
      try {
        // One read and one guarded statement, no transaction around them (see recordProjectEvents).
        await recordProjectEvents(orm.em.fork(), events, roles ?? undefined);
      } catch (error) {
        // No row: the start completes it from its intent, or (no intent either) it never comes and the workflow ends.
        if (error instanceof ProjectNotInReadModelError && !(await completeStart(orm.em.fork(), error.projectId))) {
          throw ApplicationFailure.create({ type: PROJECT_NOT_RECORDED, message: error.message, nonRetryable: true });
        }
        throw error;
      }
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
    async projectRecorded(projectId) {
      return recordedOrCompleted(orm, projectId);
    },
    async openProject({ projectId, type, checkRecorded }) {
      const [definition, recorded] = await Promise.all([pinnedDefinition(orm, type), checkRecorded ? recordedOrCompleted(orm, projectId) : true]);
      return { definition, recorded };
    },
    async reportPersistenceFailing({ projectId, attempts, rounds, message }) {
      log.error(`persisting project ${projectId} keeps failing (${attempts} attempts in ${rounds} round(s)); the workflow keeps the change and retries later: ${message}`);
      try {
        const opened = await orm.em.fork().transactional((em) => notifyPersistenceFailing(em, projectId));
        if (opened > 0) log.warn(`told ${opened} admin(s) of project ${projectId} that its records are not being written`);
      } catch (error) {
        // The database that fails the writes may fail the alert too: the log line stands, the next round tries again.
        log.warn(`could not write the persistence alert for project ${projectId}: ${(error as Error).message}`);
      }
    },
  };
}

/**
 * The first step of a project's workflow: whether its row exists, writing it from the start's intent
 * should the API not have yet. Usually it has: a row once written stays, so one read answers, without
 * the start's transaction.
 */
async function recordedOrCompleted(orm: MikroORM, projectId: string): Promise<boolean> {
  const em = orm.em.fork();
  const [written] = await em.getConnection().execute<{ found: number }[]>('select 1 as found from project where id = ?', [projectId]);
  return written ? true : completeStart(em, projectId);
}

export function bulletinActivities(orm: MikroORM, log: Log = createLog()): BulletinActivities {
  return {
    async bulletinTargets({ levels }) {
      return bulletinTargets(orm.em.fork(), levels);
    },
    async generateBulletin(input) {
      try {
        const { bulletin, created } = await orm.em.fork().transactional((em) => generateBulletin(em, { ...input, generatedBy: null }));
        if (created) log.info(`generated the ${input.level} bulletin of ${input.month} for type ${input.typeKey}`);
        return { bulletinId: bulletin.id, created };
      } catch (error) {
        // Bad input (a month not ended, not a month) stays bad: retrying cannot help.
        if (error instanceof GraphQLError) throw ApplicationFailure.create({ type: 'BULLETIN_INVALID', message: error.message, nonRetryable: true });
        throw error;
      }
    },
    async notifyBulletinPublished(bulletinId) {
      return orm.em.fork().transactional((em) => notifyBulletinPublished(em, bulletinId));
    },
  };
}
