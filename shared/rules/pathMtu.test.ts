import { describe, expect, it } from 'vitest';
import { findingSchema, type CheckResult } from '../model';
import { NET_CHECK_IDS, type PathMtuData } from '../checks/net';
import { itTermsIn } from '../catalog/plainWords';
import { check, healthyChecks, IP, replace, tlsAttempts, tlsCheck } from './testing/netFixtures';
import { evidenceText, ids, one, run } from './testing/findings';

function pathMtu(overrides: Partial<PathMtuData> = {}): CheckResult {
  const data: PathMtuData = {
    address: IP,
    family: 4,
    stalls: [{ connection: 'TLS 1.2 check', stage: 'tls', bytesReceived: 0, bytesSent: 194, waitedMs: 5000 }],
    outcome: 'black-hole',
    largestPayload: 1172,
    pathMtu: 1200,
    smallestLost: 1173,
    probes: [
      { payload: 1472, outcome: 'no-reply', durationMs: 1000 },
      { payload: 548, outcome: 'reply', durationMs: 1 },
      { payload: 1172, outcome: 'reply', durationMs: 1 },
      { payload: 1173, outcome: 'no-reply', durationMs: 1000 },
    ],
    command: `ping -4 -n -c 1 -w 1 -W 1 -M do -s 1172 ${IP}`,
    detail: 'Packets up to 1200 bytes cross the path.',
    durationMs: 2100,
    ...overrides,
  };
  return check(NET_CHECK_IDS.pathMtu, 'stability', data.outcome === 'black-hole' ? 'fail' : 'pass', data, IP);
}

const stalledTls = (): CheckResult =>
  tlsCheck({ attempts: tlsAttempts({ TLSv1: { outcome: 'rejected' }, 'TLSv1.1': { outcome: 'rejected' }, 'TLSv1.2': { outcome: 'timeout' }, 'TLSv1.3': { outcome: 'timeout' } }), nameMatch: null });

describe('path-mtu-black-hole', () => {
  it('a confirmed black hole: an error with the measured size, plain words, the fixes for this laptop and for IT', () => {
    const findings = run([...replace(healthyChecks(), stalledTls()), pathMtu()]);
    const f = one(findings, 'path-mtu-black-hole');
    expect(findingSchema.safeParse(f).success).toBe(true);
    expect(f).toMatchObject({ severity: 'error', step: 'stability', address: IP });
    expect(f.plain).toContain('1200 bytes');
    expect(itTermsIn(f.plain)).toEqual([]);
    expect(f.detail).toContain('1172 bytes of payload');
    expect(f.detail).toContain('1201-byte packets');
    expect(f.detail).toContain('TCP MSS clamping to 1160');
    expect(evidenceText(f)).toContain('TLS 1.2 check: TLS handshake stalled, 0 bytes');
    expect(f.fixes.map((x) => x.id)).toEqual(['lower-vpn-mtu', 'clamp-mss', 'try-another-network', 'test-path-mtu']);
    expect(f.fixes[0]!.commands.map((c) => c.text).join('\n')).toContain('-NlMtuBytes 1200');
    expect(f.fixes[1]!.commands[0]!.text).toContain('--set-mss 1160');
    // The hand test is the sweep's own command, one byte each side of the edge, for this system.
    expect(f.fixes[3]!.commands.map((c) => c.text)).toEqual([`ping -4 -n -c 1 -w 1 -W 1 -M do -s 1172 ${IP}`, `ping -4 -n -c 1 -w 1 -W 1 -M do -s 1173 ${IP}`]);
    // The stalled handshakes are the black hole's doing: no second finding about a failing TLS setup.
    expect(ids(findings)).not.toContain('tls-handshake-failed');
  });

  it('the hand test follows the system: Windows gets ping -f -l', () => {
    const f = one(run([...replace(healthyChecks(), stalledTls()), pathMtu()], undefined, { platform: 'win32' }), 'path-mtu-black-hole');
    expect(f.fixes.find((x) => x.id === 'test-path-mtu')!.commands[0]).toMatchObject({ shell: 'cmd', text: `ping -4 -n 1 -w 1000 -f -l 1172 ${IP}` });
  });

  it('no black hole (full size crosses, a router says "too big", ping unanswered): no finding, the TLS failure stands', () => {
    for (const outcome of ['path-ok', 'signalled', 'no-echo'] as const) {
      const findings = run([...replace(healthyChecks(), stalledTls()), pathMtu({ outcome, largestPayload: outcome === 'no-echo' ? null : 1472, pathMtu: outcome === 'no-echo' ? null : 1500 })]);
      expect(ids(findings), outcome).not.toContain('path-mtu-black-hole');
      expect(ids(findings), outcome).toContain('tls-handshake-failed');
    }
  });
});
