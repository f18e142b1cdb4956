import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATIC_FIX_IDS, readFixScript } from '../../shared/catalog';
import { HAND_SCRIPTS } from '../powershell/standalone';
import { fixOutcomeSchema, fixPreviewSchema, undoRecordSchema } from '../../shared/contract';
import type { PowerShellExecutor } from '../powershell/runner';
import { createFixBackend, fixModules } from './index';
import { UndoStore } from './undoStore';
import { fixEnv, fixture, scripted } from './testing/scripted';

let dataDir: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rdpdoctor-index-'));
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});
const signal = () => new AbortController().signal;

describe('createFixBackend: a change that fails half-way (11.3)', () => {
  // What keyfile-acl.ps1 prints from its finally block when Restart-Service SessionEnv throws after the ACL changed.
  const half = JSON.stringify({ ...JSON.parse(fixture('fix-keyfile-acl.json')), restarted: false });
  const failing = { exitCode: 1, stdout: half, stderr: "Restart-Service : Service 'Remote Desktop Configuration (SessionEnv)' cannot be stopped due to the following error: Cannot open SessionEnv service on computer '.'." };

  it('keeps the undo data the script printed, says so, and undo puts the change back', async () => {
    const store = new UndoStore(dataDir);
    const elevated = scripted({ 'fix-keyfile-acl': failing, 'fix-keyfile-acl-undo': fixture('fix-keyfile-acl-undo.json') });
    const backend = createFixBackend({ dataDir, platform: 'win32', isElevated: () => true, run: scripted({ 'key-file': fixture('key-file.broken.json') }), runElevated: elevated, undoStore: store });
    const outcome = await backend.apply('repair-keyfile-acl', {}, { signal: signal() });
    expect(fixOutcomeSchema.safeParse(outcome).success).toBe(true);
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toMatch(/Undo puts it back/);
    expect(outcome.undoId).toBeTruthy();
    const record = await store.get(outcome.undoId!);
    expect(record).toMatchObject({ state: 'failed', payload: { aclBackup: expect.stringContaining('keyfile.acl') } });
    expect((await backend.list()).map((r) => r.undoId)).toEqual([outcome.undoId]);
    const undone = await backend.undo(outcome.undoId!, { signal: signal() });
    expect(undone.status).toBe('undone');
    expect(elevated.calls.map((c) => c.scriptId)).toEqual(['fix-keyfile-acl', 'fix-keyfile-acl-undo']);
  });

  it('a failure before anything changed keeps no undo data and refuses undo', async () => {
    const store = new UndoStore(dataDir);
    const elevated = scripted({ 'fix-keyfile-acl': { exitCode: 1, stderr: 'RDPDOCTOR-NOT-FOUND: the Remote Desktop key file does not exist.' } });
    const backend = createFixBackend({ dataDir, platform: 'win32', isElevated: () => true, run: scripted({ 'key-file': fixture('key-file.broken.json') }), runElevated: elevated, undoStore: store });
    const outcome = await backend.apply('repair-keyfile-acl', {}, { signal: signal() });
    expect(outcome.status).toBe('failed');
    expect(outcome.undoId).toBeUndefined();
    const [record] = await store.all();
    expect(record!.payload).toBeUndefined();
    await expect(backend.undo(record!.undoId, { signal: signal() })).rejects.toThrow(/cannot be undone automatically/);
  });
});

describe('createFixBackend: verification that could not read (11.2)', () => {
  it('reports "not verified", not failed, when the check cannot read without administrator rights', async () => {
    let applied = false;
    const reading = scripted({ 'key-file': fixture('key-file.broken.json') }, () => undefined);
    const run: typeof reading = Object.assign(async (r: Parameters<typeof reading>[0]) => (applied ? scripted({ 'key-file': fixture('key-file.access-denied.json') })(r) : reading(r)), { calls: [] });
    const elevated = scripted({ 'fix-keyfile-acl': fixture('fix-keyfile-acl.json') }, () => {
      applied = true;
    });
    const backend = createFixBackend({ dataDir, platform: 'win32', isElevated: () => false, run, runElevated: elevated });
    const outcome = await backend.apply('repair-keyfile-acl', {}, { signal: signal() });
    expect(outcome.status).toBe('applied');
    expect(outcome.verification).toMatchObject({ passed: false, notVerified: expect.stringMatching(/administrator/) });
  });
});

