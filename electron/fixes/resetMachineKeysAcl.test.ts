import { promises as fs } from 'node:fs';
import { readFixScript } from '../../shared/catalog';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetMachineKeysAclFix } from './resetMachineKeysAcl';
import { applyContext, fixEnv, fixture, scripted, TEST_UNDO_ID } from './testing/scripted';

let dataDir: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rdpdoctor-resetmk-'));
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

const out = { folder: 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys', undoDir: 'C:\\ProgramData\\RDPDoctor\\Undo\\UNDOID', owners: 'C:\\ProgramData\\RDPDoctor\\Undo\\UNDOID\\machinekeys.owners.json', aclBackup: 'C:\\ProgramData\\RDPDoctor\\Undo\\UNDOID\\machinekeys.acl', ownerTaken: true, granted: true, restarted: true, files: 12, errors: [] };

describe('reset-machinekeys-acl (11.4, the lighter repair Microsoft documents)', () => {
  it('preview: save, ownership back, permissions, TermService restart (which drops sessions); manual command = the same steps', async () => {
    const d = await resetMachineKeysAclFix.describe({}, fixEnv(dataDir, scripted({ 'key-file': fixture('key-file.broken.json') })));
    expect(d.applicable).toBe(true);
    expect(d.changes.map((c) => c.description)).toEqual([expect.stringMatching(/^Save the owners/), expect.stringMatching(/Take ownership/), expect.stringMatching(/^Grant SYSTEM/), expect.stringMatching(/dropped/)]);
    expect(readFixScript(d.commands[0]!.text)).toEqual({ scriptId: 'fix-reset-machinekeys-acl', input: {} });
    expect(d.risk).toMatch(/ends the remote sessions/);
    const off = await resetMachineKeysAclFix.describe({}, fixEnv(dataDir, scripted({}), 'linux'));
    expect(off.applicable).toBe(false);
  });

  it('apply runs the elevated script with the undo id only; undo reports owners it could not give back', async () => {
    const elevated = scripted({ 'fix-reset-machinekeys-acl': JSON.stringify(out), 'fix-reset-machinekeys-acl-undo': JSON.stringify({ restoredFrom: out.aclBackup, aclRestored: true, ownersRestored: 11, ownersUnknown: 1, errors: [] }) });
    const applied = await resetMachineKeysAclFix.apply({}, applyContext(dataDir, elevated));
    expect(elevated.calls[0]!.input).toEqual({ undoId: TEST_UNDO_ID });
    expect(applied.message).toMatch(/12 key files/);
    const undone = await resetMachineKeysAclFix.undo(applied.undo, applyContext(dataDir, elevated));
    expect(undone.message).toMatch(/1 owner\(s\) could not be read/);
  });

  it('keeps the undo data when the TermService restart fails after the permissions changed', () => {
    expect(resetMachineKeysAclFix.undoFromPartial!({ ...out, restarted: false })).toMatchObject({ aclBackup: out.aclBackup });
    expect(resetMachineKeysAclFix.undoFromPartial!({ ...out, ownerTaken: false, aclBackup: null, granted: false, restarted: false })).toBeUndefined();
  });
});
