import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixOutcomeSchema, fixPreviewSchema, undoRecordSchema } from '../../shared/contract';
import { AUTOMATIC_FIX_IDS } from '../../shared/catalog';
import type { PowerShellExecutor, PowerShellRequest } from '../powershell/runner';
import type { ScriptId } from '../powershell/scripts';
import { enableFirewallRulesFix } from './firewallFix';
import { enableRdpFix, setNlaFix, setSecurityLayerFix, startTermServiceFix } from './listenerFixes';
import { writeRdpFileFix } from './clientFixes';
import { createFixBackend, fixModules } from './index';
import { UndoStore } from './undoStore';
import type { ApplyContext, FixEnv } from './types';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => readFileSync(path.join(here, '../checks/windows/fixtures', name), 'utf8');

type Answer = string | { stdout?: string; stderr?: string; exitCode?: number; spawnError?: { code: string; message: string } };

/** An executor answering each script with a recorded output. */
function scripted(answers: Partial<Record<ScriptId, Answer>>, onCall?: (r: PowerShellRequest) => void | Promise<void>): PowerShellExecutor & { calls: PowerShellRequest[] } {
  const calls: PowerShellRequest[] = [];
  const fn = (async (request: PowerShellRequest) => {
    calls.push(request);
    await onCall?.(request);
    const a = answers[request.scriptId];
    if (a === undefined) return { exitCode: 1, stdout: '', stderr: `no recorded answer for ${request.scriptId}`, timedOut: false, cancelled: false, durationMs: 1 };
    const o = typeof a === 'string' ? { stdout: a } : a;
    return { exitCode: o.exitCode ?? 0, stdout: o.stdout ?? '', stderr: o.stderr ?? '', timedOut: false, cancelled: false, durationMs: 1, ...(o.spawnError ? { spawnError: o.spawnError } : {}) };
  }) as PowerShellExecutor & { calls: PowerShellRequest[] };
  fn.calls = calls;
  return fn;
}

let dataDir: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rdpdoctor-fixes-'));
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

const env = (run: PowerShellExecutor, platform: NodeJS.Platform = 'win32', extra: Partial<FixEnv> = {}): FixEnv => ({ platform, elevated: false, run, dataDir, ...extra });
const applyCtx = (runElevated: PowerShellExecutor, run: PowerShellExecutor = scripted({}), extra: Partial<ApplyContext> = {}): ApplyContext => ({
  signal: new AbortController().signal,
  runElevated,
  run,
  platform: 'win32',
  dataDir,
  undoId: 'c0ffee00-1234-4abc-9def-001122334455',
  undoDir: path.join(dataDir, 'undo', 'c0ffee00'),
  ...extra,
});

describe('the registry', () => {
  it('has every automatic fix id of the catalogue, and unique ids', () => {
    const ids = fixModules.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of AUTOMATIC_FIX_IDS) expect(ids).toContain(id);
  });

  it('only the .rdp file runs on every platform', () => {
    expect(fixModules.filter((m) => m.anyPlatform).map((m) => m.id)).toEqual(['write-rdp-file']);
  });

  it.each(fixModules.filter((m) => !m.anyPlatform).map((m) => [m.id, m] as const))('%s: off Windows, describe says not applicable and still gives the commands', async (_id, m) => {
    const params = m.id === 'set-nla' ? { required: true } : m.id === 'set-security-layer' ? { securityLayer: 1 } : m.id === 'remote-repair' ? { host: 'pc-042.corp.example', action: 'certificate' } : m.id === 'clear-certificate-hash' ? { thumbprint: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C' } : {};
    const run = scripted({});
    const d = await m.describe(m.params.parse(params), env(run, 'linux'));
    expect(d.applicable).toBe(false);
    expect(d.notApplicableReason).toBeTruthy();
    expect(d.commands.length).toBeGreaterThan(0);
    expect(run.calls).toEqual([]);
  });
});

