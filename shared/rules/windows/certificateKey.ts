/**
 * Remote Desktop cannot use its certificate's key: the key file's permissions or the key itself
 * (the key-file check), and the key errors Windows logged (Schannel 36870/36872, 1055/1057/1058).
 */
import { eventsDataSchema } from '../../checks/windows/events';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { keyFileDataSchema, keyMissing } from '../../checks/windows/keyFile';
import { checkServerEvents, grantCertificateKeyRead, rebuildMachineKeys, regenerateSelfSignedCert, reimportCertificateKey, repairKeyfileAcl, resetMachineKeysAcl, type FixContext } from '../../catalog';
import type { Rule } from '../types';
import { eventGroupText } from './eventText';
import { eachResult, windowsFindingDefinition } from './finding';

export const machineKeysPermissions = windowsFindingDefinition('machinekeys-permissions', 'error', 'certificate');

export const schannelKeyErrors = windowsFindingDefinition('schannel-key-errors', 'error', 'certificate');

export const keyFileRule: Rule = eachResult(WINDOWS_CHECK_IDS.keyFile, keyFileDataSchema, ({ data, ctx, ev, found }) => {
  const missing = keyMissing(data);
  if (data.networkServiceCanRead !== false && !missing) return null;
  // A certificate from a certificate authority has its own key: the self-signed repairs do not touch it.
  const caKey = data.certificate?.selfSigned === false;
  const keyCtx: FixContext = caKey && data.certificate ? { ...ctx, certificate: { selfSigned: false, sha1: data.certificate.thumbprint, names: [] } } : ctx;
  const fixes = caKey ? [missing ? reimportCertificateKey(keyCtx) : grantCertificateKeyRead(keyCtx, data.path)] : [repairKeyfileAcl(keyCtx), regenerateSelfSignedCert(keyCtx), resetMachineKeysAcl(keyCtx), rebuildMachineKeys(keyCtx)];
  const remedy = caKey
    ? missing
      ? 'IT needs to import the certificate again together with its private key.'
      : 'Giving the Remote Desktop service read access to that key fixes it.'
    : 'Restoring read access for the Remote Desktop service fixes it.';
  return found(machineKeysPermissions, {
    ctx: keyCtx,
    vars: {
      problem: missing ? 'the key is missing or damaged' : 'the permissions on its key file are wrong',
      remedy,
      certificate: data.certificate ? `${data.certificate.thumbprint}${data.certificate.store ? ` in ${data.certificate.store}` : ''}${data.certificate.selfSigned === false ? ', issued by a CA' : ', self-signed'}` : 'not found (self-signed key container TSSecKeySet1 examined)',
      source: data.certificate ? { wmi: 'WMI Win32_TSGeneralSetting.SSLCertificateSHA1Hash', registry: 'RDP-Tcp\\SSLCertificateSHA1Hash', 'self-signed': 'the newest self-signed certificate in the Remote Desktop store' }[data.certificate.source] : 'none',
      uniqueName: data.uniqueName ?? 'unknown',
      storage: data.keyStorage ?? 'CAPI',
      opened: data.keyOpened === null ? 'not tried' : data.keyOpened ? 'yes' : `no (${data.openError?.message ?? '?'}, ${data.openError?.hresult ?? '?'})`,
      path: data.path ?? 'unknown',
      guid: data.machineGuid ?? 'unknown',
      length: data.length === null ? 'size unknown' : `${data.length} bytes`,
      acl: data.acl.map((a) => `${a.type} ${a.sid}${a.account ? ` (${a.account})` : ''}: ${a.rights}${a.inherited ? ' (inherited)' : ''}`).join('; ') || 'empty',
    },
    evidence: [
      ev('Key file', `${data.path ?? 'unknown'} (${data.length ?? '?'} bytes), owner ${data.ownerSid ?? 'unknown'}`),
      ...data.acl.map((a) => ev(`ACE ${a.sid}`, `${a.type} ${a.rights} (0x${a.mask.toString(16)})${a.account ? `, ${a.account}` : ''}${a.inherited ? ', inherited' : ''}`)),
      ev('NETWORK SERVICE can read', data.networkServiceCanRead === null ? 'unknown' : data.networkServiceCanRead ? 'yes' : 'no'),
      ...(data.keyOpened === false ? [ev('Opening the key', `${data.openError?.message ?? 'failed'} (${data.openError?.hresult ?? 'no code'})`)] : []),
    ],
    fixes,
  });
});

const KEY_ERROR_EVENTS = new Set([36870, 36872, 1055, 1057, 1058]);

export const schannelKeyErrorsRule: Rule = eachResult(WINDOWS_CHECK_IDS.events, eventsDataSchema, ({ data, ctx, ev, found }) => {
  const hits = data.groups.filter((g) => KEY_ERROR_EVENTS.has(g.id) && g.count > 0);
  if (hits.length === 0) return null;
  return found(schannelKeyErrors, {
    vars: { days: data.days, events: hits.map(eventGroupText).join('; ') },
    evidence: hits.map((g) => ev(`Event ${g.id}`, eventGroupText(g))),
    fixes: [checkServerEvents(ctx), repairKeyfileAcl(ctx), regenerateSelfSignedCert(ctx), resetMachineKeysAcl(ctx), rebuildMachineKeys(ctx)],
  });
});
