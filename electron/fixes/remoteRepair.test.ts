import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { remoteRepairFix } from './remoteRepair';
import { applyContext, fixEnv, fixture, scripted } from './testing/scripted';

let dataDir: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rdpdoctor-remote-'));
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});
const only5986 = { probeTcp: async (_h: string, p: number) => p === 5986 };

describe('remote-repair', () => {
  it('not applicable when WinRM does not answer; applicable when it does', async () => {
    const closed = await remoteRepairFix.describe({ host: 'pc-042.corp.example', action: 'certificate' }, fixEnv(dataDir, scripted({}), 'win32', { probeTcp: async () => false }));
    expect(closed.applicable).toBe(false);
    expect(closed.notApplicableReason).toMatch(/5985/);
    expect(closed.commands.some((c) => c.text.includes('Invoke-Command'))).toBe(true);
    const open = await remoteRepairFix.describe({ host: 'pc-042.corp.example', action: 'certificate' }, fixEnv(dataDir, scripted({}), 'win32', only5986));
    expect(open.applicable).toBe(true);
    expect(open.changes[0]!.location).toContain('5986');
  });

  it('HTTPS only: the preview says whether the certificate checks are skipped, and only by explicit choice (11.13)', async () => {
    const checked = await remoteRepairFix.describe({ host: 'pc-042.corp.example', action: 'firewall' }, fixEnv(dataDir, scripted({}), 'win32', only5986));
    expect(checked.changes[1]!.description).toMatch(/certificate checked/);
    const skipped = await remoteRepairFix.describe({ host: 'pc-042.corp.example', action: 'firewall', skipCertificateCheck: true }, fixEnv(dataDir, scripted({}), 'win32', only5986));
    expect(skipped.changes[1]!.description).toMatch(/without checking .*as you chose/);
    const http = await remoteRepairFix.describe({ host: 'pc-042.corp.example', action: 'firewall', skipCertificateCheck: true }, fixEnv(dataDir, scripted({}), 'win32', { probeTcp: async () => true }));
    expect(http.changes.some((c) => /certificate/.test(c.description))).toBe(false);
    expect(checked.risk).toMatch(/TrustedHosts/);
    expect(checked.risk).toMatch(/LocalAccountTokenFilterPolicy/);
  });

  it('apply runs the fixed script interactively, with HTTPS when only 5986 answers, and the consent as data', async () => {
    const run = scripted({ 'remote-repair': fixture('remote-repair.json') });
    const out = await remoteRepairFix.apply({ host: 'PC-042.corp.example', action: 'certificate' }, applyContext(dataDir, scripted({}), run, only5986));
    expect(run.calls[0]).toMatchObject({ scriptId: 'remote-repair', interactive: true, input: { host: 'pc-042.corp.example', action: 'certificate', thumbprint: null, useSsl: true, skipCertificateCheck: false } });
    expect(out.message).toContain('77AA66BB55CC44DD33EE22FF1100998877665544');
    expect(remoteRepairFix.undoable).toBe(false);
    await remoteRepairFix.apply({ host: 'pc-042.corp.example', action: 'firewall', skipCertificateCheck: true }, applyContext(dataDir, scripted({}), run, only5986));
    expect(run.calls[1]!.input).toMatchObject({ useSsl: true, skipCertificateCheck: true });
  });

  it('a precondition the script explains reaches the administrator in its own words', async () => {
    const stderr = "RDPDOCTOR-PRECONDITION trusted-hosts: WinRM over HTTP only connects to pc-042 without a domain (Kerberos) when it is in this computer's TrustedHosts list. As administrator on this computer run: Set-Item WSMan:\\localhost\\Client\\TrustedHosts -Value 'pc-042' -Concatenate -Force.";
    const run = scripted({ 'remote-repair': { exitCode: 1, stderr } });
    const error = await remoteRepairFix.apply({ host: 'pc-042', action: 'firewall' }, applyContext(dataDir, scripted({}), run, { probeTcp: async () => true })).catch((e: unknown) => e as Error);
    expect(error.message).toMatch(/^WinRM over HTTP only connects to pc-042/);
    expect(error.message).toContain('Set-Item WSMan:\\localhost\\Client\\TrustedHosts');
  });

  it('refuses hostile hosts', async () => {
    const d = await remoteRepairFix.describe({ host: 'pc; Remove-Item -Recurse C:\\', action: 'firewall' }, fixEnv(dataDir, scripted({}), 'win32', { probeTcp: async () => true }));
    expect(d.applicable).toBe(false);
  });
});
