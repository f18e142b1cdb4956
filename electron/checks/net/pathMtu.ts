/**
 * Path-MTU black holes (VPNs): the server's certificate flight is bigger than what the path carries,
 * and the ICMP "fragmentation needed" that would tell the server to send smaller packets is dropped
 * on the way. The small X.224 exchange works; the TLS handshake then stalls with no reset until the
 * timeout (the first full-size packet of the server's reply is lost, and every retransmission too).
 *
 * `stallsIn` recognises that signature in the run's results (pure). `searchLargestPayload` finds the
 * largest packet that crosses with don't-fragment set (bounded binary search over any probe, pure
 * apart from the probe). `probePathMtu` runs it with the system's ping (ping.ts) and judges: a black
 * hole is confirmed when packets above the largest that crosses are lost without any "too big" back.
 */
import { ethernetPayload, pingCommand, pingCommandText, pingFamily, pingPlatform, PING_HEADER_BYTES } from '../../../shared/checks/ping';
import type { PathMtuData, PathMtuProbe, StabilityData, Stall, TlsData } from '../../../shared/checks/net';
import { now, since } from './io';
import { runPing, type PingProbe } from './ping';

/** The smallest payload worth trying: a 576-byte IPv4 packet (every IPv4 path carries it), 1280 for IPv6. */
export function minimumPayload(family: 4 | 6): number {
  return family === 4 ? 576 - PING_HEADER_BYTES[4] : 1280 - PING_HEADER_BYTES[6];
}

/** At most this many pings in one sweep: the two ends, then halving 924 bytes to one byte takes 10. */
export const MAX_PROBES = 14;

const TLS_NAMES: Record<string, string> = { TLSv1: 'TLS 1.0', 'TLSv1.1': 'TLS 1.1', 'TLSv1.2': 'TLS 1.2', 'TLSv1.3': 'TLS 1.3' };

/**
 * The connections to `address` that stalled after the X.224 exchange worked: a TLS handshake that
 * timed out (no reset, no alert), or the first exchange after TLS that got no answer. Pure.
 */
export function stallsIn(address: string, tls: TlsData | undefined, stability: StabilityData | undefined): Stall[] {
  const out: Stall[] = [];
  if (tls && tls.address === address && tls.x224.kind === 'confirm') {
    for (const a of tls.attempts) {
      if (a.outcome !== 'timeout') continue;
      out.push({
        connection: `${TLS_NAMES[a.version] ?? a.version} check`,
        stage: 'tls',
        ...(a.bytesReceived !== undefined ? { bytesReceived: a.bytesReceived } : {}),
        ...(a.bytesSent !== undefined ? { bytesSent: a.bytesSent } : {}),
        waitedMs: a.durationMs,
      });
    }
  }
  if (stability && stability.address === address) {
    for (const a of stability.attempts) {
      const tlsStall = a.stage === 'tls' && a.outcome === 'timeout';
      const postStall = a.stage === 'post-tls' && a.postTls?.outcome === 'timeout';
      if (!tlsStall && !postStall) continue;
      out.push({
        connection: `attempt ${a.n}`,
        stage: tlsStall ? 'tls' : 'post-tls',
        ...(postStall && a.postTls ? { bytesReceived: a.postTls.bytesReceived, bytesSent: a.postTls.bytesSent } : {}),
        ...(tlsStall && a.tlsBytesReceived !== undefined ? { bytesReceived: a.tlsBytesReceived } : {}),
        waitedMs: (tlsStall ? a.tlsMs : a.postTlsMs) ?? a.durationMs,
      });
    }
  }
  return out.slice(0, 20);
}

export interface SearchResult {
  probes: PingProbe[];
  /** Largest payload with a reply (null: none). */
  largest: number | null;
  /** Smallest payload above `largest` that failed, with how. */
  above: PingProbe | null;
}

/**
 * Bounded binary search for the largest payload in [min, max] that gets a reply. Tries max first
 * (a healthy path ends there), then min (nothing crosses: stop), then halves the gap. At most
 * `maxProbes` probes; stops early when the signal aborts. Probes never overlap.
 */
export async function searchLargestPayload(probe: (payload: number) => Promise<PingProbe>, min: number, max: number, options: { maxProbes?: number; signal?: AbortSignal } = {}): Promise<SearchResult> {
  const limit = Math.max(2, Math.min(MAX_PROBES, options.maxProbes ?? MAX_PROBES));
  const probes: PingProbe[] = [];
  const send = async (payload: number): Promise<PingProbe> => {
    const result = await probe(payload);
    probes.push(result);
    return result;
  };
  const top = await send(max);
  if (top.outcome === 'reply') return { probes, largest: max, above: null };
  if (options.signal?.aborted) return { probes, largest: null, above: top };
  const bottom = await send(min);
  if (bottom.outcome !== 'reply') return { probes, largest: null, above: bottom };
  let lo = min;
  let hi = top;
  while (hi.payload - lo > 1 && probes.length < limit && !options.signal?.aborted) {
    const mid = Math.floor((lo + hi.payload) / 2);
    const result = await send(mid);
    if (result.outcome === 'reply') lo = mid;
    else if (result.outcome === 'error') break;
    else hi = result;
  }
  return { probes, largest: lo, above: hi };
}

