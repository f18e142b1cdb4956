import { describe, expect, it } from 'vitest';
import { HOST, IP, REQUESTED, check, dnsCheck, listenerCheck, tcpCheck } from './testing/netFixtures';
import { run, one, evidenceText } from './testing/findings';

describe('reachability', () => {
  it('dns-unresolved on NXDOMAIN, with the resolver result as evidence', () => {
    const f = one(run([dnsCheck({ outcome: 'nxdomain', addresses: [], errorCode: 'ENOTFOUND' })]), 'dns-unresolved');
    expect(f.severity).toBe('error');
    expect(f.step).toBe('reachability');
    expect(evidenceText(f)).toContain('NXDOMAIN');
    expect(evidenceText(f)).toContain('ENOTFOUND');
    expect(f.plain).toContain(HOST);
  });

  it('no dns-unresolved for an IP literal (the dns check is skipped) or a resolved name', () => {
    const literal = check('dns', 'reachability', 'skipped', { name: IP, addresses: [{ address: IP, family: 4 }], outcome: 'literal', durationMs: 0 });
    expect(run([literal], { host: IP, port: 3389, kind: 'ipv4' })).toEqual([]);
    expect(run([dnsCheck()])).toEqual([]);
  });

  it.each([
    ['refused', 'ECONNREFUSED', 'port-closed'],
    ['filtered', undefined, 'port-filtered'],
    ['unreachable', 'EHOSTUNREACH', 'host-unreachable'],
  ] as const)('TCP %s → %s', (outcome, errorCode, id) => {
    const f = one(run([tcpCheck({ outcome, ...(errorCode ? { errorCode } : {}) })]), id);
    expect(f.address).toBe(IP);
    expect(f.severity).toBe('error');
    if (errorCode) expect(evidenceText(f)).toContain(errorCode);
  });

  it('an open port or a local socket error claims nothing', () => {
    expect(run([tcpCheck()])).toEqual([]);
    expect(run([tcpCheck({ outcome: 'error', errorCode: 'EMFILE' })])).toEqual([]);
  });

  it('not-rdp for an SSH banner, with the bytes and the banner', () => {
    const f = one(
      run([listenerCheck({ requestedProtocols: REQUESTED, kind: 'not-rdp', bytesHex: '5353482d322e302d4f70656e5353485f382e39', banner: 'SSH-2.0-OpenSSH_8.9', durationMs: 6 })]),
      'not-rdp',
    );
    expect(evidenceText(f)).toContain('53 53 48 2d 32');
    expect(evidenceText(f)).toContain('SSH-2.0-OpenSSH_8.9');
  });

  it('rdp-no-answer (a hung service, restart it first) when the port accepts but never answers the X.224 request', () => {
    const f = one(run([listenerCheck({ requestedProtocols: REQUESTED, kind: 'timeout', durationMs: 5000 })]), 'rdp-no-answer');
    expect(f.severity).toBe('error');
    expect(f.title).not.toContain('Something other');
    expect(f.fixes[0]!.id).toBe('restart-termservice');
  });

  it('a listener that closes without a reply is a reset during the handshake, shown where it was seen', () => {
    const f = one(run([listenerCheck({ requestedProtocols: REQUESTED, kind: 'closed', durationMs: 2 })]), 'reset-during-handshake');
    expect(f.step).toBe('reachability');
    expect(evidenceText(f)).toContain('closed without a reply');
  });
});
