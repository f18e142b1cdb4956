import { describe, expect, it } from 'vitest';
import { repairKeyfileAclFix, NOT_VERIFIED_KEY_FILE } from './keyfileAcl';
import { REFUSED_WHEN_ELEVATED } from './common';
import { fixture, scripted, TEST_UNDO_ID, useFixTestDataDir } from './testing/scripted';
import type { PowerShellExecutor } from '../powershell/runner';

const data = useFixTestDataDir('rdpdoctor-keyfile-');
const env = (run: PowerShellExecutor) => data.env(run);
const ctx = (runElevated: PowerShellExecutor) => data.applyCtx(runElevated);
const verifyCtx = (run: PowerShellExecutor, elevated = false) => ({ signal: new AbortController().signal, run, platform: 'win32' as const, elevated });

describe('repair-keyfile-acl', () => {
  it('describe shows the ACL before (by SID/account), the ownership step and the deny entries it removes', async () => {
    const d = await repairKeyfileAclFix.describe({}, env(scripted({ 'key-file': fixture('key-file.broken.json') })));
    expect(d.applicable).toBe(true);
    expect(d.changes[0]!.description).toMatch(/Take ownership/);
    expect(d.changes[1]!.before).toContain('VORDEFINIERT\\Administratoren');
    expect(d.changes[1]!.after).toContain('S-1-5-20');
    expect(d.changes[1]!.description).toMatch(/Everyone, Authenticated Users and Users/);
    expect(d.changes[2]!.location).toBe('Service SessionEnv');
  });

  it('not applicable when already fine or missing; applicable with unknown before-values when unreadable', async () => {
    expect((await repairKeyfileAclFix.describe({}, env(scripted({ 'key-file': fixture('key-file.good.json') })))).applicable).toBe(false);
    expect((await repairKeyfileAclFix.describe({}, env(scripted({ 'key-file': fixture('key-file.missing.json') })))).applicable).toBe(false);
    const unreadable = await repairKeyfileAclFix.describe({}, env(scripted({ 'key-file': fixture('key-file.access-denied.json') })));
    expect(unreadable.applicable).toBe(true);
    expect(unreadable.changes[1]!.before).toMatch(/administrator/);
  });

  it('apply and undo go through the fixed scripts; undo passes the owner back', async () => {
    const elevated = scripted({ 'fix-keyfile-acl': fixture('fix-keyfile-acl.json'), 'fix-keyfile-acl-undo': fixture('fix-keyfile-acl-undo.json') });
    const out = await repairKeyfileAclFix.apply({ restart: false }, ctx(elevated));
    expect(elevated.calls[0]!.input).toEqual({ undoId: TEST_UNDO_ID, restartSessionEnv: false });
    await repairKeyfileAclFix.undo(out.undo, ctx(elevated));
    expect(elevated.calls[1]).toMatchObject({ scriptId: 'fix-keyfile-acl-undo', input: { undoId: TEST_UNDO_ID, ownerTaken: false, ownerBefore: 'S-1-5-18' } });
  });

  it('"Access is denied" from the elevated script is never "start as administrator" (11.5)', async () => {
    const elevated = scripted({ 'fix-keyfile-acl': { exitCode: 1, stderr: fixture('stderr.access-denied.txt') } });
    const error = await repairKeyfileAclFix.apply({}, ctx(elevated)).catch((e: unknown) => e as Error);
    expect(error.message).toContain(REFUSED_WHEN_ELEVATED);
    expect(error.message).not.toMatch(/start RDP Doctor as administrator|Run as administrator/i);
  });

  it('keeps the undo data of a failure half-way, and none when nothing was changed (11.3)', () => {
    const half = { ...JSON.parse(fixture('fix-keyfile-acl.json')), restarted: false };
    expect(repairKeyfileAclFix.undoFromPartial!(half)).toMatchObject({ aclBackup: expect.stringContaining('keyfile.acl') });
    expect(repairKeyfileAclFix.undoFromPartial!({ ...half, aclBackup: null, ownerTaken: false })).toBeUndefined();
    expect(repairKeyfileAclFix.undoFromPartial!({ ...half, aclBackup: null, ownerTaken: true })).toBeDefined();
    expect(repairKeyfileAclFix.undoFromPartial!({ unrelated: true })).toBeUndefined();
  });

  it('verify: "not verified" (never failed) when the permissions cannot be read without administrator rights (11.2)', async () => {
    const unreadable = await repairKeyfileAclFix.verify({}, verifyCtx(scripted({ 'key-file': fixture('key-file.access-denied.json') })));
    expect(unreadable).toMatchObject({ passed: false, notVerified: NOT_VERIFIED_KEY_FILE });
    const good = await repairKeyfileAclFix.verify({}, verifyCtx(scripted({ 'key-file': fixture('key-file.good.json') }), true));
    expect(good).toMatchObject({ passed: true });
    expect(good.notVerified).toBeUndefined();
    const broken = await repairKeyfileAclFix.verify({}, verifyCtx(scripted({ 'key-file': fixture('key-file.broken.json') }), true));
    expect(broken).toMatchObject({ passed: false });
    expect(broken.notVerified).toBeUndefined();
  });
});
