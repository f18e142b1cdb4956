/**
 * What the network checks share through the run's memory: the resolved addresses (resolved once per
 * run, or on demand when a step runs alone), the first address with an RDP listener, and lookups of
 * earlier results. Caches are keyed by the run's memory object, so they die with the run.
 */
import { NET_CHECK_IDS, PROTOCOL, rdpListenerDataSchema, securityLayersDataSchema, tcpDataSchema, type DnsData, type SecurityLayersData } from '../../../shared/checks/net';
import type { CheckResult } from '../../../shared/model';
import type { CheckContext, ResolvedAddress, RunMemory } from '../../engine/types';
import { resolveName, type LookupFn } from './dns';
import { cutBeforeAnswer, retryWhenCut } from './retry';
import { isRdpListener, REQUEST_TLS_AND_CREDSSP, x224Exchange } from './x224';

/** The mstshash cookie our requests carry (as mstsc sends one; brokers route by it). */
export const PROBE_COOKIE = 'rdpdoctor';

/** Test seam: DNS servers / OS lookup the dns check uses (default: the system's). */
export interface DnsOverrides {
  servers?: string[];
  lookup?: LookupFn;
}
let dnsOverrides: DnsOverrides = {};
export function setDnsOverrides(overrides: DnsOverrides): void {
  dnsOverrides = overrides;
}

const dnsRuns = new WeakMap<RunMemory, Promise<DnsData>>();
const rdpAddressRuns = new WeakMap<RunMemory, Promise<RdpAddress>>();

/** Resolve the target once per run (shared by the dns check and ensureAddresses). */
export function resolveTarget(ctx: CheckContext): Promise<DnsData> {
  let run = dnsRuns.get(ctx.memory);
  if (!run) {
    // DNS servers the user chose: ask only those (not the system resolver).
    const chosen = ctx.options.dnsServers.length > 0 ? { servers: ctx.options.dnsServers, lookup: false as const } : {};
    run = resolveName(ctx.target.host, {
      timeoutMs: ctx.options.timeoutMs,
      signal: ctx.signal,
      ...chosen,
      ...(dnsOverrides.servers ? { servers: dnsOverrides.servers } : {}),
      ...(dnsOverrides.lookup ? { lookup: dnsOverrides.lookup } : {}),
    }).then((data) => {
      if (data.outcome !== 'error' || data.errorCode !== 'ECANCELLED') ctx.memory.addresses = data.addresses;
      return data;
    });
    dnsRuns.set(ctx.memory, run);
  }
  return run;
}

/**
 * The target's addresses: from memory when the dns check (or the engine, for an IP literal) already
 * put them there; otherwise resolve now (cheap: one resolution per run).
 */
export async function ensureAddresses(ctx: CheckContext): Promise<ResolvedAddress[]> {
  if (ctx.memory.addresses) return ctx.memory.addresses;
  const data = await resolveTarget(ctx);
  return data.addresses;
}

/** Latest result of a check in memory (optionally for one address). */
export function latestResult(memory: RunMemory, id: string, address?: string): CheckResult | undefined {
  for (let i = memory.results.length - 1; i >= 0; i--) {
    const result = memory.results[i]!;
    if (result.id === id && (address === undefined || result.address === address)) return result;
  }
  return undefined;
}

/** Why a name gave no addresses, in plain words. */
export function noAddressReason(ctx: CheckContext): string {
  return `${ctx.target.host} did not resolve to any address, so there is nothing to connect to.`;
}

export interface RdpAddress {
  address: string | null;
  /** Why there is none, in plain words. */
  reason?: string;
  /**
   * When there is none: the first address where the connection was accepted but the Remote Desktop
   * request was reset or closed (found by this lookup, not by the listener check).
   * Something listens there and misbehaves; the repeated handshakes show how often.
   */
  candidate?: string;
}

/**
 * The first address (in resolution order) where an RDP listener answered: from the rdp-listener
 * results of this run, or (when the reachability step did not run) by asking each address in turn.
 */
export function rdpAddress(ctx: CheckContext): Promise<RdpAddress> {
  const listenerResults = ctx.memory.results.filter((r) => r.id === NET_CHECK_IDS.rdpListener);
  if (listenerResults.length > 0) return Promise.resolve(fromListenerResults(ctx, listenerResults));
  let run = rdpAddressRuns.get(ctx.memory);
  if (!run) {
    run = findRdpAddress(ctx);
    rdpAddressRuns.set(ctx.memory, run);
  }
  return run;
}

