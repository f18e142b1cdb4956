/**
 * repair-keyfile-acl: the self-signed certificate's key file (TSSecKeySet1,
 * MachineKeys\f686aace6942fb7f7ceb231212eef4a4_<MachineGuid>) readable for NETWORK SERVICE again.
 * The script (fixes/keyfile-acl.ps1) saves the ACL (icacls /save), takes ownership back first where
 * Administrators lost access, removes the deny entries that reach NETWORK SERVICE (its own,
 * Everyone, Authenticated Users, Users), grants NETWORK SERVICE read and SYSTEM/Administrators full
 * control, and restarts SessionEnv. Undo restores the saved ACL and the owner (when it was readable).
 * Its undo data is printed from `finally`, so a failure half-way (the restart) can still be undone.
 */
import { z } from 'zod';
import { MACHINE_KEYS_DIR, SELF_SIGNED_KEY_PREFIX, type KeyFileData } from '../../shared/checks/windows/keyFile';
import { repairKeyfileAcl } from '../../shared/catalog';
import { keyFileCheck } from '../checks/windows/serverChecks';
import { aclRepairRecord, runElevatedFixScript, windowsChange } from './common';
import type { FixChange } from './types';

const aclParams = z.object({ restart: z.boolean().optional() });
const sid = z.string().regex(/^S-1-[0-9-]{1,180}$/);
export const keyfileAclOutput = aclRepairRecord.extend({
  file: z.string(),
  /** The owner before the change; null where Administrators could not read it. */
  ownerBefore: sid.nullable(),
});

const ACL_RISK =
  'Gives the Remote Desktop service (NETWORK SERVICE) read access to the one key file it needs, and SYSTEM and Administrators full control; removes entries that deny NETWORK SERVICE, Everyone, Authenticated Users or Users. Where Administrators lost access to the file, the Administrators group first takes ownership of it. Restarting "Remote Desktop Configuration" (SessionEnv) does not sign anyone out. The permissions before the change are saved (icacls /save) and undo restores them exactly, and the owner when it could be read.';

function describeAcl(data: KeyFileData): string {
  if (!data.aclReadable) return 'unknown (reading it needs administrator rights)';
  return data.acl.map((a) => `${a.type} ${a.account ?? a.sid}: ${a.rights}`).join('; ') || 'empty';
}

/** Deny entries the repair removes: they reach NETWORK SERVICE (through its own SID or a group it is in). */
export const REMOVED_DENY_SIDS = ['S-1-5-20', 'S-1-1-0', 'S-1-5-11', 'S-1-5-32-545'] as const;

export const NOT_VERIFIED_KEY_FILE = 'reading the key file permissions needs administrator rights, and RDP Doctor is not running as administrator. Run the check again as administrator to confirm.';

export const repairKeyfileAclFix = windowsChange({
  id: 'repair-keyfile-acl',
  params: aclParams,
  manual: (p, here) => ({ commands: repairKeyfileAcl(here, p.restart !== false).commands, risk: ACL_RISK }),
  state: { keyFile: keyFileCheck },
  plan(p, { keyFile: { data } }) {
    if (data && data.machineGuid && !data.exists) return { notNeeded: `The key file ${data.path ?? ''} does not exist: there are no permissions to repair. Regenerate the certificate instead.` };
    if (data && data.aclReadable && data.networkServiceCanRead === true && data.systemFullControl === true) {
      return { notNeeded: 'NETWORK SERVICE can already read the key file and SYSTEM has full control: nothing to repair.' };
    }
    const location = data?.path ?? `${MACHINE_KEYS_DIR}\\${SELF_SIGNED_KEY_PREFIX}_<MachineGuid>`;
    const changes: FixChange[] = [
      { description: 'Take ownership for the Administrators group, only if Administrators cannot change the permissions (takeown /a)', location, before: data?.ownerSid ?? 'unknown', after: 'Administrators (S-1-5-32-544) when needed; otherwise unchanged' },
      {
        description: 'Remove deny entries for NETWORK SERVICE, Everyone, Authenticated Users and Users; grant NETWORK SERVICE read, SYSTEM and Administrators full control',
        location,
        before: data ? describeAcl(data) : 'unknown',
        after: 'NETWORK SERVICE (S-1-5-20): Read; SYSTEM (S-1-5-18): Full control; Administrators (S-1-5-32-544): Full control; no deny entry for S-1-5-20, S-1-1-0, S-1-5-11, S-1-5-32-545; other entries unchanged',
      },
    ];
    if (p.restart !== false) changes.push({ description: 'Restart "Remote Desktop Configuration" so Windows uses the key again', location: 'Service SessionEnv', before: 'running', after: 'restarted' });
    return { changes };
  },
  undoRecord: keyfileAclOutput,
  // Before the ACL was saved nothing was changed, except ownership (which undo gives back).
  changedSomething: (u) => u.aclBackup !== null || u.ownerTaken,
  async apply(p, ctx) {
    const out = await runElevatedFixScript(ctx, 'fix-keyfile-acl', { undoId: ctx.undoId, restartSessionEnv: p.restart !== false }, keyfileAclOutput);
    const owner = out.ownerTaken ? ' The Administrators group took ownership of it first, because Administrators could not change its permissions.' : '';
    return { message: `NETWORK SERVICE can now read ${out.file}; the previous permissions are saved in ${out.aclBackup ?? out.undoDir}.${owner}`, undo: out };
  },
  verify(_p, { keyFile: { data } }, ctx) {
    if (!data.aclReadable || data.networkServiceCanRead === null) {
      return { passed: false, notVerified: ctx.elevated ? 'the key file permissions could not be read again after the change.' : NOT_VERIFIED_KEY_FILE };
    }
    return { passed: data.networkServiceCanRead };
  },
  async undo(u, ctx) {
    if (u.aclBackup === null && !u.ownerTaken) return { message: 'Nothing was changed, so there is nothing to put back.' };
    const out = await runElevatedFixScript(ctx, 'fix-keyfile-acl-undo', { undoId: ctx.undoId, ownerTaken: u.ownerTaken, ownerBefore: u.ownerBefore }, z.object({ restoredFrom: z.string(), owner: z.string() }));
    const owner = out.owner === 'unknown' ? ' Its owner stays the Administrators group: the owner before the repair could not be read.' : out.owner === 'unchanged' ? '' : ` Its owner is ${out.owner} again.`;
    return { message: `The key file permissions were restored from ${out.restoredFrom}.${owner}` };
  },
});
