import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as GraphQL from 'graphql';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPhaseflowSchema } from './schema';

// The same CommonJS graphql that type-graphql uses: an ESM copy would be another realm.
const { buildSchema, findBreakingChanges } = createRequire(__filename)('graphql') as typeof GraphQL;

describe('the published GraphQL contract (server/schema.graphql)', () => {
  it('matches the schema the server serves, in both directions', async () => {
    const served = await buildPhaseflowSchema();
    const contract = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema.graphql'), 'utf8'));
    // What the contract promises and the server lacks, and what the server serves that the contract does not document.
    expect(findBreakingChanges(contract, served).map((change) => change.description)).toEqual([]);
    expect(findBreakingChanges(served, contract).map((change) => change.description)).toEqual([]);
  });
});
