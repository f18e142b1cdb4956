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
import { eachResult, windowsFindingDefinition } from './finding';

export const staleCertificateHash = windowsFindingDefinition('stale-certificate-hash', 'error', 'certificate');

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
