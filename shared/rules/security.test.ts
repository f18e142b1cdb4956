import { describe, expect, it } from 'vitest';
import { readFixScript } from '../catalog';
import { PROTOCOL } from '../checks/net';
import { REQUESTED, confirm, failure, listenerCheck, securityLayersCheck } from './testing/netFixtures';
import { run, ids, one, evidenceText } from './testing/findings';

describe('security layer', () => {
  it('tls-not-allowed on SSL_NOT_ALLOWED_BY_SERVER', () => {
    const f = one(run([listenerCheck(failure(REQUESTED, 2, 'SSL_NOT_ALLOWED_BY_SERVER'))]), 'tls-not-allowed');
    expect(f.step).toBe('security');
    expect(evidenceText(f)).toContain('SSL_NOT_ALLOWED_BY_SERVER (2)');
    const fix = f.fixes.find((x) => x.id === 'set-security-layer')!;
    expect(readFixScript(fix.commands[0]!.text)).toEqual({ scriptId: 'fix-set-security-layer', input: { securityLayer: 1 } });
  });

  it('tls-not-allowed when a TLS request is confirmed with standard RDP security or without negotiation', () => {
    expect(ids(run([listenerCheck(confirm(REQUESTED, PROTOCOL.RDP))]))).toEqual(['tls-not-allowed']);
    expect(ids(run([listenerCheck({ requestedProtocols: REQUESTED, kind: 'confirm-no-negotiation', bytesHex: '0300000b06d00000123400', durationMs: 3 })]))).toEqual(['tls-not-allowed']);
  });

  it('not for a standard-RDP request answered with standard RDP', () => {
    const layers = securityLayersCheck({
      replies: [confirm(PROTOCOL.RDP, PROTOCOL.RDP), confirm(PROTOCOL.SSL, PROTOCOL.SSL), confirm(REQUESTED, PROTOCOL.HYBRID_EX)],
      accepts: { rdp: true, tls: true, hybrid: true, hybridEx: true },
      requires: null,
    });
    expect(run([layers])).toEqual([]);
  });

  it('nla-required (info) from HYBRID_REQUIRED_BY_SERVER', () => {
    const f = one(run([securityLayersCheck()]), 'nla-required');
    expect(f.severity).toBe('info');
    expect(f.detail).toContain('HYBRID_REQUIRED_BY_SERVER');
    expect(f.fixes.map((x) => x.id)).toEqual(['use-nla-credentials', 'set-nla']);
    expect(f.fixes[1]!.invasiveness).toBe('high');
  });
});
