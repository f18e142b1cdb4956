/**
 * The MachineKeys folder's own permissions (11.14). Each key file has its own ACL (keyFileRule); the
 * folder must let Everyone list it and create files in it, or Windows cannot make the new key of a
 * new self-signed Remote Desktop certificate (event 1057 "keyset does not exist"), and Administrators
 * need Full Control to repair it. Microsoft's repair takes ownership back and resets the permissions.
 */
import { machineKeysFolderProblems } from '../../checks/windows/acl';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { keyFileDataSchema } from '../../checks/windows/keyFile';
import { rebuildMachineKeys, resetMachineKeysAcl } from '../../catalog';
import type { Rule } from '../types';
import { eachResult, windowsFindingDefinition } from './finding';

export const machineKeysFolderPermissions = windowsFindingDefinition('machinekeys-folder-permissions', 'warning', 'certificate');

export const machineKeysFolderRule: Rule = eachResult(WINDOWS_CHECK_IDS.keyFile, keyFileDataSchema, ({ data, ctx, ev, found }) => {
  const folder = data.folder;
  if (!folder?.readable) return null;
  const problems = machineKeysFolderProblems(folder.acl);
  if (problems.length === 0) return null;
  const acl = folder.acl.map((a) => `${a.type} ${a.sid}${a.account ? ` (${a.account})` : ''}: ${a.rights}`).join('; ') || 'empty';
  return found(machineKeysFolderPermissions, {
    vars: { path: folder.path ?? 'MachineKeys', problems: problems.join('; '), owner: folder.ownerSid ?? 'unknown', acl },
    evidence: [...problems.map((p) => ev('MachineKeys folder', p)), ...folder.acl.map((a) => ev(`Folder ACE ${a.sid}`, `${a.type} ${a.rights} (0x${a.mask.toString(16)})${a.account ? `, ${a.account}` : ''}`))],
    fixes: [resetMachineKeysAcl(ctx), rebuildMachineKeys(ctx)],
  });
});
