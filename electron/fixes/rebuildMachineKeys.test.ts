import { promises as fs } from 'node:fs';
import { readFixScript } from '../../shared/catalog';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rebuildMachineKeysFix } from './rebuildMachineKeys';
import { applyContext, fixEnv, fixture, scripted, TEST_UNDO_ID } from './testing/scripted';

let dataDir: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rdpdoctor-rebuild-'));
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

const out = {
  undoDir: 'C:\\ProgramData\\RDPDoctor\\Undo\\UNDOID',
  backup: 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys.rdpdoctor-UNDOID',
  removed: [{ thumbprint: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C', pfx: null }],
  termServiceStopped: true,
  created: true,
  started: ['TermService', 'UmRdpService', 'SessionEnv'],
  rebootNeeded: false,
  newKeyFile: 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\f686aace6942fb7f7ceb231212eef4a4_6c1c7e3a-2b3d-4e5f-8a9b-0c1d2e3f4a5b',
  newThumbprint: '77AA66BB55CC44DD33EE22FF1100998877665544',
  errors: [],
};

describe('rebuild-machinekeys (11.4, the heavy repair)', () => {
  it('is heavy: second confirmation; the preview says it drops open sessions and removes the stale certificate first', async () => {
    expect(rebuildMachineKeysFix.requiresSecondConfirmation).toBe(true);
    const d = await rebuildMachineKeysFix.describe({}, fixEnv(dataDir, scripted({ 'key-file': fixture('key-file.broken.json'), 'cert-store': fixture('cert-store.expired.json') })));
    expect(d.risk).toMatch(/LAST RESORT/);
    expect(d.risk).toMatch(/session/);
    expect(d.changes.map((c) => c.location)).toEqual(['Cert:\\LocalMachine\\Remote Desktop\\0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C', 'Service TermService', expect.stringContaining('MachineKeys'), expect.stringContaining('MachineKeys'), expect.stringContaining('TermService')]);
    expect(d.changes[0]!.before).toContain('expired');
    expect(d.changes[1]!.description).toMatch(/dropped/);
    expect(d.changes[2]!.description).toContain('unreadable for NETWORK SERVICE');
    // The manual command: the script itself (no .NET static fallback in it).
    expect(readFixScript(d.commands[0]!.text)).toEqual({ scriptId: 'fix-rebuild-machinekeys', input: {} });
    expect(d.commands[0]!.text).not.toContain('SetAccessControl');
  });

  it('apply says what proves the repair (a new key file and a new thumbprint), or asks for a restart', async () => {
    const ok = await rebuildMachineKeysFix.apply({}, applyContext(dataDir, scripted({ 'fix-rebuild-machinekeys': JSON.stringify(out) })));
    expect(ok.message).toContain(out.newThumbprint);
    expect(ok.message).toContain('new key file');
    const none = await rebuildMachineKeysFix.apply({}, applyContext(dataDir, scripted({ 'fix-rebuild-machinekeys': JSON.stringify({ ...out, newKeyFile: null, newThumbprint: null, rebootNeeded: true }) })));
    expect(none.message).toMatch(/restart the computer/);
  });

  it('keeps the undo data of a failure half-way; undo passes the old and the new thumbprints', async () => {
    const half = { ...out, created: false, started: [], newKeyFile: null, newThumbprint: null };
    const undo = rebuildMachineKeysFix.undoFromPartial!(half)!;
    expect(undo.backup).toBe(out.backup);
    const elevated = scripted({ 'fix-rebuild-machinekeys-undo': JSON.stringify({ restored: 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys', setAside: 'x', certificates: [], rebootNeeded: false, errors: [] }) });
    await rebuildMachineKeysFix.undo(undo, applyContext(dataDir, elevated));
    expect(elevated.calls[0]!.input).toEqual({ undoId: TEST_UNDO_ID, thumbprints: ['0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C'], newThumbprint: null });
    expect(rebuildMachineKeysFix.undoFromPartial!({ ...half, removed: [], termServiceStopped: false, backup: null })).toBeUndefined();
  });
});
