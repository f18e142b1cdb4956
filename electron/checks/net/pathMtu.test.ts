import { describe, expect, it } from 'vitest';
import type { StabilityData, TlsData } from '../../../shared/checks/net';
import { judgeSearch, MAX_PROBES, minimumPayload, probePathMtu, searchLargestPayload, stallsIn } from './pathMtu';
import { pingExecutable, type PingProbe } from './ping';

/** A path as ping sees it: replies up to `largest`, then `above` (lost, or a too-big message). */
function path(largest: number | null, above: Omit<PingProbe, 'payload' | 'durationMs'> = { outcome: 'no-reply' }) {
  const sent: number[] = [];
  const probe = async (payload: number): Promise<PingProbe> => {
    sent.push(payload);
    return largest !== null && payload <= largest ? { outcome: 'reply', payload, durationMs: 1 } : { ...above, payload, durationMs: 1 };
  };
  return { probe, sent };
}

describe('searchLargestPayload', () => {
  it('a full-size path: one ping', async () => {
    const p = path(5000);
    const r = await searchLargestPayload(p.probe, 548, 1472);
    expect(r).toMatchObject({ largest: 1472, above: null });
    expect(p.sent).toEqual([1472]);
  });

  it('finds the exact largest payload, within the probe bound', async () => {
    for (const largest of [548, 549, 1000, 1172, 1400, 1471]) {
      const p = path(largest);
      const r = await searchLargestPayload(p.probe, 548, 1472);
      expect(r.largest, String(largest)).toBe(largest);
      expect(r.above?.payload).toBe(largest + 1);
      expect(p.sent.length).toBeLessThanOrEqual(MAX_PROBES);
    }
  });

  it('nothing crosses: two pings, no answer', async () => {
    const p = path(null);
    const r = await searchLargestPayload(p.probe, 548, 1472);
    expect(r.largest).toBeNull();
    expect(p.sent).toEqual([1472, 548]);
  });

  it('stops at once when cancelled', async () => {
    const controller = new AbortController();
    const p = path(1172);
    const probe = async (payload: number) => {
      controller.abort();
      return p.probe(payload);
    };
    const r = await searchLargestPayload(probe, 548, 1472, { signal: controller.signal });
    expect(r.probes).toHaveLength(1);
  });
});

describe('judgeSearch', () => {
  it('lost without a message above the largest: a black hole, with the packet size', async () => {
    const r = judgeSearch(4, await searchLargestPayload(path(1172).probe, 548, 1472));
    expect(r).toMatchObject({ outcome: 'black-hole', largestPayload: 1172, pathMtu: 1200, smallestLost: 1173 });
  });
  it('a router said "too big": path MTU discovery works', async () => {
    expect(judgeSearch(4, await searchLargestPayload(path(1372, { outcome: 'too-big', mtu: 1400 }).probe, 548, 1472)).outcome).toBe('signalled');
  });
  it('the limit is this computer\'s own adapter: not the path', async () => {
    expect(judgeSearch(4, await searchLargestPayload(path(1372, { outcome: 'too-big', mtu: 1400, local: true }).probe, 548, 1472)).outcome).toBe('path-ok');
  });
  it('no echo at any size, full size, and ping failing', async () => {
    expect(judgeSearch(4, await searchLargestPayload(path(null).probe, 548, 1472)).outcome).toBe('no-echo');
    expect(judgeSearch(4, await searchLargestPayload(path(9000).probe, 548, 1472))).toMatchObject({ outcome: 'path-ok', pathMtu: 1500 });
    expect(judgeSearch(4, await searchLargestPayload(path(null, { outcome: 'error', line: 'not found' }).probe, 548, 1472)).outcome).toBe('error');
    expect(judgeSearch(6, await searchLargestPayload(path(1300).probe, minimumPayload(6), 1452))).toMatchObject({ outcome: 'black-hole', pathMtu: 1348 });
  });
});

const x224 = { requestedProtocols: 11, kind: 'confirm' as const, selectedProtocol: 1, durationMs: 2 };

describe('stallsIn: the black hole signature', () => {
  const tls: TlsData = {
    address: '10.0.0.2',
    x224,
    attempts: [
      { version: 'TLSv1', outcome: 'rejected', durationMs: 3 },
      { version: 'TLSv1.2', outcome: 'timeout', durationMs: 5000, bytesSent: 194, bytesReceived: 0 },
    ],
    nameMatch: null,
    checkedAt: '2026-01-01T00:00:00.000Z',
  };
  const stability: StabilityData = {
    address: '10.0.0.2',
    requestedProtocols: 11,
    attempts: [
      { n: 1, ok: false, stage: 'tls', outcome: 'timeout', durationMs: 5010, tlsMs: 5000, tlsBytesReceived: 310, startedAt: 'x' },
      { n: 2, ok: false, stage: 'tls', outcome: 'reset', durationMs: 10, startedAt: 'x' },
      { n: 3, ok: false, stage: 'post-tls', outcome: 'timeout', durationMs: 5100, postTlsMs: 5000, postTls: { kind: 'mcs', outcome: 'timeout', detail: '', bytesSent: 400, bytesReceived: 0, durationMs: 5000 }, startedAt: 'x' },
      { n: 4, ok: true, stage: 'done', outcome: 'TLSv1.3', durationMs: 30, startedAt: 'x' },
    ],
    slowThresholdMs: 2000,
    medianMs: 30,
    maxMs: 30,
  };
  it('TLS timeouts after a working X.224 exchange, and a silent exchange after TLS; not resets or refusals', () => {
    expect(stallsIn('10.0.0.2', tls, stability)).toEqual([
      { connection: 'TLS 1.2 check', stage: 'tls', bytesReceived: 0, bytesSent: 194, waitedMs: 5000 },
      { connection: 'attempt 1', stage: 'tls', bytesReceived: 310, waitedMs: 5000 },
      { connection: 'attempt 3', stage: 'post-tls', bytesReceived: 0, bytesSent: 400, waitedMs: 5000 },
    ]);
  });
  it('nothing when the X.224 exchange itself failed, or for another address', () => {
    expect(stallsIn('10.0.0.2', { ...tls, x224: { ...x224, kind: 'timeout' } }, undefined)).toEqual([]);
    expect(stallsIn('10.0.0.9', tls, stability)).toEqual([]);
  });
});

describe('probePathMtu', () => {
  it('no don\'t-fragment ping for this system or family: unavailable, nothing run', async () => {
    expect(await probePathMtu('2001:db8::1', { platform: 'darwin', stalls: [] })).toMatchObject({ outcome: 'unavailable', probes: [] });
    expect(await probePathMtu('10.0.0.1', { platform: 'aix', stalls: [] })).toMatchObject({ outcome: 'unavailable' });
  });

  it.skipIf(process.platform !== 'linux' || !pingExecutable('linux'))('with the real ping to 127.0.0.1: full size crosses, path-ok, the command as run', async () => {
    const data = await probePathMtu('127.0.0.1', { platform: 'linux', stalls: [{ connection: 'attempt 1', stage: 'tls', waitedMs: 5000 }] });
    expect(data).toMatchObject({ outcome: 'path-ok', largestPayload: 1472, pathMtu: 1500, command: 'ping -4 -n -c 1 -w 1 -W 1 -M do -s 1472 127.0.0.1' });
    expect(data.stalls).toHaveLength(1);
  });
});
