import type { MikroORM } from '@mikro-orm/postgresql';
import type { ProjectActivities } from '@phaseflow/workflows';
import { recordProjectEvents } from '../db/read-model';

export function createActivities(orm: MikroORM): ProjectActivities {
  return {
    async persistProjectEvents(events) {
      await orm.em.fork().transactional((em) => recordProjectEvents(em, events));
    },
  };
}