describe('enable-firewall-rules', () => {
  it('describe: enables the built-in rules for the closed profile in use, with before-values', async () => {
    const d = await enableFirewallRulesFix.describe({}, env(scripted({ 'server-firewall': fixture('server-firewall.closed-german.json') })));
    expect(d.applicable).toBe(true);
    expect(d.changes[0]).toMatchObject({ location: 'Windows Firewall inbound rule RemoteDesktop-UserMode-In-TCP', after: 'enabled' });
    expect(d.changes[0]!.before).toContain('disabled (profiles Domain');
    // the built-in rules only cover Domain: Private needs our own rule
    expect(d.changes.filter((c) => c.location?.startsWith('Windows Firewall inbound rule RDPDoctor-'))).toHaveLength(2);
    expect(d.changes[2]!.description).toContain('Private');
  });

  it('describe: a moved port gets port rules; already open → not applicable', async () => {
    const moved = await enableFirewallRulesFix.describe({}, env(scripted({ 'server-firewall': fixture('server-firewall.port-moved.json') })));
    expect(moved.changes.map((c) => c.location)).toEqual(['Windows Firewall inbound rule RDPDoctor-RemoteDesktop-In-TCP-3390', 'Windows Firewall inbound rule RDPDoctor-RemoteDesktop-In-UDP-3390']);
    expect(moved.commands[0]!.text).toContain('-LocalPort 3390');
    const open = await enableFirewallRulesFix.describe({}, env(scripted({ 'server-firewall': fixture('server-firewall.open.json') })));
    expect(open.applicable).toBe(false);
  });

  it('apply passes only the undo id and profiles; undo passes the recorded states back', async () => {
    const elevated = scripted({ 'fix-firewall-apply': fixture('fix-firewall-apply.json'), 'fix-firewall-undo': fixture('fix-firewall-undo.json') });
    const out = await enableFirewallRulesFix.apply({ profiles: 'Private' }, applyCtx(elevated, scripted({ 'server-firewall': fixture('server-firewall.closed-german.json') })));
    expect(elevated.calls[0]).toMatchObject({ scriptId: 'fix-firewall-apply', input: { undoId: 'c0ffee00-1234-4abc-9def-001122334455', profiles: ['Private'] } });
    expect(out.message).toContain('enabled RemoteDesktop-UserMode-In-TCP');
    const undo = await enableFirewallRulesFix.undo(JSON.parse(JSON.stringify(out.undo)), applyCtx(elevated));
    expect(elevated.calls[1]).toMatchObject({ scriptId: 'fix-firewall-undo', input: { before: [{ name: 'RemoteDesktop-UserMode-In-TCP', enabled: 'False' }, { name: 'RemoteDesktop-UserMode-In-UDP', enabled: 'False' }], created: [] } });
    expect(undo.message).toContain('RemoteDesktop-UserMode-In-TCP');
  });

  it('reads a single-string profile list of the port variant', async () => {
    const elevated = scripted({ 'fix-firewall-apply': fixture('fix-firewall-apply.port.json') });
    const out = await enableFirewallRulesFix.apply({}, applyCtx(elevated, scripted({ 'server-firewall': fixture('server-firewall.port-moved.json') })));
    expect(out.undo.profiles).toEqual(['Public']);
    expect(out.undo.created).toHaveLength(2);
  });

  it('verify checks again: the profile in use must be open', async () => {
    const v = await enableFirewallRulesFix.verify({}, { signal: new AbortController().signal, run: scripted({ 'server-firewall': fixture('server-firewall.open.json') }), platform: 'win32' });
    expect(v.passed).toBe(true);
    expect(v.checks[0]!.id).toBe('win-server-firewall');
    const still = await enableFirewallRulesFix.verify({}, { signal: new AbortController().signal, run: scripted({ 'server-firewall': fixture('server-firewall.closed-german.json') }), platform: 'win32' });
    expect(still.passed).toBe(false);
  });

  it('rejects profile names it does not know', () => {
    expect(enableFirewallRulesFix.params.safeParse({ profiles: 'Domain;Public' }).success).toBe(false);
  });
});

