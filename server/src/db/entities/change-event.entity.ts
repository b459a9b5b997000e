import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** One change partners may follow (the change feed); `seq` is given at commit, in commit order. */
export const ChangeEventSchema = defineEntity({
  name: 'ChangeEvent',
  tableName: 'change_event',
  properties: {
    id: p.uuid().primary(),
    /** Null until the transaction commits; never written by the application. */
    seq: p.bigint('string').nullable().persist(false),
    kind: p.string(),
    projectId: p.uuid().nullable(),
    unitId: p.uuid().nullable(),
    typeKey: p.string().nullable(),
    stageKey: p.string().nullable(),
    actorId: p.uuid().nullable(),
    at: p.datetime(),
    payload: p.json<Record<string, unknown>>(),
  },
});

export type ChangeEvent = InferEntity<typeof ChangeEventSchema>;
