import { describe, expect, it } from 'vitest';
import { concurrencyLimit, createPasswordChecker, hashPassword, verifyPassword } from './password';
import { createTokenService } from './token';

describe('passwords', () => {
  it('verifies the right password and refuses others', async () => {
    const hash = await hashPassword('phaseflow');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword('phaseflow', hash)).toBe(true);
    expect(await verifyPassword('Phaseflow', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it.each(['', 'plain', 'bcrypt$x$y', 'scrypt$16384$8$1$$'])('refuses the malformed stored hash %j', async (stored) => {
    expect(await verifyPassword('anything', stored)).toBe(false);
  });
});

describe('tokens', () => {
  const tokens = createTokenService('s'.repeat(32), '1h');

  it('round-trips the user id and token version', async () => {
    const before = Date.now();
    const claims = await tokens.verify(await tokens.sign('user-1', 3));
    expect(claims).toMatchObject({ userId: 'user-1', version: 3 });
    // Expiry in whole seconds, an hour from now.
    expect(claims!.expiresAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3_600_000);
    expect(claims!.expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000);
  });

  it('refuses a token without an expiry or a version', async () => {
    const { SignJWT } = await import('jose');
    const key = new TextEncoder().encode('s'.repeat(32));
    const base = () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('user-1').setIssuer('phaseflow').setAudience('phaseflow-api');
    expect(await tokens.verify(await base().sign(key))).toBeNull();
    expect(await tokens.verify(await base().setExpirationTime('1h').sign(key))).toBeNull();
    expect(await tokens.verify(await new SignJWT({ ver: 0 }).setProtectedHeader({ alg: 'HS256' }).setSubject('user-1').setIssuer('phaseflow').setAudience('phaseflow-api').setExpirationTime('1h').sign(key))).toMatchObject({ userId: 'user-1', version: 0 });
  });

  it('refuses a token signed with another secret, a tampered one, an expired one and garbage', async () => {
    const other = createTokenService('t'.repeat(32), '1h');
    const token = await tokens.sign('user-1', 0);
    const [header, payload, signature] = token.split('.');
    const tampered = [header, Buffer.from(JSON.stringify({ sub: 'admin' })).toString('base64url'), signature].join('.');
    const expired = await createTokenService('s'.repeat(32), '-1s').sign('user-1', 0);
    expect(await tokens.verify(await other.sign('user-1', 0))).toBeNull();
    expect(await tokens.verify(tampered)).toBeNull();
    expect(await tokens.verify(expired)).toBeNull();
    expect(await tokens.verify('not.a.token')).toBeNull();
    expect(payload.length).toBeGreaterThan(0);
  });
});

describe('the password checker', () => {
  it('answers false for an unknown account after checking a dummy hash, and checks known ones', async () => {
    const checker = createPasswordChecker({ concurrency: 1 });
    const hash = await checker.hash('correct horse');
    expect(await checker.verify('correct horse', hash)).toBe(true);
    expect(await checker.verify('wrong horse', hash)).toBe(false);
    expect(await checker.verify('correct horse', null)).toBe(false);
    expect(await checker.verify('anything', '!unusable')).toBe(false);
  });

  it('runs at most `concurrency` pieces of work at once, in order, and finishes them all, failures included', async () => {
    const limited = concurrencyLimit(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const work = (i: number) =>
      limited(async () => {
        started.push(i);
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5 + (i % 3)));
        running -= 1;
        if (i === 3) throw new Error('boom');
        return i;
      });
    const results = await Promise.allSettled(Array.from({ length: 7 }, (_, i) => work(i)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual([0, 1, 2, 'failed', 4, 5, 6]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(most).toBe(2);
    expect(running).toBe(0);
  });
});