function fromListenerResults(ctx: CheckContext, results: CheckResult[]): RdpAddress {
  const order = (ctx.memory.addresses ?? []).map((a) => a.address);
  const parsed = results
    .map((r) => rdpListenerDataSchema.safeParse(r.data))
    .filter((p) => p.success)
    .map((p) => p.data);
  parsed.sort((x, y) => order.indexOf(x.address) - order.indexOf(y.address));
  const found = parsed.find((d) => isRdpListener(d.reply));
  if (found) return { address: found.address };
  if (parsed.length === 0) {
    // Every rdp-listener unit was skipped: the port was not open anywhere.
    const tcpRan = ctx.memory.results.some((r) => r.id === NET_CHECK_IDS.tcp && tcpDataSchema.safeParse(r.data).success);
    if (tcpRan) return { address: null, reason: `Port ${ctx.target.port} is not open on any address of ${ctx.target.host}, so there is no Remote Desktop listener to check.` };
    return { address: null, reason: `No Remote Desktop listener was found on ${ctx.target.host}.` };
  }
  return {
    address: null,
    reason: `No address of ${ctx.target.host} answered as a Remote Desktop listener on port ${ctx.target.port} (${parsed.map((d) => `${d.address}: ${d.reply.kind}`).join(', ')}).`.slice(0, 500),
  };
}

async function findRdpAddress(ctx: CheckContext): Promise<RdpAddress> {
  const addresses = await ensureAddresses(ctx);
  if (addresses.length === 0) return { address: null, reason: noAddressReason(ctx) };
  const seen: string[] = [];
  let candidate: string | undefined;
  // Bounded: one X.224 exchange per resolved address, each bounded by the timeout.
  for (const { address } of addresses) {
    if (ctx.signal.aborted) return { address: null, reason: 'Cancelled.' };
    const { result: reply } = await retryWhenCut(
      async () => (await x224Exchange(address, ctx.target.port, REQUEST_TLS_AND_CREDSSP, { timeoutMs: ctx.options.timeoutMs, signal: ctx.signal, cookie: PROBE_COOKIE })).reply,
      cutBeforeAnswer,
      { signal: ctx.signal },
    );
    if (isRdpListener(reply)) return { address };
    // Not a silent one: five attempts that each wait out the timeout would only take long.
    if (candidate === undefined && (reply.kind === 'reset' || reply.kind === 'closed')) candidate = address;
    seen.push(`${address}: ${reply.kind}`);
  }
  return {
    address: null,
    reason: `No address of ${ctx.target.host} answered as a Remote Desktop listener on port ${ctx.target.port} (${seen.join(', ')}).`.slice(0, 500),
    ...(candidate ? { candidate } : {}),
  };
}

/** The security-layers data for an address, when that check ran. */
export function securityLayersFor(memory: RunMemory, address: string): SecurityLayersData | undefined {
  const result = latestResult(memory, NET_CHECK_IDS.securityLayers, address);
  if (!result || result.status === 'skipped' || result.status === 'error') return undefined;
  const parsed = securityLayersDataSchema.safeParse(result.data);
  return parsed.success ? parsed.data : undefined;
}

/**
 * requestedProtocols for full handshakes: what mstsc asks (TLS | CredSSP | CredSSP-EX), or standard
 * RDP security when that is all the server can do. Decided by the listener's answer to that same
 * request when it gave one (it selected standard RDP, sent no negotiation data, or refused because
 * it allows no TLS or has no certificate), so the repeated handshakes need not wait for the
 * security-layers check; otherwise by that check, when it ran.
 */
export function handshakeRequest(memory: RunMemory, address: string): number {
  const listener = latestResult(memory, NET_CHECK_IDS.rdpListener, address);
  const parsed = listener ? rdpListenerDataSchema.safeParse(listener.data) : undefined;
  const reply = parsed?.success ? parsed.data.reply : undefined;
  if (reply && reply.requestedProtocols === REQUEST_TLS_AND_CREDSSP) {
    if (reply.kind === 'confirm') return reply.selectedProtocol === PROTOCOL.RDP ? PROTOCOL.RDP : REQUEST_TLS_AND_CREDSSP;
    if (reply.kind === 'confirm-no-negotiation') return PROTOCOL.RDP;
    // SSL_NOT_ALLOWED_BY_SERVER, SSL_CERT_NOT_ON_SERVER: no TLS there, so only standard RDP can complete.
    if (reply.kind === 'failure' && (reply.failureCode === 2 || reply.failureCode === 3)) return PROTOCOL.RDP;
  }
  const layers = securityLayersFor(memory, address);
  if (layers && layers.accepts.rdp === true && layers.accepts.tls !== true && layers.accepts.hybrid !== true && layers.accepts.hybridEx !== true) return PROTOCOL.RDP;
  return REQUEST_TLS_AND_CREDSSP;
}
