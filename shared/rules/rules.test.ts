import { describe, expect, it } from 'vitest';
import { findingSchema, type CheckResult, type Finding } from '../model';
import { PROTOCOL } from '../checks/net';
import { INVASIVENESS } from '../model';
import { runRules } from './index';
import { orderFixes, purposeOf } from '../catalog';
import {
  HOST,
  IP,
  IP6,
  NOW,
  REQUESTED,
  TARGET,
  addressingCheck,
  attempt,
  certificate,
  check,
  confirm,
  credsspCheck,
  dnsCheck,
  failure,
  healthyChecks,
  listenerCheck,
  replace,
  ruleInput,
  securityLayersCheck,
  stabilityCheck,
  tcpCheck,
  tlsAttempts,
  tlsCheck,
} from './testing/netFixtures';

const run = (checks: CheckResult[], ...rest: Parameters<typeof ruleInput> extends [unknown, ...infer R] ? R : never): Finding[] => runRules(ruleInput(checks, ...rest));
const ids = (findings: Finding[]): string[] => findings.map((f) => f.id);
const one = (findings: Finding[], id: string): Finding => {
  const matches = findings.filter((f) => f.id === id);
  expect(matches, `expected exactly one ${id} in ${ids(findings).join(', ')}`).toHaveLength(1);
  return matches[0]!;
};
const evidenceText = (f: Finding): string => f.evidence.map((e) => `${e.label}: ${e.value}`).join('\n');

describe('a healthy server', () => {
  it('yields no error or warning, only the informational notes', () => {
    const findings = run(healthyChecks());
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(ids(findings).sort()).toEqual(['cert-self-signed', 'nla-required']);
  });

  it('produces findings that satisfy the model schema', () => {
    for (const f of run(healthyChecks())) expect(findingSchema.safeParse(f).success).toBe(true);
  });
});

describe('checks that did not run', () => {
  const broken = [
    dnsCheck({ outcome: 'nxdomain', addresses: [], errorCode: 'ENOTFOUND' }),
    tcpCheck({ outcome: 'refused', errorCode: 'ECONNREFUSED' }),
    listenerCheck(failure(REQUESTED, 3, 'SSL_CERT_NOT_ON_SERVER')),
    tlsCheck({ certificate: certificate({ validTo: '2024-01-01T00:00:00Z' }) }),
    credsspCheck({ clockSkewSeconds: 3600 }),
    stabilityCheck({ attempts: [attempt(1, false, 20), attempt(2, true, 40)] }),
  ];

  it.each(['skipped', 'error'] as const)('claim no cause when %s, whatever their data says', (status) => {
    const checks = broken.map((c) => ({ ...c, status, reason: 'Cancelled.' }));
    expect(run(checks)).toEqual([]);
  });

  it('yields nothing from data that does not match the schema', () => {
    expect(run([check('tls', 'certificate', 'fail', { address: IP, certificate: 'expired' }, IP)])).toEqual([]);
  });
});

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

  it('not-rdp when the port accepts but never answers the X.224 request', () => {
    expect(ids(run([listenerCheck({ requestedProtocols: REQUESTED, kind: 'timeout', durationMs: 5000 })]))).toEqual(['not-rdp']);
  });

  it('a listener that closes without a reply is a reset during the handshake, shown where it was seen', () => {
    const f = one(run([listenerCheck({ requestedProtocols: REQUESTED, kind: 'closed', durationMs: 2 })]), 'reset-during-handshake');
    expect(f.step).toBe('reachability');
    expect(evidenceText(f)).toContain('closed without a reply');
  });
});

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

