import { describe, expect, it } from 'vitest';
import { readFixScript } from '../catalog';
import { orderFixes } from '../catalog';
import { HOST, IP, IP6, certificate, credsspCheck, tlsCheck } from './testing/netFixtures';
import { run, ids, one, evidenceText } from './testing/findings';

describe('certificate', () => {
  it('cert-expired with the date and the days since', () => {
    const f = one(run([tlsCheck({ certificate: certificate({ validFrom: '2023-07-01T00:00:00Z', validTo: '2024-01-01T00:00:00Z' }) })]), 'cert-expired');
    expect(f.severity).toBe('error');
    expect(evidenceText(f)).toContain('Certificate valid to 2024-01-01T00:00:00Z (expired 312 days ago');
    expect(f.plain).toContain('expired on 1 January 2024');
    expect(f.forIt).toBe("the remote computer's certificate expired on 1 January 2024");
    // A self-signed certificate is repaired on the server; the thumbprint goes into the command.
    const regen = f.fixes.find((x) => x.id === 'regenerate-self-signed-cert')!;
    expect(readFixScript(regen.commands[0]!.text)).toEqual({ scriptId: 'fix-regenerate-cert', input: { thumbprint: '3C5A910B77E24D189F60ABCDEF0123456789ABCD' } });
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