/** From the search, the verdict and its words. Pure. */
export function judgeSearch(family: 4 | 6, search: SearchResult): Pick<PathMtuData, 'outcome' | 'largestPayload' | 'pathMtu' | 'smallestLost' | 'detail'> {
  const header = PING_HEADER_BYTES[family];
  const largest = search.largest;
  const above = search.above;
  const pathMtu = largest === null ? null : largest + header;
  const base = { largestPayload: largest, pathMtu, smallestLost: above && above.outcome === 'no-reply' ? above.payload : null };
  if (search.probes.some((p) => p.outcome === 'error') && largest === null) {
    const error = search.probes.find((p) => p.outcome === 'error');
    return { ...base, outcome: 'error', detail: `ping could not measure the path: ${error?.line ?? 'error'}` };
  }
  if (largest === null) {
    return { ...base, outcome: 'no-echo', detail: `No ping of any size got an answer from the server (${above?.line ?? 'no reply'}): it does not answer ping, or ping is blocked, so the path cannot be measured this way.` };
  }
  if (!above) return { ...base, outcome: 'path-ok', detail: `Full-size packets (${largest + header} bytes) cross the path with don't-fragment set.` };
  if (above.outcome === 'too-big' && above.local) {
    return { ...base, outcome: 'path-ok', detail: `Everything this computer's network adapter sends crosses the path: ${largest + header}-byte packets do, and ${above.payload + header} bytes is more than the adapter's own MTU${above.mtu ? ` (${above.mtu})` : ''}.` };
  }
  if (above.outcome === 'too-big') {
    return { ...base, outcome: 'signalled', detail: `A router on the way says packets above ${above.mtu ?? largest + header} bytes are too big ("fragmentation needed" comes back), so the systems can adapt on their own: not a black hole.` };
  }
  return {
    ...base,
    outcome: 'black-hole',
    detail: `Packets up to ${largest + header} bytes cross the path; ${above.payload + header}-byte packets are lost without any "too big" message coming back (${above.outcome}).`,
  };
}

export interface PathMtuOptions {
  platform: string;
  stalls: Stall[];
  /** Wait for each reply (default 1000 ms). */
  waitMs?: number;
  signal?: AbortSignal;
  /** The probe (default: the system's ping); tests give a real ping at another path. */
  ping?: (payload: number) => Promise<PingProbe>;
}

function record(p: PingProbe): PathMtuProbe {
  return { payload: p.payload, outcome: p.outcome, durationMs: p.durationMs, ...(p.mtu !== undefined ? { mtu: p.mtu } : {}), ...(p.local ? { local: true } : {}), ...(p.line ? { line: p.line.slice(0, 200) } : {}) };
}

/**
 * Measure the path to `address` (an IP literal the engine resolved; anything else is refused by
 * the command builder) with don't-fragment pings. Never throws.
 */
export async function probePathMtu(address: string, options: PathMtuOptions): Promise<PathMtuData> {
  const started = now();
  const family = pingFamily(address) ?? 4;
  const waitMs = options.waitMs ?? 1000;
  const system = pingPlatform(options.platform);
  const stalls = options.stalls.slice(0, 20);
  const max = ethernetPayload(family);
  const min = minimumPayload(family);
  const first = system ? pingCommand(system, address, max, waitMs) : null;
  if (!system || !first) {
    return {
      address, family, stalls, outcome: 'unavailable', largestPayload: null, pathMtu: null, smallestLost: null, probes: [],
      detail: `No don't-fragment ping for ${family === 6 ? 'IPv6' : 'IPv4'} on this system (${options.platform}), so the path could not be measured.`,
      durationMs: since(started),
    };
  }
  const probe = options.ping ?? ((payload: number) => runPing(address, payload, { platform: system, waitMs, ...(options.signal ? { signal: options.signal } : {}) }));
  const search = await searchLargestPayload(probe, min, max, options.signal ? { signal: options.signal } : {});
  const verdict = judgeSearch(family, search);
  const shown = pingCommand(system, address, verdict.largestPayload ?? max, waitMs) ?? first;
  return { address, family, stalls, ...verdict, probes: search.probes.map(record), command: pingCommandText(shown), durationMs: since(started) };
}
