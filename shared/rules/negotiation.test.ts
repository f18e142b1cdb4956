import { describe, expect, it } from 'vitest';
import { PROTOCOL } from '../checks/net';
import { IP, REQUESTED, dnsCheck, failure, listenerCheck, securityLayersCheck, tcpCheck, tlsAttempts, tlsCheck } from './testing/netFixtures';
import { run, ids, one, evidenceText } from './testing/findings';

describe('an answer that contradicts the request', () => {
  it('a selected protocol that was not offered, or HYBRID required to a request that offered it: negotiation-inconsistent', () => {
    const unexpected = listenerCheck({ requestedProtocols: REQUESTED, kind: 'confirm', selectedProtocol: PROTOCOL.RDSTLS, flags: 0, flagNames: [], unexpectedSelection: true, durationMs: 1 });
    const f = one(run([unexpected]), 'negotiation-inconsistent');
    expect(f).toMatchObject({ severity: 'error', step: 'security' });
    // A repair first; looking at which program listens is a step of it, not the first option.
    expect(f.fixes[0]!.id).toBe('set-security-layer');
    expect(f.fixes.map((x) => x.id)).toEqual(['set-security-layer', 'check-listener-process', 'check-server-events']);
    const contradicting = listenerCheck(failure(REQUESTED, 5, 'HYBRID_REQUIRED_BY_SERVER'));
    expect(ids(run([contradicting]))).toContain('negotiation-inconsistent');
    // HYBRID required to a request without HYBRID is an honest answer: NLA is required.
    const honest = listenerCheck(failure(PROTOCOL.SSL, 5, 'HYBRID_REQUIRED_BY_SERVER'));
    expect(ids(run([honest]))).not.toContain('negotiation-inconsistent');
  });
});

describe('negotiation failure 3 (no certificate)', () => {
  const listener = listenerCheck(failure(REQUESTED, 3, 'SSL_CERT_NOT_ON_SERVER'));
  const layers = securityLayersCheck({
    replies: [failure(PROTOCOL.SSL, 3, 'SSL_CERT_NOT_ON_SERVER'), failure(PROTOCOL.RDP, 1, 'SSL_REQUIRED_BY_SERVER')],
    accepts: { rdp: false, tls: false, hybrid: false, hybridEx: false },
    requires: 'tls',
    certNotOnServer: true,
  });
  const tls = tlsCheck({ x224: failure(REQUESTED, 3, 'SSL_CERT_NOT_ON_SERVER'), attempts: [], certificate: undefined, nameMatch: null });

  it('is one tls-cert-not-on-server finding with the reply bytes from every check that saw it', () => {
    const findings = run([dnsCheck(), tcpCheck(), listener, tls, layers]);
    const f = one(findings, 'tls-cert-not-on-server');
    expect(f.severity).toBe('error');
    expect(f.step).toBe('certificate');
    expect(f.address).toBe(IP);
    expect(evidenceText(f)).toContain('X.224 reply: 03 00 00 13 0e d0 00 00 12 34 00 03 00 08 00 03 00 00 00 = RDP_NEG_FAILURE SSL_CERT_NOT_ON_SERVER (3)');
    expect(new Set(f.evidence.map((e) => e.checkId))).toEqual(new Set(['rdp-listener', 'tls', 'security-layers']));
    expect(ids(findings)).not.toContain('tls-handshake-failed');
    expect(ids(findings)).not.toContain('tls-not-allowed');
  });

  it('suggests the least invasive repair first, the heavy repair last among repairs, and reading the events after them', () => {
    const f = one(run([listener]), 'tls-cert-not-on-server');
    const fixIds = f.fixes.map((x) => x.id);
    expect(fixIds.slice(0, 2)).toEqual(['repair-keyfile-acl', 'regenerate-self-signed-cert']);
    expect(fixIds.at(-2)).toBe('rebuild-machinekeys');
    expect(fixIds.at(-1)).toBe('check-server-events');
  });
});

describe('TLS handshake', () => {
  it('tls-handshake-failed when every version is refused after a confirm', () => {
    const attempts = tlsAttempts({
      TLSv1: { outcome: 'reset', errorCode: 'ECONNRESET', cipher: undefined },
      'TLSv1.1': { outcome: 'reset', errorCode: 'ECONNRESET', cipher: undefined },
      'TLSv1.2': { outcome: 'closed', cipher: undefined, cipherStandardName: undefined },
      'TLSv1.3': { outcome: 'alert', alert: 'handshake_failure', cipher: undefined, cipherStandardName: undefined },
    });
    const f = one(run([tlsCheck({ attempts, certificate: undefined, nameMatch: null })]), 'tls-handshake-failed');
    expect(f.detail).toContain('PROTOCOL_HYBRID_EX');
    expect(evidenceText(f)).toContain('TLS handshake: TLSv1.3: alert handshake_failure');
    expect(evidenceText(f)).toContain('TLSv1.2: closed');
  });

  it('tls-handshake-failed when the server selected TLS but answers every ClientHello with something else (xrdp with a key that does not fit its certificate)', () => {
    const notTls = { outcome: 'not-tls' as const, errorCode: 'ERR_SSL_WRONG_VERSION_NUMBER', cipher: undefined, cipherStandardName: undefined };
    const attempts = tlsAttempts({ TLSv1: notTls, 'TLSv1.1': notTls, 'TLSv1.2': notTls, 'TLSv1.3': notTls });
    const f = one(run([tlsCheck({ attempts, certificate: undefined, nameMatch: null })]), 'tls-handshake-failed');
    expect(f.severity).toBe('error');
    expect(evidenceText(f)).toContain('TLSv1.2: not-tls');
  });

  it('not when one version completes, and not when the attempts only failed locally', () => {
    expect(ids(run([tlsCheck()]))).not.toContain('tls-handshake-failed');
    const local = tlsAttempts({
      TLSv1: { outcome: 'unsupported-locally', cipher: undefined },
      'TLSv1.1': { outcome: 'unsupported-locally', cipher: undefined },
      'TLSv1.2': { outcome: 'error', errorCode: 'ERR_SSL_INTERNAL', cipher: undefined, cipherStandardName: undefined },
      'TLSv1.3': { outcome: 'error', errorCode: 'ERR_SSL_INTERNAL', cipher: undefined, cipherStandardName: undefined },
    });
    expect(run([tlsCheck({ attempts: local, certificate: undefined, nameMatch: null })])).toEqual([]);
  });

  it('tls-legacy-only when only TLS 1.0/1.1 complete and TLS 1.2 is refused', () => {
    const attempts = tlsAttempts({
      'TLSv1.2': { outcome: 'alert', alert: 'protocol_version', cipher: undefined, cipherStandardName: undefined },
      'TLSv1.3': { outcome: 'alert', alert: 'protocol_version', cipher: undefined, cipherStandardName: undefined },
    });
    const f = one(run([tlsCheck({ attempts })]), 'tls-legacy-only');
    expect(f.step).toBe('security');
    expect(f.detail).toContain('accepted TLSv1, TLSv1.1');
  });

  it('no tls-legacy-only when TLS 1.2 completes or was not tried', () => {
    expect(ids(run([tlsCheck({ attempts: tlsAttempts() })]))).not.toContain('tls-legacy-only');
    const untried = tlsAttempts({ 'TLSv1.2': { outcome: 'unsupported-locally', cipher: undefined }, 'TLSv1.3': { outcome: 'unsupported-locally', cipher: undefined } });
    expect(ids(run([tlsCheck({ attempts: untried })]))).not.toContain('tls-legacy-only');
  });
});
