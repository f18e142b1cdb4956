/**
 * Name resolution: every A and AAAA record from DNS (c-ares Resolver, our timeout), merged with what
 * the operating system's resolver returns (getaddrinfo: hosts file, search domains, mDNS), which is
 * what mstsc itself uses. Failures classified: NXDOMAIN, no records, timeout, SERVFAIL, refused.
 * IP literals are not resolved (outcome `literal`).
 */
import { promises as dnsPromises } from 'node:dns';
import { isIP } from 'node:net';
import type { DnsData } from '../../../shared/checks/net';
import { errorCode, now, since, type ProbeOptions } from './io';

export type LookupFn = (name: string) => Promise<Array<{ address: string; family: number }>>;

export interface DnsProbeOptions extends ProbeOptions {
  /** DNS servers for the Resolver (ip or ip:port); default: the system's. */
  servers?: string[];
  /**
   * The operating system lookup; default dns.promises.lookup(name, { all: true, verbatim: true }).
   * `false`: ask only `servers` (the user chose DNS servers), except for localhost names.
   */
  lookup?: LookupFn | false;
}

type Address = DnsData['addresses'][number];

const defaultLookup: LookupFn = (name) => dnsPromises.lookup(name, { all: true, verbatim: true });

/** RFC 6761: "localhost" and names under it never go to DNS servers. */
export function isLocalhostName(name: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  return n === 'localhost' || n.endsWith('.localhost');
}

export function literalAddress(name: string): Address | null {
  const family = isIP(name);
  if (family === 4) return { address: name, family: 4 };
  if (family === 6) return { address: name.toLowerCase(), family: 6 };
  return null;
}

type Settled<T> = { ok: true; value: T } | { ok: false; code: string };

/** Classify resolver / lookup error codes when no address came back. Pure. */
export function classifyDnsFailure(codes: { a?: string; aaaa?: string; lookup?: string }): Pick<DnsData, 'outcome' | 'errorCode'> {
  const resolverCodes = [codes.a, codes.aaaa].filter((c): c is string => Boolean(c));
  const has = (code: string): boolean => resolverCodes.includes(code);
  if (has('ENOTFOUND')) return { outcome: 'nxdomain', errorCode: 'ENOTFOUND' };
  if (codes.a === 'ENODATA' && codes.aaaa === 'ENODATA') return { outcome: 'no-records', errorCode: 'ENODATA' };
  if (has('ESERVFAIL')) return { outcome: 'server-failure', errorCode: 'ESERVFAIL' };
  if (has('EREFUSED')) return { outcome: 'refused', errorCode: 'EREFUSED' };
  if (has('ETIMEOUT')) return { outcome: 'timeout', errorCode: 'ETIMEOUT' };
  // The resolver could not tell (no DNS server reachable, not asked): use the OS lookup's verdict.
  switch (codes.lookup) {
    case 'ENOTFOUND':
      return { outcome: 'nxdomain', errorCode: 'ENOTFOUND' };
    case 'ENODATA':
      return { outcome: 'no-records', errorCode: 'ENODATA' };
    case 'EAI_AGAIN':
      return { outcome: 'server-failure', errorCode: 'EAI_AGAIN' };
    case 'ETIMEOUT':
      return { outcome: 'timeout', errorCode: 'ETIMEOUT' };
    default:
      break;
  }
  if (has('ENODATA')) return { outcome: 'no-records', errorCode: 'ENODATA' };
  const code = codes.lookup ?? resolverCodes[0];
  return { outcome: 'error', ...(code ? { errorCode: code } : {}) };
}

/** Merge OS lookup order (first: the order the OS prefers) with the resolver's extra addresses. */
export function mergeAddresses(lookup: ReadonlyArray<{ address: string; family: number }>, a: readonly string[], aaaa: readonly string[]): Address[] {
  const out: Address[] = [];
  const seen = new Set<string>();
  const add = (address: string): void => {
    const literal = literalAddress(address);
    if (!literal || seen.has(literal.address)) return;
    seen.add(literal.address);
    out.push(literal);
  };
  for (const entry of lookup) add(entry.address);
  for (const address of a) add(address);
  for (const address of aaaa) add(address);
  return out;
}

function withDeadline<T>(promise: Promise<T>, ms: number, signal?: AbortSignal): Promise<Settled<T>> {
  return new Promise((resolve) => {
    let done = false;
    const settle = (value: Settled<T>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const onAbort = (): void => settle({ ok: false, code: 'ECANCELLED' });
    const timer = setTimeout(() => settle({ ok: false, code: 'ETIMEOUT' }), Math.max(0, ms));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => settle({ ok: true, value }),
      (error: unknown) => settle({ ok: false, code: errorCode(error) ?? 'EUNKNOWN' }),
    );
  });
}

/** Resolve every A and AAAA of `name`. Never throws. */
export async function resolveName(name: string, options: DnsProbeOptions): Promise<DnsData> {
  const started = now();
  const literal = literalAddress(name);
  if (literal) return { name, addresses: [literal], outcome: 'literal', durationMs: 0 };
  const lookup = options.lookup === false ? (isLocalhostName(name) ? defaultLookup : null) : (options.lookup ?? defaultLookup);
  const signal = options.signal;
  // Promise.resolve().then: a lookup that throws synchronously still becomes a classified result.
  const lookupPromise: Promise<Settled<Awaited<ReturnType<LookupFn>>>> = lookup
    ? withDeadline(Promise.resolve().then(() => lookup(name)), options.timeoutMs, signal)
    : Promise.resolve({ ok: false, code: 'ENOTASKED' });
  let a: Settled<string[]> = { ok: false, code: 'ENOTASKED' };
  let aaaa: Settled<string[]> = { ok: false, code: 'ENOTASKED' };
  if (!isLocalhostName(name)) {
    const resolver = new dnsPromises.Resolver({ timeout: Math.max(100, options.timeoutMs), tries: 1 });
    try {
      if (options.servers?.length) resolver.setServers(options.servers);
    } catch {
      // invalid server list: fall through with the system's
    }
    const onAbort = (): void => resolver.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      [a, aaaa] = await Promise.all([withDeadline(resolver.resolve4(name), options.timeoutMs + 100, signal), withDeadline(resolver.resolve6(name), options.timeoutMs + 100, signal)]);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      resolver.cancel();
    }
  }
  const os = await lookupPromise;
  const addresses = mergeAddresses(os.ok ? os.value : [], a.ok ? a.value : [], aaaa.ok ? aaaa.value : []);
  const durationMs = since(started);
  if (signal?.aborted) return { name, addresses, outcome: 'error', errorCode: 'ECANCELLED', durationMs };
  if (addresses.length > 0) return { name, addresses, outcome: 'ok', durationMs };
  const codes = {
    ...(a.ok ? { a: 'ENODATA' } : a.code !== 'ENOTASKED' ? { a: a.code } : {}),
    ...(aaaa.ok ? { aaaa: 'ENODATA' } : aaaa.code !== 'ENOTASKED' ? { aaaa: aaaa.code } : {}),
    ...(os.ok ? { lookup: 'ENODATA' } : os.code !== 'ENOTASKED' ? { lookup: os.code } : {}),
  };
  return { name, addresses, ...classifyDnsFailure(codes), durationMs };
}
