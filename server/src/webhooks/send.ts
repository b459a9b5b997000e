import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { bareHost, guardedLookup, hostAllowListed, RefusedTargetError, refusedRange, type AllowList } from './address-guard';

export interface SendLimits {
  timeoutMs: number;
  maxResponseBytes: number;
  allow: AllowList;
}

export interface SendOutcome {
  /** Null when no response came (refused, timed out, connection failed). */
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  /** A 2xx answer. */
  succeeded: boolean;
}

/**
 * POSTs one webhook. Never throws: every outcome is an attempt to record. The address is checked again
 * at connect time; the whole exchange has one deadline; at most `maxResponseBytes` of the answer are
 * read, then the connection is dropped (the body matters only as a hint in the log).
 */
export function postWebhook(target: string, headers: Record<string, string>, body: string, limits: SendLimits): Promise<SendOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise<SendOutcome>((resolve) => {
    let settled = false;
    // Set once the request is made; a refusal before that finishes with no timer to clear.
    let timer: NodeJS.Timeout | undefined = undefined;
    const finish = (outcome: Omit<SendOutcome, 'latencyMs' | 'succeeded'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const statusCode = outcome.statusCode;
      resolve({ ...outcome, latencyMs: elapsed(), succeeded: statusCode !== null && statusCode >= 200 && statusCode < 300 });
    };
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return finish({ statusCode: null, error: 'not a URL' });
    }
    const host = bareHost(url);
    // An IP literal is never looked up, so the lookup hook alone would not see it.
    if (isIP(host) && !hostAllowListed(host, limits.allow)) {
      const range = refusedRange(host, limits.allow);
      if (range) return finish({ statusCode: null, error: new RefusedTargetError(host, host, range).message });
    }
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Phaseflow-Webhooks/1' },
      lookup: guardedLookup(limits.allow),
      agent: false,
    });
    timer = setTimeout(() => {
      req.destroy();
      finish({ statusCode: null, error: `no answer within ${limits.timeoutMs} ms` });
    }, limits.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => finish({ statusCode: null, error: error.code && !(error instanceof RefusedTargetError) ? `${error.code}: ${error.message}` : error.message }));
    req.on('response', (res: IncomingMessage) => {
      let read = 0;
      const statusCode = res.statusCode ?? null;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= limits.maxResponseBytes) {
          res.destroy();
          finish({ statusCode, error: null });
        }
      });
      res.on('end', () => finish({ statusCode, error: null }));
      res.on('error', () => finish({ statusCode, error: null }));
      res.on('close', () => finish({ statusCode, error: null }));
    });
    req.end(body);
  });
}
