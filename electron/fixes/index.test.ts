import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixOutcomeSchema } from '../../shared/contract';
import { createFixBackend } from './index';
import { UndoStore } from './undoStore';
import { fixture, scripted } from './testing/scripted';

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