describe('listener fixes', () => {
  it('set-nla: not applicable when Group Policy sets it; before-value from WMI otherwise', async () => {
    const byPolicy = await setNlaFix.describe({ required: false }, env(scripted({ 'listener-settings': fixture('listener-settings.denied-by-policy.json') })));
    expect(byPolicy.applicable).toBe(false);
    expect(byPolicy.notApplicableReason).toMatch(/Group Policy/);
    const d = await setNlaFix.describe({ required: false }, env(scripted({ 'listener-settings': fixture('listener-settings.typical.json') })));
    expect(d.changes[0]).toMatchObject({ before: '1', after: '0' });
    expect(d.risk).toMatch(/Weakens security/);
    const already = await setNlaFix.describe({ required: true }, env(scripted({ 'listener-settings': fixture('listener-settings.typical.json') })));
    expect(already.applicable).toBe(false);
  });

  it('set-nla undo writes the value read before', async () => {
    const elevated = scripted({ 'fix-set-nla': fixture('fix-set-nla.json') });
    const out = await setNlaFix.apply({ required: false }, applyCtx(elevated));
    await setNlaFix.undo(out.undo, applyCtx(elevated));
    expect(elevated.calls.map((c) => c.input)).toEqual([{ required: false }, { required: true }]);
  });

  it('set-security-layer: states the trade-off and refuses an unchanged value', async () => {
    const d = await setSecurityLayerFix.describe({ securityLayer: 1 }, env(scripted({ 'listener-settings': fixture('listener-settings.inconsistent.json') })));
    expect(d.applicable).toBe(true);
    expect(d.changes[0]).toMatchObject({ before: '0 (RDP (standard RDP security, no TLS))', after: '1 (Negotiate)' });
    const same = await setSecurityLayerFix.describe({ securityLayer: 2 }, env(scripted({ 'listener-settings': fixture('listener-settings.typical.json') })));
    expect(same.applicable).toBe(false);
    const weaken = await setSecurityLayerFix.describe({ securityLayer: 0 }, env(scripted({ 'listener-settings': fixture('listener-settings.typical.json') })));
    expect(weaken.risk).toMatch(/Weakens security/);
  });

  it('enable-rdp: policy wins; otherwise apply/undo restore the rules and fDenyTSConnections', async () => {
    expect((await enableRdpFix.describe({}, env(scripted({ 'listener-settings': fixture('listener-settings.denied-by-policy.json') })))).applicable).toBe(false);
    const d = await enableRdpFix.describe({}, env(scripted({ 'listener-settings': fixture('listener-settings.fresh-install.json') })));
    expect(d.changes[0]!.before).toContain('fDenyTSConnections 1');
    const elevated = scripted({ 'fix-enable-rdp': fixture('fix-enable-rdp.json'), 'fix-enable-rdp-undo': '{"rules":["RemoteDesktop-UserMode-In-TCP"],"errors":[]}' });
    const out = await enableRdpFix.apply({}, applyCtx(elevated));
    const undone = await enableRdpFix.undo(out.undo, applyCtx(elevated));
    expect(elevated.calls[1]!.input).toMatchObject({ beforeDeny: 1, rules: expect.arrayContaining([{ name: 'RemoteDesktop-Shadow-In-TCP', enabled: 'False' }]) });
    expect(undone.message).toMatch(/turned off again/);
  });

  it('start-termservice: lists the start-type change and the start', async () => {
    const d = await startTermServiceFix.describe({}, env(scripted({ services: fixture('services.stopped.json') })));
    expect(d.changes.map((c) => c.description)).toEqual(['Set TermService to start manually', 'Start Remotedesktopdienste', 'Start Konfiguration der Remotedesktopdienste']);
    const elevated = scripted({ 'fix-start-services': fixture('fix-start-services.json'), 'fix-start-services-undo': '{"restored":["SessionEnv","TermService"],"errors":[]}' });
    const out = await startTermServiceFix.apply({}, applyCtx(elevated));
    expect(out.message).toBe('Started: TermService, SessionEnv.');
    await startTermServiceFix.undo(out.undo, applyCtx(elevated));
    expect(elevated.calls[1]!.input).toEqual({ before: [{ name: 'TermService', status: 'Stopped', startType: 'Disabled' }, { name: 'SessionEnv', status: 'Stopped', startType: 'Manual' }] });
  });
});

