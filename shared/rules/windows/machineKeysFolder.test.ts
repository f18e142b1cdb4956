import { describe, expect, it } from 'vitest';
import type { AclEntry } from '../../checks/windows/acl';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { keyFileDataSchema } from '../../checks/windows/keyFile';
import { runRules } from '../index';
import { check, ruleInput } from '../testing/netFixtures';

const ace = (sid: string, mask: number, type: 'Allow' | 'Deny' = 'Allow'): AclEntry => ({ sid, account: null, rights: String(mask), mask, type, inherited: false });
const DEFAULT_FOLDER = [ace('S-1-5-32-544', 0x1f01ff), ace('S-1-1-0', 0x2019f)];
const KEY = [ace('S-1-5-18', 0x1f01ff), ace('S-1-5-32-544', 0x1f01ff), ace('S-1-5-20', 0x120089)];
const DIR = 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys';

function keyFile(folderAcl: AclEntry[] | null) {
  const data = keyFileDataSchema.parse({
    machineGuid: 'g', path: `${DIR}\\f686aace6942fb7f7ceb231212eef4a4_g`, exists: true, length: 1565, ownerSid: 'S-1-5-18', acl: KEY, aclReadable: true,
    networkServiceCanRead: true, systemFullControl: true, problems: [],
    folder: folderAcl ? { path: DIR, ownerSid: 'S-1-5-18', acl: folderAcl, readable: true } : null,
  });
  return runRules(ruleInput([check(WINDOWS_CHECK_IDS.keyFile, 'certificate', 'pass', data)], undefined, { platform: 'win32', targetIsLocal: true })).filter((f) => f.id.startsWith('machinekeys'));
}

describe('machinekeys-folder-permissions (11.14)', () => {
  it('the folder as Windows installs it (KB 278381), or unread: nothing', () => {
    expect(keyFile(DEFAULT_FOLDER)).toEqual([]);
    expect(keyFile(null)).toEqual([]);
  });

  it('Everyone may no longer create files: a warning with Microsoft\'s reset first, the heavy rebuild last', () => {
    const [f] = keyFile([ace('S-1-5-32-544', 0x1f01ff), ace('S-1-1-0', 0x20089)]);
    expect(f!.id).toBe('machinekeys-folder-permissions');
    expect(f!.severity).toBe('warning');
    expect(f!.detail).toContain('cannot create key files in it');
    expect(f!.detail).not.toContain('cannot list');
    expect(f!.fixes.map((x) => x.id)).toEqual(['reset-machinekeys-acl', 'rebuild-machinekeys']);
  });

  it('a Deny entry for Users and Administrators without Full Control both count', () => {
    const [f] = keyFile([ace('S-1-5-32-544', 0x120089), ace('S-1-1-0', 0x2019f), ace('S-1-5-32-545', 0x2, 'Deny')]);
    expect(f!.evidence.filter((e) => e.label === 'MachineKeys folder').map((e) => e.value)).toEqual(['Everyone (and so NETWORK SERVICE) cannot create key files in it', 'Administrators do not have Full Control']);
  });
});
