import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearCertHashFix } from './clearCertHash';
import { applyContext, fixEnv, fixture, scripted } from './testing/scripted';

const STALE = '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C';
let dataDir: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rdpdoctor-certhash-'));
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});
/** The cert-store script's output with the registry value naming a certificate in no store. */
const stale = () => JSON.stringify({ ...JSON.parse(fixture('cert-store.valid.json')), configured: STALE });
const cleared = () => JSON.stringify({ ...JSON.parse(fixture('cert-store.valid.json')), configured: null });

describe('clear-certificate-hash (11.14)', () => {
  it('describe: the value before and after; not applicable when the value changed or names a certificate that is there', async () => {
    const d = await clearCertHashFix.describe({ thumbprint: STALE }, fixEnv(dataDir, scripted({ 'cert-store': stale() })));
    expect(d.applicable).toBe(true);
    expect(d.changes).toEqual([expect.objectContaining({ location: expect.stringContaining('RDP-Tcp\\SSLCertificateSHA1Hash'), before: STALE, after: expect.stringContaining('self-signed') })]);
    expect((await clearCertHashFix.describe({ thumbprint: STALE }, fixEnv(dataDir, scripted({ 'cert-store': cleared() })))).applicable).toBe(false);
    const present = JSON.stringify({ ...JSON.parse(fixture('cert-store.valid.json')), configured: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678' });
    expect((await clearCertHashFix.describe({ thumbprint: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678' }, fixEnv(dataDir, scripted({ 'cert-store': present })))).notApplicableReason).toMatch(/not stale/);
  });

  it('apply, verify (the value is gone) and undo (written back) through the fixed scripts', async () => {
    const elevated = scripted({ 'fix-clear-cert-hash': JSON.stringify({ thumbprint: STALE, removed: true, errors: [] }), 'fix-clear-cert-hash-undo': JSON.stringify({ restored: STALE, errors: [] }) });
    const out = await clearCertHashFix.apply({ thumbprint: STALE }, applyContext(dataDir, elevated));
    expect(elevated.calls[0]!.input).toEqual({ thumbprint: STALE });
    const verify = (answer: string) => clearCertHashFix.verify({ thumbprint: STALE }, { signal: new AbortController().signal, run: scripted({ 'cert-store': answer }), platform: 'win32' });
    expect((await verify(cleared())).passed).toBe(true);
    expect((await verify(stale())).passed).toBe(false);
    await clearCertHashFix.undo(out.undo, applyContext(dataDir, elevated));
    expect(elevated.calls[1]).toMatchObject({ scriptId: 'fix-clear-cert-hash-undo', input: { thumbprint: STALE } });
    expect(clearCertHashFix.undoFromPartial!({ thumbprint: STALE, removed: false })).toBeUndefined();
  });
});