describe('write-rdp-file', () => {
  it('writes the UTF-16 file, opens it, verifies, and undo deletes it', async () => {
    const opened: string[] = [];
    const d = await writeRdpFileFix.describe({ target: '10.0.0.5:3390', disableCredSsp: true }, env(scripted({})));
    expect(d.applicable).toBe(true);
    expect(d.changes[0]!.after).toContain('full address:s:10.0.0.5:3390');
    const ctx = applyCtx(scripted({}), scripted({}), { openRdpFile: async (f) => void opened.push(f) });
    const out = await writeRdpFileFix.apply({ target: '10.0.0.5:3390', disableCredSsp: true }, ctx);
    const file = path.join(dataDir, 'rdp-files', '10.0.0.5-3390.rdp');
    expect(opened).toEqual([file]);
    const bytes = await fs.readFile(file);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString('utf16le')).toContain('enablecredsspsupport:i:0');
    const v = await writeRdpFileFix.verify({ target: '10.0.0.5:3390', disableCredSsp: true }, { signal: new AbortController().signal, run: scripted({}), platform: 'win32', dataDir });
    expect(v.passed).toBe(true);
    await writeRdpFileFix.undo(out.undo, ctx);
    await expect(fs.stat(file)).rejects.toThrow();
  });

  it('puts back a file it replaced, and leaves a file the user changed since', async () => {
    const file = path.join(dataDir, 'rdp-files', 'pc-042.rdp');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, 'old');
    const ctx = applyCtx(scripted({}), scripted({}), { openRdpFile: async () => undefined });
    const out = await writeRdpFileFix.apply({ target: 'pc-042', open: false }, ctx);
    await writeRdpFileFix.undo(out.undo, ctx);
    expect(await fs.readFile(file, 'utf8')).toBe('old');
    const again = await writeRdpFileFix.apply({ target: 'pc-042', open: false }, ctx);
    await fs.writeFile(file, 'edited by the user');
    expect((await writeRdpFileFix.undo(again.undo, ctx)).message).toMatch(/left as it is/);
  });

  it('refuses hostile targets', async () => {
    const d = await writeRdpFileFix.describe({ target: 'pc-042\r\nalternate shell:s:cmd.exe' }, env(scripted({})));
    expect(d.applicable).toBe(false);
    expect((await writeRdpFileFix.describe({ target: 'pc-042\r\nalternate shell:s:cmd.exe' }, env(scripted({}), 'linux'))).applicable).toBe(false);
  });

  it('on Windows the preview names mstsc', async () => {
    const d = await writeRdpFileFix.describe({ target: '10.0.0.5' }, env(scripted({})));
    expect(d.changes.map((c) => c.description)).toEqual(['Write the connection file', 'Open it in Remote Desktop Connection (mstsc)']);
    expect(d.commands[1]).toMatchObject({ shell: 'cmd', text: 'mstsc 10.0.0.5.rdp' });
  });

  it('off Windows with an opener: saves the file and opens it in the default Remote Desktop app', async () => {
    const run = scripted({});
    const d = await writeRdpFileFix.describe({ target: '10.0.0.5:3390' }, env(run, 'darwin', { canOpenRdpFile: true }));
    expect(d.applicable).toBe(true);
    expect(d.changes.map((c) => c.description)).toEqual(['Write the connection file', 'Open it in your Remote Desktop app']);
    expect(JSON.stringify(d)).not.toMatch(/mstsc/);
    expect(d.commands[1]).toMatchObject({ shell: 'bash', text: 'open 10.0.0.5-3390.rdp' });
    const opened: string[] = [];
    const ctx = applyCtx(scripted({}), run, { platform: 'darwin', openRdpFile: async (f) => void opened.push(f) });
    const out = await writeRdpFileFix.apply({ target: '10.0.0.5:3390' }, ctx);
    const file = path.join(dataDir, 'rdp-files', '10.0.0.5-3390.rdp');
    expect(opened).toEqual([file]);
    expect(out.message).toBe(`Saved ${file} and opened it in your Remote Desktop app.`);
    expect(run.calls).toEqual([]);
    await writeRdpFileFix.undo(out.undo, ctx);
    await expect(fs.stat(file)).rejects.toThrow();
  });

  it('off Windows without an opener (the browser bridge): saves the file and says where', async () => {
    const d = await writeRdpFileFix.describe({ target: '127.0.0.1:3390' }, env(scripted({}), 'linux'));
    const file = path.join(dataDir, 'rdp-files', '127.0.0.1-3390.rdp');
    expect(d.applicable).toBe(true);
    expect(d.changes[0]).toMatchObject({ description: 'Write the connection file', location: file, before: 'no file' });
    expect(d.changes[1]!.description).toMatch(/^Not opened from here/);
    expect(d.commands[1]).toMatchObject({ shell: 'bash', text: 'xdg-open 127.0.0.1-3390.rdp' });
    const ctx = applyCtx(scripted({}), scripted({}), { platform: 'linux' });
    const out = await writeRdpFileFix.apply({ target: '127.0.0.1:3390' }, ctx);
    expect(out.message).toBe(`Saved ${file}. Open it with your Remote Desktop app to connect.`);
    const bytes = await fs.readFile(file);
    expect(bytes.subarray(2).toString('utf16le')).toContain('full address:s:127.0.0.1:3390');
    const v = await writeRdpFileFix.verify({ target: '127.0.0.1:3390' }, { signal: new AbortController().signal, run: scripted({}), platform: 'linux', dataDir });
    expect(v.passed).toBe(true);
    expect((await writeRdpFileFix.undo(out.undo, ctx)).message).toBe(`Deleted ${file}.`);
    await expect(fs.stat(file)).rejects.toThrow();
  });

  it('a file that cannot be opened is still saved and undoable', async () => {
    const ctx = applyCtx(scripted({}), scripted({}), { platform: 'linux', openRdpFile: async () => Promise.reject(new Error('No application is registered')) });
    const out = await writeRdpFileFix.apply({ target: '10.0.0.5' }, ctx);
    expect(out.message).toMatch(/could not be opened: No application is registered/);
    await writeRdpFileFix.undo(out.undo, ctx);
    await expect(fs.stat(path.join(dataDir, 'rdp-files', '10.0.0.5.rdp'))).rejects.toThrow();
  });
});

