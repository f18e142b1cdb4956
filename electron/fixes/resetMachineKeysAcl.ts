/**
 * reset-machinekeys-acl: the lighter MachineKeys repair Microsoft documents (fixes/reset-machinekeys-acl.ps1):
 * the Administrators group takes ownership of the folder and its key files back, SYSTEM and
 * Administrators get full control and NETWORK SERVICE read, TermService restarts. Owners and
 * permissions are saved first; undo puts the permissions back and the owners that could be read.
 */
import { z } from 'zod';
import { MACHINE_KEYS_DIR } from '../../shared/checks/windows/keyFile';
import { resetMachineKeysAcl } from '../../shared/catalog';
import { keyFileCheck } from '../checks/windows/serverChecks';
import { aclRepairRecord, runElevatedFixScript, windowsChange } from './common';

export const resetMachineKeysOutput = aclRepairRecord.extend({
  folder: z.string(),
  /** The owners before (a JSON file in the undo folder); null until they were written down. */
  owners: z.string().nullable(),
  granted: z.boolean(),
  files: z.number().int(),
});

const undoOutput = z.object({ restoredFrom: z.string(), aclRestored: z.boolean(), ownersRestored: z.number().int(), ownersUnknown: z.number().int() });

export const resetMachineKeysAclFix = windowsChange({
  id: 'reset-machinekeys-acl',
  manual: (_p, here) => resetMachineKeysAcl(here),
  state: { keyFile: keyFileCheck },
  plan(_p, { keyFile: { data } }) {
    const key = data ? `Remote Desktop key file ${data.exists ? 'present' : 'missing'}${data.networkServiceCanRead === false ? ', unreadable for NETWORK SERVICE' : ''}` : 'state unknown';
    return {
      changes: [
        { description: `Save the owners and permissions of the folder and every key file (${key})`, location: MACHINE_KEYS_DIR, before: 'as they are', after: 'saved in the undo folder' },
        { description: 'Take ownership back for the Administrators group (takeown /a /r)', location: `${MACHINE_KEYS_DIR} and every file in it`, before: data?.ownerSid ? `key file owner ${data.ownerSid}` : 'various', after: 'Administrators (S-1-5-32-544)' },
        { description: 'Grant SYSTEM and Administrators full control, NETWORK SERVICE read (icacls /t /c); other entries stay', location: `${MACHINE_KEYS_DIR} and every file in it`, before: 'as they are', after: 'S-1-5-18 F, S-1-5-32-544 F, S-1-5-20 R added' },
        { description: 'Restart Remote Desktop Services: open remote sessions on this computer are dropped', location: 'Service TermService', before: 'running', after: 'restarted' },
      ],
    };
  },
  undoRecord: resetMachineKeysOutput,
  changedSomething: (u) => u.ownerTaken,
  async apply(_p, ctx) {
    const out = await runElevatedFixScript(ctx, 'fix-reset-machinekeys-acl', { undoId: ctx.undoId }, resetMachineKeysOutput);
    return { message: `The Administrators group owns ${out.folder} and its ${out.files} key files again; SYSTEM, Administrators and NETWORK SERVICE have their permissions; Remote Desktop Services restarted. The previous permissions are saved in ${out.undoDir}.`, undo: out };
  },
  verify(_p, { keyFile: { data } }) {
    if (!data.aclReadable || data.networkServiceCanRead === null) {
      return { passed: false, notVerified: 'reading the key file permissions needs administrator rights. Run the check again as administrator to confirm.' };
    }
    return { passed: data.exists && data.networkServiceCanRead };
  },
  async undo(_payload, ctx) {
    const out = await runElevatedFixScript(ctx, 'fix-reset-machinekeys-acl-undo', { undoId: ctx.undoId }, undoOutput);
    const unknown = out.ownersUnknown > 0 ? ` ${out.ownersUnknown} owner(s) could not be read before the repair and stay Administrators.` : '';
    return { message: `The MachineKeys permissions were restored${out.aclRestored ? ` from ${out.restoredFrom}` : ''}; ${out.ownersRestored} owner(s) were given back.${unknown}` };
  },
});
