import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import contract from '../../../server/schema.graphql?raw';
import * as documents from './documents';

// the console's queries are hand-written: each must stay valid against the hand-written contract
const schema = buildSchema(contract);

describe('the console documents', () => {
  it.each(Object.entries(documents))('%s is valid against server/schema.graphql', (_name, text) => {
    expect(validate(schema, parse(text)).map((error) => error.message)).toEqual([]);
  });
});