describe('createFixBackend', () => {
  const readOnly = () => scripted({ 'key-file': fixture('key-file.broken.json') });

  it('preview matches the contract', async () => {
    const backend = createFixBackend({ dataDir, platform: 'win32', isElevated: () => false, run: readOnly(), runElevated: scripted({}) });
    const preview = await backend.preview('repair-keyfile-acl', {});
    expect(fixPreviewSchema.safeParse({ ...preview, previewToken: 'x' }).success).toBe(true);
    expect(preview).toMatchObject({ requiresElevation: true, undoable: true, applicable: true });
  });

  it('writes the undo record BEFORE the change, completes it, verifies, and undoes', async () => {
    const store = new UndoStore(dataDir);
    let seenDuringApply: string | undefined;
    const elevated = scripted({ 'fix-keyfile-acl': fixture('fix-keyfile-acl.json'), 'fix-keyfile-acl-undo': fixture('fix-keyfile-acl-undo.json') }, async (r) => {
      if (r.scriptId === 'fix-keyfile-acl') seenDuringApply = (await store.all())[0]?.state;
    });
    const backend = createFixBackend({ dataDir, platform: 'win32', isElevated: () => false, run: readOnly(), runElevated: elevated, undoStore: store });
    const outcome = await backend.apply('repair-keyfile-acl', {}, { signal: new AbortController().signal });
    expect(fixOutcomeSchema.safeParse(outcome).success).toBe(true);
    expect(seenDuringApply).toBe('pending');
    expect(outcome.status).toBe('applied');
    expect(outcome.undoId).toBeTruthy();
    const records = await store.all();
    expect(records[0]).toMatchObject({ state: 'applied', fixId: 'repair-keyfile-acl' });
    expect(records[0]!.changes[1]!.before).toContain('VORDEFINIERT');
    const list = await backend.list();
    expect(list).toHaveLength(1);
    expect(undoRecordSchema.safeParse(list[0]).success).toBe(true);
    const undone = await backend.undo(outcome.undoId!, { signal: new AbortController().signal });
    expect(undone.status).toBe('undone');
    expect((await store.get(outcome.undoId!))!.state).toBe('undone');
    await expect(backend.undo(outcome.undoId!, { signal: new AbortController().signal })).rejects.toThrow(/already undone/);
  });

  it('verification runs the check again after the change', async () => {
    let applied = false;
    const reading: PowerShellExecutor = async (r) => scripted({ 'key-file': fixture(applied ? 'key-file.good.json' : 'key-file.broken.json') })(r);
    const elevated = scripted({ 'fix-keyfile-acl': fixture('fix-keyfile-acl.json') }, () => {
      applied = true;
    });
    const backend = createFixBackend({ dataDir, platform: 'win32', isElevated: () => false, run: reading, runElevated: elevated });
    const outcome = await backend.apply('repair-keyfile-acl', {}, { signal: new AbortController().signal });
    expect(outcome.verification).toMatchObject({ passed: true });
    expect(outcome.verification!.checks[0]!.id).toBe('win-key-file');
  });

  it('declined elevation → cancelled, and the pending record is marked failed (nothing changed)', async () => {
    const store = new UndoStore(dataDir);
    const elevated = scripted({ 'fix-keyfile-acl': { spawnError: { code: 'ELEVATION_DECLINED', message: 'User did not grant permission.' } } });
    const backend = createFixBackend({ dataDir, platform: 'win32', isElevated: () => false, run: readOnly(), runElevated: elevated, undoStore: store });
    const outcome = await backend.apply('repair-keyfile-acl', {}, { signal: new AbortController().signal });
    expect(outcome.status).toBe('cancelled');
    expect(outcome.message).toMatch(/permission was not given/);
    expect((await store.all())[0]!.state).toBe('failed');
    expect(await backend.list()).toEqual([]);
  });

  it('a script failure is reported in plain words with the detail', async () => {
    const elevated = scripted({ 'fix-keyfile-acl': { exitCode: 1, stderr: fixture('stderr.access-denied.txt') } });
    const backend = createFixBackend({ dataDir, platform: 'win32', isElevated: () => false, run: readOnly(), runElevated: elevated });
    const outcome = await backend.apply('repair-keyfile-acl', {}, { signal: new AbortController().signal });
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toMatch(/administrator/);
  });

  it('off Windows: apply refuses without running anything', async () => {
    const elevated = scripted({});
    const backend = createFixBackend({ dataDir, platform: 'linux', isElevated: () => false, run: scripted({}), runElevated: elevated });
    const outcome = await backend.apply('enable-firewall-rules', {}, { signal: new AbortController().signal });
    expect(outcome.status).toBe('not-applicable');
    expect(elevated.calls).toEqual([]);
    expect((await backend.preview('enable-firewall-rules', {})).applicable).toBe(false);
  });

  it('off Windows: the .rdp file is applied with its undo record, no opener by default, and undone', async () => {
    const elevated = scripted({});
    const backend = createFixBackend({ dataDir, platform: 'linux', isElevated: () => false, run: scripted({}), runElevated: elevated });
    const preview = await backend.preview('write-rdp-file', { target: '127.0.0.1:3390' });
    expect(preview).toMatchObject({ applicable: true, undoable: true, requiresElevation: false });
    const outcome = await backend.apply('write-rdp-file', { target: '127.0.0.1:3390' }, { signal: new AbortController().signal });
    expect(fixOutcomeSchema.safeParse(outcome).success).toBe(true);
    const file = path.join(dataDir, 'rdp-files', '127.0.0.1-3390.rdp');
    expect(outcome).toMatchObject({ status: 'applied', message: `Saved ${file}. Open it with your Remote Desktop app to connect.`, verification: { passed: true } });
    expect((await fs.stat(file)).isFile()).toBe(true);
    expect(await backend.list()).toHaveLength(1);
    const undone = await backend.undo(outcome.undoId!, { signal: new AbortController().signal });
    expect(undone).toMatchObject({ status: 'undone', message: `Deleted ${file}.` });
    await expect(fs.stat(file)).rejects.toThrow();
    expect(elevated.calls).toEqual([]);
  });

  it('off Windows: an injected opener opens the written file', async () => {
    const opened: string[] = [];
    const backend = createFixBackend({ dataDir, platform: 'darwin', isElevated: () => false, run: scripted({}), runElevated: scripted({}), openRdpFile: async (f) => void opened.push(f) });
    expect((await backend.preview('write-rdp-file', { target: '10.0.0.5' })).changes[1]!.description).toBe('Open it in your Remote Desktop app');
    const outcome = await backend.apply('write-rdp-file', { target: '10.0.0.5' }, { signal: new AbortController().signal });
    expect(outcome.status).toBe('applied');
    expect(opened).toEqual([path.join(dataDir, 'rdp-files', '10.0.0.5.rdp')]);
  });

  it('unknown fixes and invalid parameters are rejected', async () => {
    const backend = createFixBackend({ dataDir, platform: 'win32', isElevated: () => false, run: scripted({}), runElevated: scripted({}) });
    await expect(backend.preview('format-c', {})).rejects.toMatchObject({ code: 'not-found' });
    await expect(backend.preview('set-security-layer', { securityLayer: 7 })).rejects.toMatchObject({ code: 'invalid-input' });
  });
});

