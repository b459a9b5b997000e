import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signingSecrets, webhookRequest, type FeedEvent } from './message';
import { generateWebhookSecret, signatureHeader, signWebhook } from './signature';

const event: FeedEvent = {
  id: '0b7c3c1e-5a43-4b55-9d41-8f0f1c3b7a10',
  seq: '42',
  kind: 'GATE_APPROVED',
  projectId: '6f1d2a4b-1111-4c3e-8c77-3f0a9d2b4e55',
  unitId: '9a8b7c6d-2222-4e3f-9a1b-2c3d4e5f6a7b',
  typeKey: 'secretary',
  stageKey: 'plan',
  actorId: null,
  at: new Date('2026-12-07T08:00:00.000Z'),
  payload: { comment: '同意', score: 9 },
};

const now = () => new Date();
const sub = (secret: string, previousSecret: string | null = null, previousSecretValidUntil: Date | null = null) => ({ secret, previousSecret, previousSecretValidUntil });

describe('Standard Webhooks signatures, verified by the standardwebhooks package', () => {
  it('makes secrets the package reads: whsec_ and 32 random bytes', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
    expect(() => new Webhook(secret)).not.toThrow();
  });

  it('signs a request the package verifies, and the body is the one it parses', () => {
    const secret = generateWebhookSecret();
    const { headers, body } = webhookRequest(sub(secret), event, now());
    expect(headers['webhook-id']).toBe(event.id);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const parsed = new Webhook(secret).verify(body, headers) as { type: string; timestamp: string; data: Record<string, unknown> };
    expect(parsed).toEqual({
      type: 'GATE_APPROVED',
      timestamp: '2026-12-07T08:00:00.000Z',
      data: { ...event, at: '2026-12-07T08:00:00.000Z', seq: undefined, cursor: parsed.data.cursor },
    });
    expect(parsed.data.cursor).toEqual(expect.any(String));
  });

  it('is refused with another secret, a changed body, another id or an old timestamp', () => {
    const secret = generateWebhookSecret();
    const { headers, body } = webhookRequest(sub(secret), event, now());
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(secret).verify(body.replace('同意', '驳回'), headers)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'other' })).toThrow(WebhookVerificationError);
    const old = webhookRequest(sub(secret), event, new Date(Date.now() - 10 * 60_000));
    expect(() => new Webhook(secret).verify(old.body, old.headers)).toThrow(/timestamp too old/i);
  });

  it('signs with both secrets during a rotation overlap: either verifies; after it only the new one', () => {
    const previous = generateWebhookSecret();
    const current = generateWebhookSecret();
    const during = webhookRequest(sub(current, previous, new Date(Date.now() + 3_600_000)), event, now());
    expect(during.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(current).verify(during.body, during.headers)).not.toThrow();
    expect(() => new Webhook(previous).verify(during.body, during.headers)).not.toThrow();

    const after = webhookRequest(sub(current, previous, new Date(Date.now() - 1)), event, now());
    expect(after.headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(() => new Webhook(current).verify(after.body, after.headers)).not.toThrow();
    expect(() => new Webhook(previous).verify(after.body, after.headers)).toThrow(WebhookVerificationError);
  });

  it('puts the current secret first and drops an expired previous one', () => {
    const at = new Date('2026-12-07T00:00:00Z');
    expect(signingSecrets(sub('a', 'b', new Date('2026-12-07T00:00:01Z')), at)).toEqual(['a', 'b']);
    expect(signingSecrets(sub('a', 'b', at), at)).toEqual(['a']);
    expect(signingSecrets(sub('a', null, null), at)).toEqual(['a']);
  });

  it('matches the specification’s example signature', () => {
    // From the Standard Webhooks specification's reference test vectors.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"test": 2432232314}';
    expect(signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    expect(signatureHeader([secret, secret], 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body).split(' ')).toHaveLength(2);
  });
});
