/** Access-control entries as the key checks read them, and the rights Windows needs on key files and the MachineKeys folder. */
import { z } from 'zod';

export const WELL_KNOWN_SIDS = {
  system: 'S-1-5-18',
  networkService: 'S-1-5-20',
  localService: 'S-1-5-19',
  administrators: 'S-1-5-32-544',
  users: 'S-1-5-32-545',
  everyone: 'S-1-1-0',
  authenticatedUsers: 'S-1-5-11',
} as const;

export const aclEntrySchema = z.object({
  sid: z.string(),
  /** Localized account name when it could be translated (display only). */
  account: z.string().nullable(),
  rights: z.string(),
  /** FileSystemRights as an unsigned 32-bit number. */
  mask: z.number(),
  type: z.enum(['Allow', 'Deny']),
  inherited: z.boolean(),
});
export type AclEntry = z.infer<typeof aclEntrySchema>;

// File rights bits (FileSystemRights / generic access rights).
const FILE_READ_DATA = 0x1;
const GENERIC_READ = 0x80000000;
const GENERIC_ALL = 0x10000000;
const FULL_CONTROL = 0x1f01ff;

/** SIDs whose Allow entries give NETWORK SERVICE access (it is a member of these). */
const NETWORK_SERVICE_GROUPS: readonly string[] = [
  WELL_KNOWN_SIDS.networkService,
  WELL_KNOWN_SIDS.everyone,
  WELL_KNOWN_SIDS.authenticatedUsers,
  WELL_KNOWN_SIDS.users,
];

function grantsRead(mask: number): boolean {
  const m = mask >>> 0;
  return (m & FILE_READ_DATA) !== 0 || (m & GENERIC_READ) !== 0 || (m & GENERIC_ALL) !== 0;
}

export function networkServiceCanRead(acl: readonly AclEntry[]): boolean {
  const relevant = acl.filter((a) => NETWORK_SERVICE_GROUPS.includes(a.sid.toUpperCase()));
  if (relevant.some((a) => a.type === 'Deny' && grantsRead(a.mask))) return false;
  return relevant.some((a) => a.type === 'Allow' && grantsRead(a.mask));
}


// The MachineKeys folder (KB 278381): Everyone may list it and create files in it (each key file has
// its own ACL), Administrators have Full Control. Without that, Windows cannot make a new key.
const FILE_LIST_DIRECTORY = 0x1;
const FILE_ADD_FILE = 0x2;
const GENERIC_WRITE = 0x40000000;

/** What is wrong with the MachineKeys folder's ACL, in words; empty when it is as Windows needs it. */
export function machineKeysFolderProblems(acl: readonly AclEntry[]): string[] {
  const groups = NETWORK_SERVICE_GROUPS;
  const relevant = acl.filter((a) => groups.includes(a.sid.toUpperCase()));
  const has = (bit: number, type: 'Allow' | 'Deny') => relevant.some((a) => a.type === type && (((a.mask >>> 0) & bit) !== 0 || ((a.mask >>> 0) & GENERIC_ALL) !== 0 || (bit === FILE_ADD_FILE && ((a.mask >>> 0) & GENERIC_WRITE) !== 0) || (bit === FILE_LIST_DIRECTORY && ((a.mask >>> 0) & GENERIC_READ) !== 0)));
  const problems: string[] = [];
  if (has(FILE_LIST_DIRECTORY, 'Deny') || !has(FILE_LIST_DIRECTORY, 'Allow')) problems.push('Everyone (and so NETWORK SERVICE) cannot list the folder');
  if (has(FILE_ADD_FILE, 'Deny') || !has(FILE_ADD_FILE, 'Allow')) problems.push('Everyone (and so NETWORK SERVICE) cannot create key files in it');
  if (!hasFullControl(acl, WELL_KNOWN_SIDS.administrators)) problems.push('Administrators do not have Full Control');
  return problems;
}

export function hasFullControl(acl: readonly AclEntry[], sid: string): boolean {
  const entries = acl.filter((a) => a.sid.toUpperCase() === sid);
  if (entries.some((a) => a.type === 'Deny')) return false;
  return entries.some((a) => a.type === 'Allow' && (((a.mask >>> 0) & FULL_CONTROL) === FULL_CONTROL || ((a.mask >>> 0) & GENERIC_ALL) !== 0));
}