describe('certificate', () => {
  it('cert-expired with the date and the days since', () => {
    const f = one(run([tlsCheck({ certificate: certificate({ validFrom: '2023-07-01T00:00:00Z', validTo: '2024-01-01T00:00:00Z' }) })]), 'cert-expired');
    expect(f.severity).toBe('error');
    expect(evidenceText(f)).toContain('Certificate valid to 2024-01-01T00:00:00Z (expired 312 days ago');
    expect(f.plain).toContain('expired on 1 January 2024');
    expect(f.forIt).toBe("the remote computer's certificate expired on 1 January 2024");
    // A self-signed certificate is repaired on the server; the thumbprint goes into the command.
    const regen = f.fixes.find((x) => x.id === 'regenerate-self-signed-cert')!;
    expect(regen.commands[0]!.text).toContain("Remove-Item -Path 'Cert:\\LocalMachine\\Remote Desktop\\3C5A910B77E24D189F60ABCDEF0123456789ABCD'");
    expect(regen.params).toEqual({ thumbprint: '3C5A910B77E24D189F60ABCDEF0123456789ABCD' });
  });

  it('an expired CA-issued certificate is renewed, not regenerated', () => {
    const cert = certificate({ selfSigned: false, issuer: 'CN=Corp Issuing CA 01, DC=corp, DC=example', issuerCN: 'Corp Issuing CA 01', validTo: '2024-10-01T00:00:00Z' });
    const f = one(run([tlsCheck({ certificate: cert })]), 'cert-expired');
    expect(f.fixes.map((x) => x.id)).toEqual(['renew-certificate', 'check-server-events']);
    expect(f.detail).toContain('Issued by Corp Issuing CA 01');
  });

  it('cert-not-yet-valid, cert-expiring-soon, and neither for a certificate in its middle age', () => {
    expect(ids(run([tlsCheck({ certificate: certificate({ validFrom: '2024-11-09T12:00:00Z' }) })]))).toContain('cert-not-yet-valid');
    const soon = one(run([tlsCheck({ certificate: certificate({ validTo: '2024-11-20T10:00:00Z' }) })]), 'cert-expiring-soon');
    expect(soon.severity).toBe('warning');
    expect(soon.plain).toContain('12 days left');
    expect(ids(run([tlsCheck({ certificate: certificate({ validTo: '2024-12-09T10:00:00Z' }) })]))).not.toContain('cert-expiring-soon');
    expect(ids(run([tlsCheck()]))).toEqual(['cert-self-signed']);
  });

  it('judges validity at the time the check ran', () => {
    const checks = [tlsCheck({ checkedAt: '2023-12-30T00:00:00Z', certificate: certificate({ validFrom: '2023-07-01T00:00:00Z', validTo: '2024-01-01T00:00:00Z' }) })];
    expect(ids(run(checks))).toContain('cert-expiring-soon');
    expect(ids(run(checks))).not.toContain('cert-expired');
  });

  it('cert-self-signed only for a self-signed certificate', () => {
    expect(one(run([tlsCheck()]), 'cert-self-signed').severity).toBe('info');
    expect(ids(run([tlsCheck({ certificate: certificate({ selfSigned: false, issuer: 'CN=Corp CA' }) })]))).toEqual([]);
  });

  it('cert-name-mismatch for a name target, never for an IP target', () => {
    const checks = [tlsCheck({ certificate: certificate({ subject: 'CN=old-pc.corp.example', subjectCN: 'old-pc.corp.example' }), nameMatch: { matches: false, checkedName: HOST, matchedBy: 'none' } })];
    const f = one(run(checks), 'cert-name-mismatch');
    expect(f.plain).toContain('old-pc.corp.example');
    // IT repairs the certificate; a remote worker connects with the name it carries.
    expect(f.fixes[0]!.id).toBe('use-ca-certificate');
    const plain = orderFixes(f.fixes, 'plain');
    expect(plain[0]!.id).toBe('connect-with-certificate-name');
    expect(plain[0]!.commands[0]!.text).toBe('mstsc /v:old-pc.corp.example');
    expect(ids(run(checks, { host: IP, port: 3389, kind: 'ipv4' }))).not.toContain('cert-name-mismatch');
  });

  it('cert-weak-key for RSA under 2048 bits and EC under 256 bits only', () => {
    expect(evidenceText(one(run([tlsCheck({ certificate: certificate({ keyBits: 1024 }) })]), 'cert-weak-key'))).toContain('RSA 1024 bits; at least 2048 expected');
    expect(ids(run([tlsCheck({ certificate: certificate({ keyBits: 4096 }) })]))).not.toContain('cert-weak-key');
    expect(ids(run([tlsCheck({ certificate: certificate({ keyType: 'ec', keyBits: 256, curve: 'prime256v1' }) })]))).not.toContain('cert-weak-key');
    expect(ids(run([tlsCheck({ certificate: certificate({ keyType: 'ec', keyBits: 192, curve: 'prime192v1' }) })]))).toContain('cert-weak-key');
  });

  it('cert-weak-signature for SHA-1 and MD5, not SHA-256', () => {
    const sha1 = certificate({ signatureAlgorithm: 'sha1WithRSAEncryption', signatureAlgorithmOid: '1.2.840.113549.1.1.5' });
    expect(evidenceText(one(run([tlsCheck({ certificate: sha1 })]), 'cert-weak-signature'))).toContain('sha1WithRSAEncryption (1.2.840.113549.1.1.5)');
    const md5 = certificate({ signatureAlgorithm: 'md5WithRSAEncryption', signatureAlgorithmOid: '1.2.840.113549.1.1.4' });
    expect(ids(run([tlsCheck({ certificate: md5 })]))).toContain('cert-weak-signature');
    expect(ids(run([tlsCheck()]))).not.toContain('cert-weak-signature');
  });

  it('the same certificate on two addresses is one set of findings', () => {
    const expired = certificate({ validTo: '2024-01-01T00:00:00Z' });
    const findings = run([tlsCheck({ certificate: expired }), tlsCheck({ address: IP6, certificate: expired })]);
    const f = one(findings, 'cert-expired');
    expect(f.address).toBeUndefined();
    expect(evidenceText(f)).toContain(`${IP}, ${IP6}`);
  });

  it('clock-skew beyond five minutes, with both clocks as evidence', () => {
    const f = one(run([credsspCheck({ clockSkewSeconds: -900, ntlm: { serverTime: '2024-11-08T09:45:00Z' } })]), 'clock-skew');
    expect(f.severity).toBe('warning');
    expect(f.plain).toContain('about 15 minutes');
    expect(evidenceText(f)).toContain('2024-11-08T09:45:00Z');
    expect(evidenceText(f)).toContain('2024-11-08T10:00:00Z');
    expect(ids(run([credsspCheck({ clockSkewSeconds: 120 })]))).toEqual([]);
    expect(ids(run([credsspCheck({ outcome: 'not-offered', ntlm: undefined, clockSkewSeconds: undefined })]))).toEqual([]);
  });
});

