import { describe, expect, it } from 'vitest';
import { buildFinding } from './build';
import type { FixContext } from './fix';
import { actionableBy, orderFixes } from './fixOrder';
import { NET_FINDINGS } from './netFindings';

const ctx: FixContext = { target: { host: 'pc-042.corp.example', port: 3389, kind: 'dns' }, platform: 'win32', targetIsLocal: false, workingAddress: '10.20.30.40' };

describe('fixOrder', () => {
  it('orders for a remote worker what they can do on this computer first, then the rest in IT order', () => {
    const addressFails = buildFinding(NET_FINDINGS['address-fails'], { ctx, evidence: [] });
    expect(orderFixes(addressFails.fixes, 'plain')[0]!.id).toBe('connect-by-ip');
    const filtered = buildFinding(NET_FINDINGS['port-filtered'], { ctx, evidence: [] });
    const plain = orderFixes(filtered.fixes, 'plain');
    expect(plain[0]!.id).toBe('connect-vpn');
    // Testing the port by hand is on this computer, but it repairs nothing: after the server's repairs.
    expect(plain.findIndex((f) => f.id === 'test-port')).toBeGreaterThan(plain.findIndex((f) => f.id === 'enable-firewall-rules'));
    // Nothing to do on the laptop: the plain order is IT's.
    const expired = buildFinding(NET_FINDINGS['cert-expired'], { ctx, evidence: [] });
    expect(orderFixes(expired.fixes, 'plain').map((f) => f.id)).toEqual(expired.fixes.map((f) => f.id));
    expect(actionableBy(expired.fixes[0]!, 'plain')).toBe(false);
    expect(actionableBy(expired.fixes[0]!, 'it')).toBe(true);
  });
});
