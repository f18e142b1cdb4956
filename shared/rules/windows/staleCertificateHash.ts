/**
 * A stale SSLCertificateSHA1Hash (11.14): the listener is configured (registry RDP-Tcp value) to use
 * a certificate that is in neither the Remote Desktop nor the Personal store, so it has no usable
 * certificate of its own choosing (events 1051/1055 say the same). Microsoft's repair: remove the
 * value; the listener then falls back to its self-signed certificate. Undo writes the value back.
 */
import { certStoreDataSchema } from '../../checks/windows/certStore';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { LISTENER_KEY } from '../../checks/windows/listener';
import { fix, fixScriptCommand, scriptLabel, type FixContext } from '../../catalog';
import { fixText } from '../../catalog/fixTexts';
import type { FixSuggestion } from '../../model';
import type { Rule } from '../types';
import { eachResult, type WindowsFindingDefinition } from './finding';

export const staleCertificateHash: WindowsFindingDefinition = {
  id: 'stale-certificate-hash',
  severity: 'error',
  step: 'certificate',
  title: 'Remote Desktop is set to use a certificate that no longer exists',
  plain: 'Remote Desktop on this computer is told to use a certificate that has been deleted or never installed here. Without it, securing the connection can fail (error 0x904 / 0x7). Removing that setting makes Remote Desktop use its own certificate again.',
  detail: '{key}\\SSLCertificateSHA1Hash = {thumbprint}, not in Cert:\\LocalMachine\\Remote Desktop nor Cert:\\LocalMachine\\My. WMI Win32_TSGeneralSetting.SSLCertificateSHA1Hash = {inUse}. Removing the registry value makes the listener fall back to its self-signed certificate (Microsoft\'s documented way back); to use a CA certificate instead, bind its thumbprint again. Related events: RemoteConnectionManager 1051, 1055; Schannel 36870.',
  forIt: 'Remote Desktop on the computer you connect to is set to use a certificate ({thumbprint}) that is in no certificate store',
};

export function clearCertificateHash(ctx: FixContext, thumbprint: string): FixSuggestion {
  return fix(ctx, {
    ...fixText('clear-certificate-hash'),
    commands: [fixScriptCommand(scriptLabel('Remove the stale certificate setting'), 'fix-clear-cert-hash', { thumbprint })],
    params: { thumbprint },
  });
}

export const staleCertificateHashRule: Rule = eachResult(WINDOWS_CHECK_IDS.certStore, certStoreDataSchema, ({ data, ctx, ev, found }) => {
  const configured = data.configuredThumbprint?.toUpperCase() ?? null;
  // A store that could not be read proves nothing about where the certificate is.
  if (!configured || !/^[0-9A-F]{40}$/.test(configured) || data.problems.length > 0) return null;
  if (data.certificates.some((c) => c.thumbprint.toUpperCase() === configured)) return null;
  return found(staleCertificateHash, {
    vars: { key: LISTENER_KEY, thumbprint: configured, inUse: data.inUseThumbprint ?? 'unreadable' },
    evidence: [ev('SSLCertificateSHA1Hash', `${configured} (registry), found in no store`), ev('Certificates in the stores', data.certificates.map((c) => `${c.thumbprint} (${c.store})`).join(', ') || 'none')],
    fixes: [clearCertificateHash(ctx, configured)],
  });
});