describe('security layer', () => {
  it('tls-not-allowed on SSL_NOT_ALLOWED_BY_SERVER', () => {
    const f = one(run([listenerCheck(failure(REQUESTED, 2, 'SSL_NOT_ALLOWED_BY_SERVER'))]), 'tls-not-allowed');
    expect(f.step).toBe('security');
    expect(evidenceText(f)).toContain('SSL_NOT_ALLOWED_BY_SERVER (2)');
    const fix = f.fixes.find((x) => x.id === 'set-security-layer')!;
    expect(fix.commands[0]!.text).toBe("Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp' -Name SecurityLayer -Value 1");
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

describe('addressing', () => {
  const twoAddresses = addressingCheck({
    addresses: [
      { address: IP6, family: 6, ok: false, stage: 'tcp', outcome: 'filtered', durationMs: 5000 },
      { address: IP, family: 4, ok: true, stage: 'done', outcome: 'ok', durationMs: 44 },
    ],
    workingAddress: IP,
  });

  it('address-fails names the address that works and offers it', () => {
    const f = one(run([twoAddresses]), 'address-fails');
    expect(f.plain).toContain(`Connecting to ${IP} works`);
    expect(evidenceText(f)).toContain(`${IP6}: failed at tcp (filtered)`);
    const byIp = f.fixes.find((x) => x.id === 'connect-by-ip')!;
    expect(byIp.commands[0]!.text).toBe(`mstsc /v:${IP}`);
    const file = f.fixes.find((x) => x.id === 'write-rdp-file')!;
    expect(file.params).toEqual({ target: IP });
    expect(file.commands[0]!.text).toContain(`full address:s:${IP}`);
  });

  it('no address-fails when all addresses behave the same', () => {
    expect(run([addressingCheck()])).toEqual([]);
    const allFail = addressingCheck({ addresses: [{ address: IP, family: 4, ok: false, stage: 'tcp', outcome: 'refused', durationMs: 1 }], workingAddress: null });
    expect(run([allFail])).toEqual([]);
  });

  const elsewhere = credsspCheck({ ntlm: { netbiosComputer: 'PC-099', dnsComputer: 'pc-099.corp.example', netbiosDomain: 'CORP', dnsDomain: 'corp.example' } });

  it('name-points-elsewhere when the machine in the same domain calls itself something else', () => {
    const f = one(run([elsewhere]), 'name-points-elsewhere');
    expect(f.severity).toBe('warning');
    expect(f.plain).toContain('pc-099.corp.example');
    expect(evidenceText(f)).toContain('PC-099 (domain corp.example)');
  });

  it('not when the machine names itself as typed, for IP targets, locally, or across domains (aliases)', () => {
    expect(run([credsspCheck()])).toEqual([]);
    expect(run([elsewhere], { host: IP, port: 3389, kind: 'ipv4' })).toEqual([]);
    expect(run([elsewhere], TARGET, { targetIsLocal: true })).toEqual([]);
    const azure = credsspCheck({ ntlm: { netbiosComputer: 'VM-PROD-01', dnsComputer: 'vm-prod-01', dnsDomain: 'vm-prod-01' } });
    expect(run([azure], { host: 'myvm.westeurope.cloudapp.azure.com', port: 3389, kind: 'dns' })).toEqual([]);
  });

  it('not when the certificate matches the typed name', () => {
    expect(ids(run([elsewhere, tlsCheck()]))).not.toContain('name-points-elsewhere');
  });

  it('from a self-signed certificate alone when NLA is off (no NTLM names)', () => {
    const cert = certificate({ subject: 'CN=pc-099.corp.example', subjectCN: 'pc-099.corp.example' });
    const tls = tlsCheck({ certificate: cert, nameMatch: { matches: false, checkedName: HOST, matchedBy: 'none' } });
    expect(ids(run([tls]))).toContain('name-points-elsewhere');
    // A certificate from a CA may carry another name on purpose: not evidence.
    const ca = tlsCheck({ certificate: { ...cert, selfSigned: false, issuer: 'CN=Corp CA' }, nameMatch: { matches: false, checkedName: HOST, matchedBy: 'none' } });
    expect(ids(run([ca]))).not.toContain('name-points-elsewhere');
  });

  it('a short typed name is compared with any name the machine gives', () => {
    expect(ids(run([elsewhere], { host: 'pc-042', port: 3389, kind: 'dns' }))).toContain('name-points-elsewhere');
  });
});

describe('stability', () => {
  it('reset-during-handshake when handshakes are cut at TLS while the TLS check succeeded', () => {
    const checks = [tlsCheck(), stabilityCheck({ attempts: [attempt(1, true, 45), attempt(2, false, 12, 'tls', 'reset (ECONNRESET)'), attempt(3, true, 50)] })];
    const findings = run(checks);
    const f = one(findings, 'reset-during-handshake');
    expect(f.plain).toContain('1 of 3 attempts');
    expect(evidenceText(f)).toContain('#2 failed at tls: reset (ECONNRESET)');
    expect(ids(findings)).toContain('intermittent-failures');
  });

  it('leaves cuts to the certificate step when TLS never completed there', () => {
    const failed = tlsAttempts({
      TLSv1: { outcome: 'reset', cipher: undefined },
      'TLSv1.1': { outcome: 'reset', cipher: undefined },
      'TLSv1.2': { outcome: 'reset', cipher: undefined, cipherStandardName: undefined },
      'TLSv1.3': { outcome: 'reset', cipher: undefined, cipherStandardName: undefined },
    });
    const checks = [tlsCheck({ attempts: failed, certificate: undefined, nameMatch: null }), stabilityCheck({ attempts: [1, 2, 3].map((n) => attempt(n, false, 10, 'tls', 'reset')) })];
    expect(ids(run(checks))).toEqual(['tls-handshake-failed']);
  });

  it('intermittent-failures only when some attempts work and some do not', () => {
    const f = one(run([stabilityCheck({ attempts: [attempt(1, true, 40), attempt(2, false, 5000, 'tcp', 'timeout'), attempt(3, true, 42)] })]), 'intermittent-failures');
    expect(f.plain).toContain('1 of 3 attempts');
    expect(run([stabilityCheck()])).toEqual([]);
  });

  it('slow-handshake when a handshake takes longer than the threshold', () => {
    const slow = [2600, 2400, 2500, 2700, 300].map((ms, i) => attempt(i + 1, true, ms));
    const f = one(run([stabilityCheck({ attempts: slow })]), 'slow-handshake');
    expect(f.detail).toContain('Slowest 2700 ms, median 2500 ms over 5 completed handshakes');
    expect(f.plain).toContain('4 of 5 tries took longer than 2 seconds, the slowest about 2.7 seconds');
    expect(f.evidence).toHaveLength(4);
    const outlier = [40, 45, 2600, 41, 43].map((ms, i) => attempt(i + 1, true, ms));
    expect(one(run([stabilityCheck({ attempts: outlier })]), 'slow-handshake').plain).toContain('1 of 5 tries');
    expect(run([stabilityCheck({ attempts: [40, 45, 1999].map((ms, i) => attempt(i + 1, true, ms)) })])).toEqual([]);
  });
});

describe('fixes', () => {
  const certProblem = [tlsCheck({ certificate: certificate({ validTo: '2024-01-01T00:00:00Z' }) })];
  const fixesOf = (findings: Finding[], id: string) => Object.fromEntries(one(findings, id).fixes.map((f) => [f.id, f]));

  it('are ordered repairs first, least invasive first among them, in every finding', () => {
    const scenarios = [
      run([tcpCheck({ outcome: 'filtered' })]),
      run([listenerCheck(failure(REQUESTED, 3, 'SSL_CERT_NOT_ON_SERVER'))]),
      run(certProblem),
      run([stabilityCheck({ attempts: [attempt(1, false, 10, 'tls', 'reset'), attempt(2, true, 40)] })]),
    ].flat();
    for (const finding of scenarios) {
      const ranks = finding.fixes.map((f) => ['repair', 'workaround', 'investigate'].indexOf(purposeOf(f)) * 10 + INVASIVENESS.indexOf(f.invasiveness));
      expect(ranks, finding.id).toEqual([...ranks].sort((a, b) => a - b));
    }
  });

  it('server fixes are automatic only on Windows when the target is this machine', () => {
    const local = fixesOf(run(certProblem, TARGET, { platform: 'win32', targetIsLocal: true }), 'cert-expired');
    expect(local['regenerate-self-signed-cert']!.automatic).toBe(true);
    expect(local['repair-keyfile-acl']!.automatic).toBe(true);
    expect(local['check-server-events']!.automatic).toBe(false);
    expect(local['remote-repair']).toBeUndefined();

    const remote = fixesOf(run(certProblem, TARGET, { platform: 'win32' }), 'cert-expired');
    expect(remote['regenerate-self-signed-cert']!.automatic).toBe(false);
    expect(remote['remote-repair']!.automatic).toBe(true);
    expect(remote['remote-repair']!.params).toMatchObject({ host: HOST, action: 'certificate' });

    const linux = run(certProblem, TARGET, { platform: 'linux', targetIsLocal: true });
    expect(linux.flatMap((f) => f.fixes).some((f) => f.automatic)).toBe(false);
  });

  it('client fixes are automatic on Windows whatever the target; the .rdp file everywhere', () => {
    const twoAddresses = addressingCheck({
      addresses: [
        { address: IP6, family: 6, ok: false, stage: 'tls', outcome: 'reset', durationMs: 30 },
        { address: IP, family: 4, ok: true, stage: 'done', outcome: 'ok', durationMs: 44 },
      ],
    });
    expect(fixesOf(run([twoAddresses], TARGET, { platform: 'win32' }), 'address-fails')['write-rdp-file']!.automatic).toBe(true);
    const mac = fixesOf(run([twoAddresses], TARGET, { platform: 'darwin' }), 'address-fails');
    expect(mac['write-rdp-file']!.automatic).toBe(true);
    expect(mac['connect-by-ip']!.automatic).toBe(false);
    // Off Windows the file's text speaks of "your Remote Desktop app", not mstsc.
    expect(`${mac['write-rdp-file']!.plain} ${mac['write-rdp-file']!.steps.join(' ')} ${mac['write-rdp-file']!.commands.map((c) => c.text).join(' ')}`).not.toMatch(/mstsc|Windows key/);
    expect(mac['write-rdp-file']!.plain).toMatch(/your Remote Desktop app/);
    expect(mac['write-rdp-file']!.illustration).toBeUndefined();
  });

  it('quote the validated host for PowerShell', () => {
    const remote = fixesOf(run(certProblem, TARGET, { platform: 'win32' }), 'cert-expired');
    expect(remote['remote-repair']!.commands.map((c) => c.text).join('\n')).toContain(`Invoke-Command -ComputerName '${HOST}' -Credential (Get-Credential) -ScriptBlock {`);
    const filtered = fixesOf(run([tcpCheck({ outcome: 'filtered' })]), 'port-filtered');
    expect(filtered['test-port']!.commands[0]!.text).toBe(`Test-NetConnection -ComputerName '${HOST}' -Port 3389`);
    expect(filtered['enable-firewall-rules']!.commands[0]!.text).toBe("Enable-NetFirewallRule -DisplayGroup 'Remote Desktop'");
  });

  it('never put a host that fails validation into a command', () => {
    const evil = { host: "pc'; Remove-Item C:\\ -Recurse; '", port: 3389, kind: 'dns' as const };
    const findings = runRules(ruleInput([tcpCheck({ outcome: 'filtered' }), ...certProblem], evil, { platform: 'win32' }));
    const commands = findings.flatMap((f) => f.fixes.flatMap((x) => x.commands.map((c) => c.text))).join('\n');
    expect(commands).not.toContain('Remove-Item C:');
    expect(commands).toContain("Test-NetConnection -ComputerName 'SERVER' -Port 3389");
    expect(findings.flatMap((f) => f.fixes).map((f) => f.id)).not.toContain('remote-repair');
  });
});

describe('runRules', () => {
  it('ranks errors first and keeps wizard order within a severity', () => {
    const checks = replace(
      healthyChecks(),
      tlsCheck({ certificate: certificate({ validTo: '2024-11-20T10:00:00Z' }) }),
      stabilityCheck({ attempts: [attempt(1, true, 40), attempt(2, false, 10, 'x224', 'reset')] }),
      credsspCheck({ clockSkewSeconds: 1200 }),
    );
    const findings = run(checks);
    expect(findings.map((f) => `${f.severity}:${f.id}`)).toEqual([
      'error:reset-during-handshake',
      'warning:cert-expiring-soon',
      'warning:clock-skew',
      'warning:intermittent-failures',
      'info:cert-self-signed',
      'info:nla-required',
    ]);
  });

  it('keeps findings about different addresses apart', () => {
    const findings = run([tcpCheck({ outcome: 'refused' }), tcpCheck({ address: IP6, outcome: 'refused' })]);
    expect(findings.map((f) => f.address)).toEqual([IP, IP6]);
  });

  it('uses the rule time when a check recorded none', () => {
    const checks = [tlsCheck({ checkedAt: '', certificate: certificate({ validTo: '2024-11-01T00:00:00Z' }) })];
    expect(ids(run(checks, TARGET, { now: NOW }))).toContain('cert-expired');
    expect(ids(run(checks, TARGET, { now: new Date('2024-10-10T00:00:00Z') }))).toContain('cert-expiring-soon');
  });
});
