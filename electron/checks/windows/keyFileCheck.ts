/**
 * The private key of the certificate the Remote Desktop listener really uses (11.8): the one WMI
 * reports, else the one SSLCertificateSHA1Hash names, else the newest self-signed one. The script
 * opens the key as Schannel would, finds its file (CAPI: RSA\MachineKeys, CNG: Crypto\Keys) and
 * reads its ACL; NETWORK SERVICE, which runs Remote Desktop Services, must be able to read it.
 */
import { WELL_KNOWN_SIDS, hasFullControl, machineKeysFolderProblems, networkServiceCanRead, type AclEntry } from '../../../shared/checks/windows/acl';
import { WINDOWS_CHECK_IDS } from '../../../shared/checks/windows/ids';
import { keyFileDataSchema, keyMissing, type KeyCertificate, type KeyFileData } from '../../../shared/checks/windows/keyFile';
import type { WindowsCheckSpec } from './check';
import { asRecords, bool, isRecord, num, problemIn, problemsOf, str, text, type Json } from './normalize';

function parseAcl(value: unknown): AclEntry[] {
  return asRecords(value)
    .map((a) => {
      const sid = str(a.sid);
      if (!sid) return null;
      const type = text(a.type).toLowerCase() === 'deny' || num(a.type) === 1 ? ('Deny' as const) : ('Allow' as const);
      return { sid: sid.toUpperCase(), account: str(a.account) || null, rights: text(a.rights), mask: (num(a.mask) ?? 0) >>> 0, type, inherited: bool(a.inherited) ?? false };
    })
    .filter((a): a is AclEntry => a !== null);
}

function parseCertificate(value: unknown): KeyCertificate | null {
  if (!isRecord(value)) return null;
  const thumbprint = str(value.thumbprint)?.toUpperCase() ?? '';
  const source = text(value.source);
  if (!/^[0-9A-F]{40}$/.test(thumbprint) || (source !== 'wmi' && source !== 'registry' && source !== 'self-signed')) return null;
  return { thumbprint, store: str(value.store) || null, source, selfSigned: bool(value.selfSigned) };
}

function parseOpenError(value: unknown): KeyFileData['openError'] {
  if (!isRecord(value)) return null;
  const hresult = str(value.hresult)?.toUpperCase().replace(/^0X/, '0x') ?? null;
  return { message: text(value.message).slice(0, 500), hresult };
}

/** Which certificate, in words for a summary. */
export function certificateWords(c: KeyCertificate | null): string {
  if (!c) return 'the self-signed Remote Desktop certificate';
  const kind = c.selfSigned === false ? 'certificate' : 'self-signed certificate';
  return `the ${kind} ${c.thumbprint}${c.store ? ` (${c.store} store)` : ''}`;
}

export const keyFileCheck: WindowsCheckSpec<KeyFileData> = {
  id: WINDOWS_CHECK_IDS.keyFile,
  step: 'certificate',
  label: 'Private key of the Remote Desktop certificate: can Remote Desktop read it (this computer)',
  side: 'server',
  scriptId: 'key-file',
  input: () => ({}),
  schema: keyFileDataSchema,
  essential: ['listing'],
  parse(raw: Json) {
    const acl = parseAcl(raw.acl);
    const aclReadable = bool(raw.aclReadable) ?? acl.length > 0;
    const storage = text(raw.keyStorage).toUpperCase();
    return {
      machineGuid: str(raw.machineGuid) || null,
      certificate: parseCertificate(raw.certificate),
      keyOpened: bool(raw.keyOpened),
      openError: parseOpenError(raw.openError),
      uniqueName: str(raw.uniqueName) || null,
      keyStorage: storage === 'CAPI' || storage === 'CNG' ? storage : null,
      folder: isRecord(raw.folder) ? { path: str(raw.folder.path) || null, ownerSid: str(raw.folder.owner) || null, acl: parseAcl(raw.folder.acl), readable: bool(raw.folder.readable) ?? false } : null,
      path: str(raw.path) || null,
      exists: bool(raw.exists) ?? false,
      length: num(raw.length),
      ownerSid: str(raw.owner) || null,
      acl,
      aclReadable,
      networkServiceCanRead: aclReadable ? networkServiceCanRead(acl) : null,
      systemFullControl: aclReadable ? hasFullControl(acl, WELL_KNOWN_SIDS.system) : null,
      problems: problemsOf(raw),
    };
  },
  judge(data) {
    const which = certificateWords(data.certificate);
    if (data.keyOpened === false && keyMissing(data)) {
      return { status: 'fail', summary: `The private key of ${which} cannot be opened (${data.openError?.message ?? 'unknown error'}, ${data.openError?.hresult ?? 'no code'}): the key is missing or damaged.` };
    }
    if (!data.path) {
      if (!data.machineGuid && !data.uniqueName) return { status: 'error', summary: 'MachineGuid is missing from HKLM\\SOFTWARE\\Microsoft\\Cryptography, so the key file cannot be located.' };
      return { status: 'warn', summary: `The key of ${which} could not be located: it could not be opened${data.openError ? ` (${data.openError.message})` : ''}.` };
    }
    if (!data.exists) return { status: 'warn', summary: `The key file of ${which} does not exist (${data.path}); Windows creates it with a new self-signed certificate.` };
    const aclProblem = problemIn(data.problems, 'acl');
    if (!data.aclReadable) {
      if (aclProblem?.kind === 'needs-administrator') {
        const reason = 'Needs administrator rights: start RDP Doctor as administrator to read the key file permissions.';
        return { status: 'skipped', summary: `Not checked: ${reason}`, reason };
      }
      return { status: 'error', summary: `The key file permissions could not be read${aclProblem ? ` (${aclProblem.message})` : ''}.` };
    }
    const where = `${data.path}${data.keyStorage ? ` (${data.keyStorage})` : ''}`;
    if (data.length === 0) return { status: 'fail', summary: `The key file ${where} of ${which} is empty (0 bytes): the key is damaged.` };
    if (data.networkServiceCanRead === false) return { status: 'fail', summary: `NETWORK SERVICE (which runs Remote Desktop Services) cannot read the key file ${where} of ${which}.` };
    if (data.systemFullControl === false) return { status: 'warn', summary: `SYSTEM does not have full control of the key file ${where}.` };
    const folder = data.folder?.readable ? machineKeysFolderProblems(data.folder.acl) : [];
    if (folder.length > 0) return { status: 'warn', summary: `NETWORK SERVICE can read the key file ${where}, but the MachineKeys folder's permissions were changed: ${folder.join('; ')}.` };
    return { status: 'pass', summary: `NETWORK SERVICE can read the key file ${where} of ${which}.` };
  },
};
