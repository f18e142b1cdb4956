/**
 * regenerate-self-signed-cert: back up (.cer, and .pfx when the key is exportable) into the
 * administrators-only undo folder, delete the self-signed certificate(s) of the Remote Desktop
 * store (never one from a certificate authority), restart SessionEnv, wait for Windows to create
 * a new one (fixes/regenerate-cert.ps1; its undo data is printed from `finally`). Undo imports the
 * .pfx backups again.
 */
import { z } from 'zod';
import type { CertStoreData, StoreCertificate } from '../../shared/checks/windows/certStore';
import { regenerateSelfSignedCert } from '../../shared/catalog';
import { certStoreCheck, keyFileCheck } from '../checks/windows/serverChecks';
import { jsonArray, runElevatedFixScript, windowsChange } from './common';
import type { FixChange } from './types';

const UNDO_ROOT = 'C:\\ProgramData\\RDPDoctor\\Undo';
const thumbprint = z
  .string()
  .transform((s) => s.replace(/[\s:]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[0-9A-F]{40}$/, 'A certificate thumbprint is 40 hexadecimal digits.'));

const regenerateParams = z.object({ thumbprint: thumbprint.optional() });

export const regenerateOutput = z.object({
  undoDir: z.string(),
  /** SessionEnv was restarted (false when the script stopped before or at the restart). */
  restarted: z.boolean().optional(),
  removed: jsonArray(z.object({ thumbprint: z.string(), subject: z.string().nullish(), notAfter: z.string().nullish(), cer: z.string().nullish(), pfx: z.string().nullish() })),
  newThumbprint: z.string().nullish(),
  newNotAfter: z.string().nullish(),
});

const REGENERATE_RISK =
  'Only self-signed certificates in the "Remote Desktop" store are deleted; certificates from a certificate authority are not touched. Restarting "Remote Desktop Configuration" (SessionEnv) does not sign anyone out. Everyone who connects sees the "verify this computer" prompt once. If the key file permissions are broken, Windows cannot create the new certificate (event 1057): repair them first. The old certificate is kept as a backup (administrators only); its private key can be put back only if Windows allows exporting it.';

/**
 * The certificate the listener uses after the change: the one WMI's hash names when it is in a
 * store; when that hash is stale (it still names the deleted certificate, or one in no store),
 * the newest valid self-signed certificate of the Remote Desktop store, which the listener falls
 * back to (11.6).
 */
export function currentCertificate(data: CertStoreData): StoreCertificate | undefined {
  const named = data.inUseThumbprint ? data.certificates.find((c) => c.thumbprint === data.inUseThumbprint) : undefined;
  if (named) return named;
  const time = (c: StoreCertificate) => (c.notBefore ? Date.parse(c.notBefore) : 0);
  return data.certificates
    .filter((c) => c.store === 'Remote Desktop' && c.selfSigned && c.validity === 'valid')
    .sort((a, b) => time(b) - time(a))[0];
}

export function selfSignedTargets(data: CertStoreData | null, wanted: string | undefined) {
  if (!data) return null;
  return data.certificates.filter((c) => c.store === 'Remote Desktop' && c.selfSigned && (!wanted || c.thumbprint === wanted));
}

export const regenerateSelfSignedCertFix = windowsChange({
  id: 'regenerate-self-signed-cert',
  params: regenerateParams,
  words: (p) => ({ vars: { certificate: p.thumbprint ? `certificate ${p.thumbprint}` : 'certificate' } }),
  manual: (p, here) => ({ commands: regenerateSelfSignedCert(here, p.thumbprint ?? null).commands, risk: REGENERATE_RISK }),
  state: { store: certStoreCheck, keyFile: keyFileCheck },
  // The key file only warns in the preview; the new certificate is what the change must show.
  verifies: ['store'],
  plan(p, { store: { data }, keyFile }) {
    const targets = selfSignedTargets(data, p.thumbprint);
    if (targets && targets.length === 0) {
      return {
        notNeeded: p.thumbprint
          ? `The Remote Desktop store has no self-signed certificate ${p.thumbprint}: nothing to regenerate here.`
          : 'The Remote Desktop store has no self-signed certificate: nothing to regenerate (a certificate from a certificate authority is renewed by IT).',
      };
    }
    const changes: FixChange[] = targets
      ? targets.map((c) => ({
          description: 'Back up, then delete the self-signed Remote Desktop certificate',
          location: `Cert:\\LocalMachine\\Remote Desktop\\${c.thumbprint}`,
          before: `${c.subject}, valid until ${c.notAfter ?? 'unknown'} (${c.validity})${c.inUse ? ', in use' : ''}`,
          after: `deleted; backup in ${UNDO_ROOT}`,
        }))
      : [{ description: 'Back up, then delete the self-signed certificate(s) in the Remote Desktop store (they could not be listed without administrator rights)', location: 'Cert:\\LocalMachine\\Remote Desktop', before: 'unknown', after: `deleted; backup in ${UNDO_ROOT}` }];
    changes.push({ description: 'Restart "Remote Desktop Configuration" so Windows creates a new self-signed certificate', location: 'Service SessionEnv', before: 'running', after: 'restarted' });
    return keyFile.data?.networkServiceCanRead === false ? { changes, risk: `${REGENERATE_RISK} The key file permissions ARE broken on this computer right now: repair them first.` } : { changes };
  },
  undoRecord: regenerateOutput,
  changedSomething: (u) => u.removed.length > 0,
  async apply(p, ctx) {
    const out = await runElevatedFixScript(ctx, 'fix-regenerate-cert', { undoId: ctx.undoId, thumbprint: p.thumbprint ?? null }, regenerateOutput);
    const removed = out.removed.map((r) => r.thumbprint).join(', ');
    const message = out.newThumbprint
      ? `Deleted ${removed} (backup in ${out.undoDir}); Windows created a new certificate ${out.newThumbprint}${out.newNotAfter ? `, valid until ${out.newNotAfter}` : ''}.`
      : `Deleted ${removed} (backup in ${out.undoDir}), but no new certificate appeared within 30 seconds. Restart "Remote Desktop Services" (TermService) to make Windows create it: that signs out remote sessions on this computer.`;
    return { message, undo: out };
  },
  verify(p, { store: { data } }) {
    const current = currentCertificate(data);
    return { passed: current !== undefined && current.validity === 'valid' && current.hasPrivateKey && current.thumbprint !== p.thumbprint };
  },
  async undo(u, ctx) {
    const thumbprints = u.removed.map((r) => r.thumbprint).filter((t) => /^[0-9A-Fa-f]{40}$/.test(t));
    const out = await runElevatedFixScript(ctx, 'fix-regenerate-cert-undo', { undoId: ctx.undoId, thumbprints }, z.object({ restored: jsonArray(z.string()), notRestorable: jsonArray(z.string()) }));
    const parts: string[] = [];
    if (out.restored.length > 0) parts.push(`Put ${out.restored.join(', ')} back into the Remote Desktop store. Windows keeps using the new certificate unless the old one is bound to the listener again.`);
    if (out.notRestorable.length > 0) parts.push(`${out.notRestorable.join(', ')} cannot be put back: Windows did not allow exporting its private key (only the public .cer is in ${u.undoDir}).`);
    return { message: parts.join(' ') || 'Nothing to restore.' };
  },
});
