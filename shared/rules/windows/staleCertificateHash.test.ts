import { describe, expect, it } from 'vitest';
import type { CertStoreData, StoreCertificate } from '../../checks/windows/certStore';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { runRules } from '../index';
import { readFixScript } from '../../catalog';
import { check, ruleInput } from '../testing/netFixtures';

const STALE = '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C';
const self: StoreCertificate = { store: 'Remote Desktop', thumbprint: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678', subject: 'CN=PC-042', issuer: 'CN=PC-042', notBefore: '2025-09-01T08:12:44.000Z', notAfter: '2026-09-01T08:12:44.000Z', hasPrivateKey: true, selfSigned: true, eku: [], inUse: false, validity: 'valid', ekuUsable: true };
const store = (over: Partial<CertStoreData>): CertStoreData => ({ checkedAt: '2025-12-01T10:00:00.000Z', inUseThumbprint: STALE, configuredThumbprint: STALE, certificates: [self], inUseFound: false, storeExists: true, problems: [], ...over });
const findings = (data: CertStoreData) => runRules(ruleInput([check(WINDOWS_CHECK_IDS.certStore, 'certificate', 'warn', data)], undefined, { platform: 'win32', targetIsLocal: true })).filter((f) => f.id === 'stale-certificate-hash');

describe('stale-certificate-hash (11.14)', () => {
  it('a configured hash that names a certificate in no store: an error of the certificate step, with the repair that removes the value', () => {
    const [f] = findings(store({}));
    expect(f!.severity).toBe('error');
    expect(f!.step).toBe('certificate');
    expect(f!.detail).toContain(`SSLCertificateSHA1Hash = ${STALE}`);
    expect(f!.fixes.map((x) => x.id)).toEqual(['clear-certificate-hash']);
    expect(f!.fixes[0]!.params).toEqual({ thumbprint: STALE });
    expect(f!.fixes[0]!.automatic).toBe(true);
    // By hand: the script the fix runs (fixes/clear-cert-hash.ps1), with the same thumbprint as data.
    expect(readFixScript(f!.fixes[0]!.commands[0]!.text)).toEqual({ scriptId: 'fix-clear-cert-hash', input: { thumbprint: STALE } });
  });

  it('nothing when the hash names a certificate that is there, when none is configured, or when a store could not be read', () => {
    expect(findings(store({ configuredThumbprint: self.thumbprint }))).toEqual([]);
    expect(findings(store({ configuredThumbprint: null }))).toEqual([]);
    expect(findings(store({ problems: [{ section: 'my-store', kind: 'needs-administrator', message: 'Access is denied.' }] }))).toEqual([]);
  });
});
