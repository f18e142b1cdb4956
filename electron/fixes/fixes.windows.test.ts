/**
 * Applies, verifies and undoes the safe fixes FOR REAL on a throwaway Windows machine (the GitHub
 * Actions runner). Guarded twice: Windows, and RDPDOCTOR_WINDOWS_FIX_TESTS=1 (set only by
 * .github/workflows/windows.yml), so `npx vitest` on a developer's Windows PC never changes it.
 * The runner process is elevated, so the elevated executor runs the scripts directly (no UAC).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixOutcomeSchema } from '../../shared/contract';
import type { CertStoreData } from '../../shared/checks/windows/certStore';
import type { ServerFirewallData } from '../../shared/checks/windows/firewall';
import type { KeyFileData } from '../../shared/checks/windows/keyFile';
import { runWindowsCheck } from '../checks/windows/check';
import { createSpawnExecutor } from '../powershell/runner';
import { certStoreCheck, keyFileCheck, serverFirewallCheck } from '../checks/windows/serverChecks';
import { createFixBackend } from './index';

const enabled = process.platform === 'win32' && process.env.RDPDOCTOR_WINDOWS_FIX_TESTS === '1';
const run = createSpawnExecutor();
const local = { host: 'localhost', port: 3389, kind: 'dns' as const };

/** Test set-up only (never product code): a literal PowerShell command. */
function setup(command: string): string {
  const out = spawnSync('powershell.exe', ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', command], { encoding: 'utf8', windowsHide: true });
  if (out.status !== 0) throw new Error(`set-up failed: ${command}\n${out.stderr}`);
  return out.stdout;
}

async function read<D>(spec: unknown): Promise<D> {
  const r = await runWindowsCheck(spec as never, { executor: run }, { target: local, signal: new AbortController().signal, platform: 'win32' });
  expect(r.status, r.summary).not.toBe('error');
  return r.data as D;
}

describe.skipIf(!enabled)('safe fixes applied, verified and undone on this throwaway runner (needs Windows and RDPDOCTOR_WINDOWS_FIX_TESTS=1)', () => {
  let dataDir = '';
  let backend: ReturnType<typeof createFixBackend>;
  const signal = () => new AbortController().signal;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'rdpdoctor-fixtests-'));
    backend = createFixBackend({ dataDir });
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('enable-firewall-rules: closed → open → undo closes it again', async () => {
    setup("Set-NetFirewallProfile -Profile Domain,Private,Public -Enabled True; Disable-NetFirewallRule -Name 'RemoteDesktop-UserMode-In-TCP','RemoteDesktop-UserMode-In-UDP'");
    const before = await read<ServerFirewallData>(serverFirewallCheck);
    expect(before.coverage.some((c) => !c.open)).toBe(true);
    const preview = await backend.preview('enable-firewall-rules', { profiles: 'Domain,Private,Public' });
    console.log(JSON.stringify(preview.changes));
    expect(preview.applicable).toBe(true);
    const outcome = await backend.apply('enable-firewall-rules', { profiles: 'Domain,Private,Public' }, { signal: signal() });
    console.log(outcome.message);
    expect(fixOutcomeSchema.safeParse(outcome).success).toBe(true);
    expect(outcome.status).toBe('applied');
    expect(outcome.verification?.passed).toBe(true);
    const undone = await backend.undo(outcome.undoId!, { signal: signal() });
    expect(undone.status, undone.message).toBe('undone');
    const after = await read<ServerFirewallData>(serverFirewallCheck);
    expect(after.remoteDesktopRules.filter((r) => r.name.startsWith('RemoteDesktop-UserMode-In-')).every((r) => !r.enabled)).toBe(true);
    expect(after.remoteDesktopRules.concat(after.portRules).some((r) => r.name.startsWith('RDPDoctor-'))).toBe(false);
  }, 300_000);

  it('repair-keyfile-acl: NETWORK SERVICE removed → repaired → undo restores the exact ACL → repaired again', async () => {
    const start = await read<KeyFileData>(keyFileCheck);
    expect(start.exists, 'the self-signed key file must exist (the workflow starts Remote Desktop Services first)').toBe(true);
    setup(`icacls.exe '${start.path}' /remove:g '*S-1-5-20'`);
    expect((await read<KeyFileData>(keyFileCheck)).networkServiceCanRead).toBe(false);
    const preview = await backend.preview('repair-keyfile-acl', {});
    expect(preview.applicable).toBe(true);
    const outcome = await backend.apply('repair-keyfile-acl', {}, { signal: signal() });
    console.log(outcome.message);
    expect(outcome.status).toBe('applied');
    expect(outcome.verification?.passed).toBe(true);
    const undone = await backend.undo(outcome.undoId!, { signal: signal() });
    expect(undone.status, undone.message).toBe('undone');
    expect((await read<KeyFileData>(keyFileCheck)).networkServiceCanRead).toBe(false);
    const again = await backend.apply('repair-keyfile-acl', {}, { signal: signal() });
    expect(again.verification?.passed).toBe(true);
  }, 300_000);

  it('regenerate-self-signed-cert: the self-signed certificate is replaced by a new valid one; undo reports honestly', async () => {
    const before = await read<CertStoreData>(certStoreCheck);
    const old = before.certificates.find((c) => c.store === 'Remote Desktop' && c.selfSigned);
    expect(old, 'a self-signed Remote Desktop certificate must exist (the workflow starts Remote Desktop Services first)').toBeDefined();
    const preview = await backend.preview('regenerate-self-signed-cert', { thumbprint: old!.thumbprint });
    expect(preview.applicable).toBe(true);
    const outcome = await backend.apply('regenerate-self-signed-cert', { thumbprint: old!.thumbprint }, { signal: signal() });
    console.log(outcome.message);
    expect(outcome.status).toBe('applied');
    const after = await read<CertStoreData>(certStoreCheck);
    expect(after.certificates.some((c) => c.thumbprint === old!.thumbprint)).toBe(false);
    expect(outcome.verification?.passed, JSON.stringify(after)).toBe(true);
    const undone = await backend.undo(outcome.undoId!, { signal: signal() });
    console.log(undone.message);
    expect(['undone', 'failed']).toContain(undone.status);
    expect(undone.message.length).toBeGreaterThan(10);
  }, 300_000);
});
