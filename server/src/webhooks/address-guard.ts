import ipaddr from 'ipaddr.js';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

/**
 * Which webhook targets may be reached. Only public unicast addresses are, unless the allow-list
 * (WEBHOOK_ALLOWED_HOSTS) names the host, the address or a CIDR range that holds it: a subscription
 * must not turn the server into a way to reach loopback, the cloud metadata address or the intranet.
 */
export interface AllowList {
  hosts: ReadonlySet<string>;
  ranges: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

export const EMPTY_ALLOW_LIST: AllowList = { hosts: new Set(), ranges: [] };

/** A host name, an IP address or a CIDR range; throws with what is wrong otherwise. */
export function parseAllowList(raw: string): AllowList {
  const hosts = new Set<string>();
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const entry of raw.split(',').map((part) => part.trim().toLowerCase()).filter(Boolean)) {
    if (entry.includes('/')) {
      try {
        ranges.push(ipaddr.parseCIDR(entry));
      } catch {
        throw new Error(`"${entry}" is not a CIDR range such as 10.0.0.0/8`);
      }
    } else if (ipaddr.isValid(entry)) {
      const address = ipaddr.process(entry);
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(entry)) {
      hosts.add(entry);
    } else {
      throw new Error(`"${entry}" is neither a host name, an IP address nor a CIDR range`);
    }
  }
  return { hosts, ranges };
}

/** The range name ipaddr.js gives an address ('unicast' for a public one), IPv4-mapped IPv6 read as IPv4. */
export function addressRange(address: string): string {
  return ipaddr.process(address).range();
}

function allowListed(address: ipaddr.IPv4 | ipaddr.IPv6, allow: AllowList): boolean {
  return allow.ranges.some(([network, bits]) => network.kind() === address.kind() && address.match(network, bits));
}

/** Null when the address may be reached, else the name of its range (loopback, private, linkLocal...). */
export function refusedRange(address: string, allow: AllowList): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  const parsed = ipaddr.process(address);
  if (allowListed(parsed, allow)) return null;
  const range = parsed.range();
  // NAT64, 6to4 and Teredo addresses carry an IPv4 address inside that could be anything.
  return range === 'unicast' ? null : range;
}

export function hostAllowListed(host: string, allow: AllowList): boolean {
  return allow.hosts.has(host.toLowerCase().replace(/\.$/, ''));
}

export class RefusedTargetError extends Error {
  override name = 'RefusedTargetError';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(`${host} resolves to ${address} (${range}), which webhooks may not reach unless WEBHOOK_ALLOWED_HOSTS names it`);
  }
}

/** The host of a URL without IPv6 brackets. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** Resolves a target host and checks every address it resolves to: the check at create and update. */
export async function checkTarget(host: string, allow: AllowList): Promise<void> {
  if (hostAllowListed(host, allow)) return;
  const addresses = isIP(host) ? [host] : (await new Promise<LookupAddress[]>((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, found) => (error ? reject(error) : resolve(found))),
  )).map((found) => found.address);
  for (const address of addresses) {
    const range = refusedRange(address, allow);
    if (range) throw new RefusedTargetError(host, address, range);
  }
}

/**
 * A `lookup` for node:http(s) that refuses non-public answers: checked at connect time as well, so a
 * name that resolved to a public address at creation and to 127.0.0.1 now (DNS rebinding) is refused.
 */
export function guardedLookup(allow: AllowList): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true, verbatim: true }, (error, found) => {
      if (error) return callback(error, '', 0);
      if (!hostAllowListed(hostname, allow)) {
        for (const { address } of found) {
          const range = refusedRange(address, allow);
          if (range) return callback(Object.assign(new RefusedTargetError(hostname, address, range), { code: 'EREFUSEDTARGET' }), '', 0);
        }
      }
      if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, found);
      const first = found[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}
