import { describe, expect, it } from 'vitest';
import { readFixScript } from '../../shared/catalog';
import { SCRIPTS } from '../powershell/scripts';
import { currentCertificate, regenerateSelfSignedCertFix } from './regenerateCert';
import { fixture, scripted, TEST_UNDO_ID, useFixTestDataDir } from './testing/scripted';
import { certStoreCheck } from '../checks/windows/serverChecks';
import { readState } from './common';
import type { PowerShellExecutor } from '../powershell/runner';

const data = useFixTestDataDir('rdpdoctor-regen-');
const env = (run: PowerShellExecutor) => data.env(run);
const ctx = (runElevated: PowerShellExecutor) => data.applyCtx(runElevated);
const verifyCtx = (run: PowerShellExecutor) => ({ signal: new AbortController().signal, run, platform: 'win32' as const });

/** cert-store.valid.json with WMI's hash still naming a certificate that is in no store (stale after the deletion). */
const staleHash = () => {
  const v = JSON.parse(fixture('cert-store.valid.json'));
  const self = v.certificates[0];
  const older = { ...self, thumbprint: 'B1B2C3D4E5F60718293A4B5C6D7E8F9012345678', notBefore: '2025-06-01T08:12:44.0000000Z' };
  return JSON.stringify({ ...v, inUse: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C', certificates: [older, self] });
};

describe('regenerate-self-signed-cert', () => {
  it('describe lists the certificate to delete and warns when the key file is broken', async () => {
    const d = await regenerateSelfSignedCertFix.describe({}, env(scripted({ 'cert-store': fixture('cert-store.expired.json'), 'key-file': fixture('key-file.broken.json') })));
    expect(d.applicable).toBe(true);
    expect(d.changes[0]).toMatchObject({ location: 'Cert:\\LocalMachine\\Remote Desktop\\0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C' });
    expect(d.changes[0]!.before).toContain('expired');
    expect(d.risk).toMatch(/ARE broken/);
  });

  it('not applicable when there is no self-signed certificate (or not the one asked for)', async () => {
    const run = scripted({ 'cert-store': fixture('cert-store.valid.json'), 'key-file': fixture('key-file.good.json') });
    const d = await regenerateSelfSignedCertFix.describe({ thumbprint: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C' }, env(run));
    expect(d.applicable).toBe(false);
  });

  it('apply reports the new certificate; undo explains a non-exportable key honestly', async () => {
    const elevated = scripted({ 'fix-regenerate-cert': fixture('fix-regenerate-cert.json'), 'fix-regenerate-cert-undo': fixture('fix-regenerate-cert-undo.json') });
    const out = await regenerateSelfSignedCertFix.apply(regenerateSelfSignedCertFix.params.parse({ thumbprint: '0f:1e:2d:3c:4b:5a:69:78:87:96:a5:b4:c3:d2:e1:f0:0f:1e:2d:3c' }), ctx(elevated));
    expect(elevated.calls[0]!.input).toEqual({ undoId: TEST_UNDO_ID, thumbprint: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C' });
    expect(out.message).toContain('77AA66BB55CC44DD33EE22FF1100998877665544');
    const undo = await regenerateSelfSignedCertFix.undo(out.undo, ctx(elevated));
    expect(elevated.calls[1]!.input).toEqual({ undoId: TEST_UNDO_ID, thumbprints: ['0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C'] });
    expect(undo.message).toMatch(/cannot be put back/);
  });

  it('keeps the undo data when the restart fails after the deletion (11.3); none when nothing was deleted', () => {
    const half = { ...JSON.parse(fixture('fix-regenerate-cert.json')), restarted: false, newThumbprint: null };
    expect(regenerateSelfSignedCertFix.undoFromPartial!(half)).toMatchObject({ removed: [{ thumbprint: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C' }] });
    expect(regenerateSelfSignedCertFix.undoFromPartial!({ ...half, removed: [] })).toBeUndefined();
  });

  it('verify: a valid certificate with a key in use passes; an expired one fails', async () => {
    expect((await regenerateSelfSignedCertFix.verify({}, verifyCtx(scripted({ 'cert-store': fixture('cert-store.valid.json') })))).passed).toBe(true);
    expect((await regenerateSelfSignedCertFix.verify({}, verifyCtx(scripted({ 'cert-store': fixture('cert-store.expired.json') })))).passed).toBe(false);
  });

  it('verify does not trust a stale WMI hash: it falls back to the newest valid self-signed certificate in the store (11.6)', async () => {
    const run = scripted({ 'cert-store': staleHash() });
    const { data } = await readState(certStoreCheck, run, 'win32');
    expect(currentCertificate(data!)?.thumbprint).toBe('A1B2C3D4E5F60718293A4B5C6D7E8F9012345678');
    const v = await regenerateSelfSignedCertFix.verify({ thumbprint: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C' }, verifyCtx(run));
    expect(v.passed).toBe(true);
  });
});

describe('the manual command of the certificate repair (11.7, 10.1)', () => {
  // Which certificates it deletes (self-signed only, never a CA one) is proven by the script's own
  // Pester tests (fixes/regenerate-cert.Tests.ps1): the command shown IS that script.
  it('is regenerate-cert.ps1 itself, with the thumbprint the repair would be given', async () => {
    const d = await regenerateSelfSignedCertFix.describe({ thumbprint: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C' }, { platform: 'linux', elevated: false, run: scripted({}), dataDir: '/tmp' });
    expect(readFixScript(d.commands[0]!.text)).toEqual({ scriptId: 'fix-regenerate-cert', input: { thumbprint: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C' } });
    expect(d.commands[0]!.text.endsWith(`${SCRIPTS['fix-regenerate-cert'].body.trimEnd()}\n`)).toBe(true);
  });
});