describe('UndoStore', () => {
  it('moves a corrupt file aside and starts empty', async () => {
    const store = new UndoStore(dataDir);
    await fs.mkdir(store.dir, { recursive: true });
    await fs.writeFile(store.file, '{ not json');
    expect(await store.list()).toEqual([]);
    expect(await store.takeProblems()).toEqual([expect.stringMatching(/moved/)]);
    const names = await fs.readdir(store.dir);
    expect(names.some((n) => n.startsWith('undo-records.json.corrupt-'))).toBe(true);
  });

  it('keeps records across instances, newest first', async () => {
    let t = 0;
    const store = new UndoStore(dataDir, () => new Date(Date.UTC(2025, 0, 1, 0, 0, t++)));
    const a = await store.begin({ fixId: 'set-nla', title: 'A', where: 'server', restores: 'x', params: {}, changes: [] });
    const b = await store.begin({ fixId: 'set-nla', title: 'B', where: 'server', restores: 'x', params: {}, changes: [] });
    await store.complete(a.undoId, { before: 1 }, 'ok');
    await store.complete(b.undoId, { before: 0 }, 'ok');
    const again = new UndoStore(dataDir);
    expect((await again.list()).map((r) => r.title)).toEqual(['B', 'A']);
    expect((await again.get(a.undoId))!.payload).toEqual({ before: 1 });
  });
});
