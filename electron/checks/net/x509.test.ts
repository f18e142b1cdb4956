import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certificateSchema } from '../../../shared/checks/net';
import { makeCertificate } from './testkit';
import { certificateNames, describeCertificate, dnsNameMatches, formatIp, matchCertificateName, parseCertificateDer } from './x509';

const DAY = 86_400_000;

describe('certificate parsing (certificates built with our DER writer, signed by node:crypto)', () => {
  const rsa = makeCertificate({
    cn: 'pc-042.corp.example',
    dnsNames: ['pc-042.corp.example', '*.rdp.example'],
    ipAddresses: ['10.0.0.5', '2001:db8::5'],
    eku: ['1.3.6.1.5.5.7.3.1', '1.3.6.1.4.1.311.54.1.2'],
    notBefore: new Date('2024-01-02T03:04:05Z'),
    notAfter: new Date('2055-06-07T08:09:10Z'),
    serial: 0x0abcdef,
  });

  it('Node accepts what our writer built (the DER is valid)', () => {
    const x509 = new X509Certificate(rsa.der);
    expect(x509.subject).toBe('CN=pc-042.corp.example');
    expect(x509.verify(x509.publicKey)).toBe(true);
  });

  it('reads names, validity (UTCTime and GeneralizedTime), key, signature, EKU, SANs', () => {
    const parsed = parseCertificateDer(rsa.der);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.cert).toMatchObject({
      version: 3,
      serialHex: '00ABCDEF',
      signatureAlgorithm: 'sha256WithRSAEncryption',
      signatureAlgorithmOid: '1.2.840.113549.1.1.11',
      keyType: 'rsa',
      keyBits: 2048,
      extendedKeyUsage: ['1.3.6.1.5.5.7.3.1', '1.3.6.1.4.1.311.54.1.2'],
      dnsNames: ['pc-042.corp.example', '*.rdp.example'],
      ipAddresses: ['10.0.0.5', '2001:db8::5'],
      isCA: false,
    });
    expect(parsed.cert.validFrom.toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(parsed.cert.validTo.toISOString()).toBe('2055-06-07T08:09:10.000Z');
  });

  it('describes per certificateSchema, fingerprints agree with Node', () => {
    const described = describeCertificate(rsa.der);
    expect(described.ok).toBe(true);
    if (!described.ok) return;
    const info = described.info;
    expect(certificateSchema.safeParse(info).success).toBe(true);
    const x509 = new X509Certificate(rsa.der);
    expect(info.sha1).toBe(x509.fingerprint);
    expect(info.sha256).toBe(x509.fingerprint256);
    expect(info.sha1).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
    expect(info).toMatchObject({ subject: 'CN=pc-042.corp.example', subjectCN: 'pc-042.corp.example', issuerCN: 'pc-042.corp.example', selfSigned: true, serialNumber: x509.serialNumber });
    expect(info.pem).toBe(x509.toString());
  });

  it('EC P-256 with ecdsa-with-SHA256, RSA 1024 with SHA-1', () => {
    const ec = describeCertificate(makeCertificate({ cn: 'ec', key: 'ec' }).der);
    expect(ec.ok && ec.info).toMatchObject({ keyType: 'ec', keyBits: 256, curve: 'prime256v1', signatureAlgorithm: 'ecdsa-with-SHA256', signatureAlgorithmOid: '1.2.840.10045.4.3.2' });
    const weak = describeCertificate(makeCertificate({ cn: 'weak', rsaBits: 1024, hash: 'sha1' }).der);
    expect(weak.ok && weak.info).toMatchObject({ keyType: 'rsa', keyBits: 1024, signatureAlgorithm: 'sha1WithRSAEncryption' });
  });

  it('no EKU extension gives an empty list; issuer differing from subject is not self-signed', () => {
    const described = describeCertificate(makeCertificate({ cn: 'leaf', issuerCn: 'Corp CA' }).der);
    expect(described.ok && described.info).toMatchObject({ extendedKeyUsage: [], selfSigned: false, issuer: 'CN=Corp CA', issuerCN: 'Corp CA' });
  });

  it('expired dates come through as real dates', () => {
    const expired = describeCertificate(makeCertificate({ cn: 'x', notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - 30 * DAY) }).der);
    expect(expired.ok && Date.parse(expired.info.validTo)).toBeLessThan(Date.now());
  });

  it('garbage is an error result, not an exception', () => {
    expect(parseCertificateDer(Buffer.from('30 03 02 01 00'.replace(/ /g, ''), 'hex'))).toMatchObject({ ok: false });
    expect(describeCertificate(Buffer.alloc(0))).toMatchObject({ ok: false });
    const truncated = rsa.der.subarray(0, rsa.der.length - 10);
    expect(describeCertificate(truncated).ok).toBe(false);
    expect(certificateNames(truncated)).toBeNull();
  });

  it('certificateNames: the CN then the DNS SANs, the same names the full description gives', () => {
    expect(certificateNames(rsa.der)).toEqual(['pc-042.corp.example', 'pc-042.corp.example', '*.rdp.example']);
    const described = describeCertificate(rsa.der);
    if (!described.ok) throw new Error(described.error);
    expect(certificateNames(rsa.der)).toEqual([described.info.subjectCN, ...described.info.dnsNames]);
  });
});

describe('name matching', () => {
  const cert = { dnsNames: ['pc-042.corp.example', '*.rdp.example'], ipAddresses: ['10.0.0.5', '2001:db8::5'], subjectCN: 'legacy-name' };
  it('DNS SAN exact, case-insensitive, trailing dot', () => {
    expect(matchCertificateName(cert, 'PC-042.corp.example.')).toEqual({ matches: true, checkedName: 'PC-042.corp.example.', matchedBy: 'dns-san' });
  });
  it('wildcards: one label only, left-most only, not over public suffix-like two-label patterns', () => {
    expect(matchCertificateName(cert, 'host.rdp.example').matchedBy).toBe('dns-san');
    expect(matchCertificateName(cert, 'a.b.rdp.example').matches).toBe(false);
    expect(matchCertificateName(cert, 'rdp.example').matches).toBe(false);
    expect(dnsNameMatches('*.com', 'example.com')).toBe(false);
    expect(dnsNameMatches('f*.example.com', 'foo.example.com')).toBe(false);
    expect(dnsNameMatches('*.example.com', '10.example.com')).toBe(true);
  });
  it('IP SANs (IPv6 canonicalised), then CN', () => {
    expect(matchCertificateName(cert, '10.0.0.5').matchedBy).toBe('ip-san');
    expect(matchCertificateName(cert, '2001:0db8:0:0::5').matchedBy).toBe('ip-san');
    expect(matchCertificateName(cert, 'legacy-name').matchedBy).toBe('cn');
    expect(matchCertificateName(cert, '10.0.0.6')).toEqual({ matches: false, checkedName: '10.0.0.6', matchedBy: 'none' });
    expect(matchCertificateName({ dnsNames: ['10.0.0.5'], ipAddresses: [], subjectCN: 'x' }, '10.0.0.5').matches).toBe(false);
  });
  it('formats IPv6 per RFC 5952', () => {
    expect(formatIp(Buffer.from('20010db8000000000000000000000005', 'hex'))).toBe('2001:db8::5');
    expect(formatIp(Buffer.from('00000000000000000000000000000001', 'hex'))).toBe('::1');
    expect(formatIp(Buffer.from('20010db8000100000001000000000001', 'hex'))).toBe('2001:db8:1:0:1::1');
  });
});
