// shared/rules/windows/certificate.ts on what the Windows checks make of recorded PowerShell output.
import { describe, expect, it } from 'vitest';
import { acceptedCertificateCheck, certStoreCheck, eventsCheck } from '../windows/index';
import { check, ids, rules, tlsResult } from './testing';

describe('which certificate', () => {
  it('cert-store-expired (self-signed, 1058 seen): repair the ACL, then regenerate with the thumbprint', async () => {
    const found = rules([await check(certStoreCheck, 'cert-store.expired.json'), await check(eventsCheck, 'events.key-errors.json')]);
    const f = found.find((x) => x.id === 'cert-store-expired')!;
    expect(f.plain).toContain('failed to replace it (event 1058)');
    expect(f.fixes.map((x) => x.id)).toEqual(['repair-keyfile-acl', 'regenerate-self-signed-cert']);
    expect(f.fixes[1]!.params).toEqual({ thumbprint: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C' });
    expect(ids(found)).toContain('schannel-key-errors');
  });

  it('accepted-cert-changed compares with the certificate the server presents', async () => {
    const accepted = await check(acceptedCertificateCheck, 'accepted-cert.typical.json');
    const tls = tlsResult('10.20.30.40', { subject: 'CN=PC-042', issuer: 'CN=PC-042', validTo: '2026-01-01T00:00:00Z', sha1: '77:AA:66:BB:55:CC:44:DD:33:EE:22:FF:11:00:99:88:77:66:55:44' });
    const [f] = rules([accepted, tls]);
    expect(f).toMatchObject({ id: 'accepted-cert-changed', severity: 'info' });
    const same = { ...tls, data: { ...tls.data, certificate: { ...(tls.data.certificate as object), sha1: '3F2A9C1B7D4E5F60718293A4B5C6D7E8F9012345' } } };
    expect(rules([accepted, same])).toEqual([]);
  });

  it('certificate-differs-on-wire: the listener uses another certificate than the one the network check received (11.15)', async () => {
    const store = await check(certStoreCheck, 'cert-store.valid.json');
    const tls = (sha1: string) => tlsResult('127.0.0.1', { subject: 'CN=inspection.proxy', issuer: 'CN=Corp TLS Inspection CA', validTo: '2027-01-01T00:00:00Z', sha1 });
    const other = '11:22:33:44:55:66:77:88:99:00:AA:BB:CC:DD:EE:FF:11:22:33:44';
    const [f, ...rest] = rules([store, tls(other)]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ id: 'certificate-differs-on-wire', severity: 'warning', step: 'certificate' });
    expect(f!.detail).toContain('A1B2C3D4E5F60718293A4B5C6D7E8F9012345678');
    expect(f!.detail).toContain('11223344556677889900AABBCCDDEEFF11223344');
    expect(f!.fixes.map((x) => x.id)).toEqual(['check-security-software', 'try-another-network']);
    // The same certificate, in Windows' spelling or with colons: no finding.
    expect(rules([store, tls('A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90:12:34:56:78')])).toEqual([]);
    // Another computer's target (not this one): the local store says nothing about it.
    expect(rules([store, tls(other)], { targetIsLocal: false })).toEqual([]);
  });
});
