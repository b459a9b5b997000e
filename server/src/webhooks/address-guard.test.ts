import { describe, expect, it } from 'vitest';
import { checkTarget, EMPTY_ALLOW_LIST, guardedLookup, parseAllowList, RefusedTargetError, refusedRange } from './address-guard';

describe('the webhook address guard', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.10', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['2002:a00:1::1', '6to4'],
  ])('refuses %s (%s)', (address, range) => {
    expect(refusedRange(address, EMPTY_ALLOW_LIST)).toBe(range);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('lets the public %s through', (address) => {
    expect(refusedRange(address, EMPTY_ALLOW_LIST)).toBeNull();
  });

  it('lets allow-listed addresses and ranges through, and only those', () => {
    const allow = parseAllowList('127.0.0.1, 10.20.0.0/16, fd00::/8, hooks.internal');
    expect(refusedRange('127.0.0.1', allow)).toBeNull();
    expect(refusedRange('::ffff:127.0.0.1', allow)).toBeNull();
    expect(refusedRange('127.0.0.2', allow)).toBe('loopback');
    expect(refusedRange('10.20.255.1', allow)).toBeNull();
    expect(refusedRange('10.21.0.1', allow)).toBe('private');
    expect(refusedRange('fd00::5', allow)).toBeNull();
    expect(refusedRange('fc00::5', allow)).toBe('uniqueLocal');
    expect(allow.hosts).toEqual(new Set(['hooks.internal']));
  });

  it.each([['10.0.0.0/33'], ['not a host!'], ['300.1.1.1/8']])('refuses the allow-list entry %s', (entry) => {
    expect(() => parseAllowList(entry)).toThrow();
  });

  it('checks every address a name resolves to, unless the allow-list names the host', async () => {
    await expect(checkTarget('localhost', EMPTY_ALLOW_LIST)).rejects.toBeInstanceOf(RefusedTargetError);
    await expect(checkTarget('127.0.0.1', EMPTY_ALLOW_LIST)).rejects.toThrow(/127\.0\.0\.1 \(loopback\)/);
    await expect(checkTarget('[::1]'.slice(1, -1), EMPTY_ALLOW_LIST)).rejects.toThrow(/loopback/);
    await expect(checkTarget('localhost', parseAllowList('localhost'))).resolves.toBeUndefined();
    await expect(checkTarget('LOCALHOST.', parseAllowList('localhost'))).resolves.toBeUndefined();
    await expect(checkTarget('127.0.0.1', parseAllowList('127.0.0.0/8'))).resolves.toBeUndefined();
  });

  it('refuses at connect time what a name resolves to then', async () => {
    const lookup = guardedLookup(EMPTY_ALLOW_LIST);
    const answer = (allow = EMPTY_ALLOW_LIST, all = false) =>
      new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((resolve) =>
        guardedLookup(allow)('localhost', { all } as never, (error, address) => resolve({ error, address })),
      );
    expect(lookup).toBeTypeOf('function');
    const refused = await answer();
    expect(refused.error).toBeInstanceOf(RefusedTargetError);
    expect(refused.error?.code).toBe('EREFUSEDTARGET');
    const allowed = await answer(parseAllowList('localhost'));
    expect(allowed.error).toBeNull();
    expect(['127.0.0.1', '::1']).toContain(allowed.address);
    const all = await answer(parseAllowList('127.0.0.1,::1'), true);
    expect(all.error).toBeNull();
    expect(all.address).toEqual(expect.arrayContaining([expect.objectContaining({ address: expect.any(String) })]));
  });
});
