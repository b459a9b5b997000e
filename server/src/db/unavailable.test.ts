import { ConnectionException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './unavailable';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const named = (message: string, name: string) => Object.assign(new Error(message), { name });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), true],
    ['a reset connection', withCode('read ECONNRESET', 'ECONNRESET'), true],
    ['a socket timeout', withCode('timeout', 'ETIMEDOUT'), true],
    ['an administrator shutdown', withCode('terminating connection due to administrator command', '57P01'), true],
    ['the server starting up', withCode('the database system is starting up', '57P03'), true],
    ['a statement timeout', withCode('canceling statement due to statement timeout', '57014'), true],
    ['a connection failure class 08', withCode('connection failure', '08006'), true],
    ['too many connections', withCode('sorry, too many clients already', '53300'), true],
    ['an idle transaction timeout', withCode('terminating connection due to idle-in-transaction timeout', '25P03'), true],
    ['a client read timeout', new Error('Query read timeout'), true],
    ['a client read timeout as knex tells it', new Error('select 1 - Query read timeout'), true],
    ['a message that only mentions a timeout', new Error('the Query read timeout setting is wrong here'), false],
    ['a dropped connection', new Error('Connection terminated unexpectedly'), true],
    ['a connect timeout', new Error('Connection terminated due to connection timeout'), true],
    ['a pool timeout', named('Knex: Timeout acquiring a connection. The pool is probably full.', 'KnexTimeoutError'), true],
    ['MikroORM’s connection exception', new ConnectionException(new Error('x')), true],
    ['a wrapped cause', new Error('outer', { cause: withCode('inner', 'ECONNREFUSED') }), true],
    ['a GraphQL error around it', new GraphQLError('x', { originalError: withCode('y', '57P01') }), true],
    ['several addresses refused', new AggregateError([withCode('a', 'ECONNREFUSED')]), true],
    ['a unique violation', new UniqueConstraintViolationException(withCode('duplicate key', '23505')), false],
    ['a syntax error', withCode('syntax error', '42601'), false],
    ['a bug', new TypeError('x is undefined'), false],
    ['nothing', undefined, false],
  ])('%s → %s', (_name, error, expected) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });
});
