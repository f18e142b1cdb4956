/**
 * clear-certificate-hash: removes a stale SSLCertificateSHA1Hash (it names a certificate in no
 * store) so the listener falls back to its self-signed certificate (fixes/clear-cert-hash.ps1, which
 * refuses when the value changed or names a certificate that exists). Undo writes the value back.
 */
import { z } from 'zod';
import { LISTENER_KEY } from '../../shared/checks/windows/listener';
import { clearCertificateHash } from '../../shared/rules/windows/staleCertificateHash';
import { certStoreCheck } from '../checks/windows/serverChecks';
import { runElevatedFixScript, windowsChange } from './common';

const params = z.object({
  thumbprint: z
    .string()
    .transform((s) => s.replace(/[\s:]/g, '').toUpperCase())
    .pipe(z.string().regex(/^[0-9A-F]{40}$/, 'A certificate thumbprint is 40 hexadecimal digits.')),
});
export const clearCertHashOutput = z.object({ thumbprint: z.string().regex(/^[0-9A-F]{40}$/), removed: z.boolean() });

export const clearCertHashFix = windowsChange({
  id: 'clear-certificate-hash',
  params,
  words: (p) => ({ vars: { thumbprint: p.thumbprint } }),
  manual: (p, here) => clearCertificateHash(here, p.thumbprint),
  state: { store: certStoreCheck },
  plan(p, { store: { data } }) {
    if (data && data.configuredThumbprint?.toUpperCase() !== p.thumbprint) return { notNeeded: `SSLCertificateSHA1Hash is ${data.configuredThumbprint ?? 'not set'} now, not ${p.thumbprint}: run the check again.` };
    const present = data?.certificates.find((c) => c.thumbprint.toUpperCase() === p.thumbprint);
    if (present) return { notNeeded: `The certificate ${p.thumbprint} is in the ${present.store} store: the setting is not stale.` };
    return { changes: [{ description: 'Remove the setting that names the missing certificate; the listener uses its self-signed certificate', location: `${LISTENER_KEY}\\SSLCertificateSHA1Hash`, before: p.thumbprint, after: 'not set (self-signed certificate)' }] };
  },
  undoRecord: clearCertHashOutput,
  changedSomething: (u) => u.removed,
  async apply(p, ctx) {
    const out = await runElevatedFixScript(ctx, 'fix-clear-cert-hash', { thumbprint: p.thumbprint }, clearCertHashOutput);
    return { message: `SSLCertificateSHA1Hash (${out.thumbprint}) was removed: Remote Desktop uses its self-signed certificate again.`, undo: out };
  },
  verify(p, { store: { data } }) {
    return { passed: data.configuredThumbprint?.toUpperCase() !== p.thumbprint };
  },
  async undo(u, ctx) {
    await runElevatedFixScript(ctx, 'fix-clear-cert-hash-undo', { thumbprint: u.thumbprint }, z.object({ restored: z.string() }));
    return { message: `SSLCertificateSHA1Hash = ${u.thumbprint} again.` };
  },
});