describe('createFixBackend: the firewall and service fixes keep their undo data when they fail half-way (11.3)', () => {
  it('start-termservice: SessionEnv does not start after TermService was started; undo puts TermService back', async () => {
    const store = new UndoStore(dataDir);
    const half = JSON.stringify({ before: [{ name: 'TermService', status: 'Stopped', startType: 'Disabled' }, { name: 'SessionEnv', status: 'Stopped', startType: 'Manual' }], errors: [] });
    const elevated = scripted({ 'fix-start-services': { exitCode: 1, stdout: half, stderr: "Start-Service : Cannot start service SessionEnv on computer '.'." }, 'fix-start-services-undo': JSON.stringify({ restored: ['SessionEnv', 'TermService'], errors: [] }) });
    const backend = createFixBackend({ dataDir, platform: 'win32', isElevated: () => true, run: scripted({ services: fixture('services.stopped.json') }), runElevated: elevated, undoStore: store });
    const outcome = await backend.apply('start-termservice', {}, { signal: signal() });
    expect(outcome.status).toBe('failed');
    expect(outcome.undoId).toBeTruthy();
    expect((await backend.undo(outcome.undoId!, { signal: signal() })).status).toBe('undone');
    expect(elevated.calls[1]!.input).toEqual({ before: [{ name: 'TermService', status: 'Stopped', startType: 'Disabled' }, { name: 'SessionEnv', status: 'Stopped', startType: 'Manual' }] });
  });
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
    const d = await m.describe(m.params.parse(params), fixEnv(dataDir, run, 'linux'));
    expect(d.applicable).toBe(false);
    expect(d.notApplicableReason).toBeTruthy();
    expect(d.commands.length).toBeGreaterThan(0);
    expect(run.calls).toEqual([]);
  });

  it.each(fixModules.map((m) => [m.id, m] as const))("%s: what undo restores is the catalogue's words (fixTexts.json), filled for the parameters", (_id, m) => {
    const samples: Record<string, Record<string, unknown>[]> = {
      'set-nla': [{ required: true }, { required: false }],
      'set-security-layer': [{ securityLayer: 1 }],
      'remote-repair': [{ host: 'pc-042.corp.example', action: 'certificate' }],
      'clear-certificate-hash': [{ thumbprint: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C' }],
      'regenerate-self-signed-cert': [{}, { thumbprint: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C' }],
      'enable-firewall-rules': [{}, { profiles: 'Domain,Private' }],
      'write-rdp-file': [{ target: 'pc-042.corp.example' }],
    };
    for (const raw of samples[m.id] ?? [{}]) {
      const words = m.restores(m.params.parse(raw));
      expect(words.length).toBeGreaterThan(10);
      expect(words).not.toMatch(/[{}]/);
      for (const value of Object.values(raw)) if (typeof value === 'string' && value.length === 40) expect(words).toContain(value);
    }
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

describe('every server fix shows, to run by hand, exactly the script its apply runs (10.1)', () => {
  const T = '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C';
  const cases: [string, Record<string, unknown>][] = [
    ['enable-firewall-rules', {}],
    ['enable-firewall-rules', { profiles: 'Public' }],
    ['regenerate-self-signed-cert', {}],
    ['regenerate-self-signed-cert', { thumbprint: T }],
    ['repair-keyfile-acl', {}],
    ['repair-keyfile-acl', { restart: false }],
    ['reset-machinekeys-acl', {}],
    ['rebuild-machinekeys', {}],
    ['clear-certificate-hash', { thumbprint: T }],
    ['set-nla', { required: true }],
    ['set-nla', { required: false }],
    ['set-security-layer', { securityLayer: 0 }],
    ['set-security-layer', { securityLayer: 2 }],
    ['enable-rdp', {}],
    ['start-termservice', {}],
    ['remote-repair', { host: 'PC-042.corp.example', action: 'certificate', thumbprint: T }],
    ['remote-repair', { host: '192.0.2.10', action: 'firewall', skipCertificateCheck: true }],
  ];

  it('covers every server fix module', () => {
    expect(new Set(cases.map(([id]) => id))).toEqual(new Set(fixModules.filter((m) => m.where === 'server').map((m) => m.id)));
  });

  it.each(cases)('%s %j', async (id, raw) => {
    const m = fixModules.find((x) => x.id === id)!;
    const params = m.params.parse(raw);
    // Nothing can be read (every check fails), so describe and apply decide from the same defaults.
    const probeTcp = async (_h: string, port: number) => port === 5986;
    const d = await m.describe(params, fixEnv(dataDir, scripted({}), 'win32', { probeTcp }));
    const run = scripted({});
    const elevated = scripted({});
    await m.apply(params, { signal: signal(), runElevated: elevated, run, platform: 'win32', dataDir, undoId: 'c0ffee00-1234-4abc-9def-001122334455', undoDir: dataDir, probeTcp }).catch(() => undefined);
    const call = [...elevated.calls, ...run.calls].find((c) => (HAND_SCRIPTS as readonly string[]).includes(c.scriptId));
    expect(call, 'apply ran a script').toBeDefined();
    const { undoId: _undoId, ...input } = call!.input as Record<string, unknown>;
    const shown = d.commands.map((c) => readFixScript(c.text)).filter((x) => x !== null);
    expect(shown).toEqual([{ scriptId: call!.scriptId, input }]);
  });
});
