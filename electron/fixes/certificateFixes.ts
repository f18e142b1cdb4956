/**
 * Certificate repairs on this computer:
 *  - regenerate-self-signed-cert: back up (.cer, and .pfx when the key is exportable) into the
 *    administrators-only undo folder, delete the self-signed certificate from the Remote Desktop
 *    store, restart SessionEnv, wait for Windows to create a new one;
 *  - repair-keyfile-acl: icacls /save the key file's ACL, then grant NETWORK SERVICE (*S-1-5-20)
 *    read and SYSTEM/Administrators full control; undo is icacls /restore;
 *  - rebuild-machinekeys: the heavy one. Renames the MachineKeys folder aside (that is the backup)
 *    and gives Windows a fresh, empty one with the same permissions. Asks twice.
 */
import { z } from 'zod';
import { MACHINE_KEYS_DIR, type CertStoreData } from '../../shared/checks/windows';
import { SERVER_SCRIPTS, rebuildMachineKeys } from '../../shared/catalog';
import { certStoreCheck, keyFileCheck } from '../checks/windows/serverChecks';
import { LOCAL_TARGET, NOT_WINDOWS_FIX, jsonArray, notApplicable, readState, runFixScript } from './common';
import { ps } from './common';
import type { FixChange, FixModule } from './types';

const UNDO_ROOT = 'C:\\ProgramData\\RDPDoctor\\Undo';
const thumbprint = z
  .string()
  .transform((s) => s.replace(/[\s:]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[0-9A-F]{40}$/, 'A certificate thumbprint is 40 hexadecimal digits.'));

// ---- regenerate-self-signed-cert --------------------------------------------------------------------

const regenerateParams = z.object({ thumbprint: thumbprint.optional() });
type RegenerateParams = z.infer<typeof regenerateParams>;

const regenerateOutput = z.object({
  undoDir: z.string(),
  removed: jsonArray(z.object({ thumbprint: z.string(), subject: z.string().nullish(), notAfter: z.string().nullish(), cer: z.string().nullish(), pfx: z.string().nullish() })),
  newThumbprint: z.string().nullish(),
  newNotAfter: z.string().nullish(),
});
type RegenerateUndo = z.infer<typeof regenerateOutput>;

const REGENERATE_RISK =
  'Only self-signed certificates in the "Remote Desktop" store are deleted; certificates from a certificate authority are not touched. Restarting "Remote Desktop Configuration" (SessionEnv) does not sign anyone out. Everyone who connects sees the "verify this computer" prompt once. If the key file permissions are broken, Windows cannot create the new certificate (event 1057): repair them first. The old certificate is kept as a backup (administrators only); its private key can be put back only if Windows allows exporting it.';

export function selfSignedTargets(data: CertStoreData | null, wanted: string | undefined) {
  if (!data) return null;
  return data.certificates.filter((c) => c.store === 'Remote Desktop' && c.selfSigned && (!wanted || c.thumbprint === wanted));
}

export const regenerateSelfSignedCertFix: FixModule<RegenerateParams, RegenerateUndo> = {
  id: 'regenerate-self-signed-cert',
  title: 'Make Windows create a new Remote Desktop certificate',
  where: 'server',
  requiresElevation: true,
  requiresSecondConfirmation: false,
  undoable: true,
  params: regenerateParams,
  restores: (p) => `Puts the deleted self-signed certificate${p.thumbprint ? ` ${p.thumbprint}` : ''} back into the Remote Desktop store from the backup (when its key could be exported).`,
  async describe(p, env) {
    const commands = [ps('Delete the certificate and let Windows create a new one', SERVER_SCRIPTS.regenerateSelfSignedCert(p.thumbprint ?? null))];
    if (env.platform !== 'win32') return notApplicable(NOT_WINDOWS_FIX, commands, REGENERATE_RISK);
    const [{ data }, keyFile] = await Promise.all([readState(certStoreCheck, env.run, env.platform, env.signal), readState(keyFileCheck, env.run, env.platform, env.signal)]);
    const targets = selfSignedTargets(data, p.thumbprint);
    if (targets && targets.length === 0) {
      return notApplicable(
        p.thumbprint
          ? `The Remote Desktop store has no self-signed certificate ${p.thumbprint}: nothing to regenerate here.`
          : 'The Remote Desktop store has no self-signed certificate: nothing to regenerate (a certificate from a certificate authority is renewed by IT).',
        commands,
        REGENERATE_RISK,
      );
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
    const risk = keyFile.data?.networkServiceCanRead === false ? `${REGENERATE_RISK} The key file permissions ARE broken on this computer right now: repair them first.` : REGENERATE_RISK;
    return { applicable: true, changes, commands, risk };
  },
  async apply(p, ctx) {
    const out = await runFixScript(ctx.runElevated, 'fix-regenerate-cert', { undoId: ctx.undoId, thumbprint: p.thumbprint ?? null }, regenerateOutput, ctx.signal);
    const removed = out.removed.map((r) => r.thumbprint).join(', ');
    const message = out.newThumbprint
      ? `Deleted ${removed} (backup in ${out.undoDir}); Windows created a new certificate ${out.newThumbprint}${out.newNotAfter ? `, valid until ${out.newNotAfter}` : ''}.`
      : `Deleted ${removed} (backup in ${out.undoDir}), but no new certificate appeared within 30 seconds. Restart "Remote Desktop Services" (TermService) to make Windows create it: that signs out remote sessions on this computer.`;
    return { message, undo: out };
  },
  async verify(p, ctx) {
    const { result, data } = await readState(certStoreCheck, ctx.run, ctx.platform, ctx.signal, LOCAL_TARGET);
    if (!data) return { passed: false, checks: [result] };
    const current = data.inUseThumbprint ? data.certificates.find((c) => c.thumbprint === data.inUseThumbprint) : data.certificates.find((c) => c.store === 'Remote Desktop' && c.selfSigned);
    const passed = current !== undefined && current.validity === 'valid' && current.hasPrivateKey && current.thumbprint !== p.thumbprint;
    return { passed, checks: [result] };
  },
  async undo(payload, ctx) {
    const u = regenerateOutput.parse(payload);
    const thumbprints = u.removed.map((r) => r.thumbprint).filter((t) => /^[0-9A-Fa-f]{40}$/.test(t));
    const out = await runFixScript(ctx.runElevated, 'fix-regenerate-cert-undo', { undoId: ctx.undoId, thumbprints }, z.object({ restored: jsonArray(z.string()), notRestorable: jsonArray(z.string()) }), ctx.signal);
    const parts: string[] = [];
    if (out.restored.length > 0) parts.push(`Put ${out.restored.join(', ')} back into the Remote Desktop store. Windows keeps using the new certificate unless the old one is bound to the listener again.`);
    if (out.notRestorable.length > 0) parts.push(`${out.notRestorable.join(', ')} cannot be put back: Windows did not allow exporting its private key (only the public .cer is in ${u.undoDir}).`);
    return { message: parts.join(' ') || 'Nothing to restore.' };
  },
};

// ---- rebuild-machinekeys --------------------------------------------------------------------------------

const rebuildOutput = z.object({ backup: z.string(), undoDir: z.string() });
type RebuildUndo = z.infer<typeof rebuildOutput>;

const REBUILD_RISK =
  'HEAVY REPAIR, LAST RESORT. Every machine-wide RSA private key on this computer is set aside, not only Remote Desktop\'s: certificates of other services (web server, VPN, SQL Server, Wi-Fi/802.1X, other apps) stop working until undo puts the old folder back or the certificates are re-issued. The old folder is kept (renamed MachineKeys.rdpdoctor-<id>) and undo restores it. Use it only on a machine where the lighter repairs did not help.';

export const rebuildMachineKeysFix: FixModule<Record<string, never>, RebuildUndo> = {
  id: 'rebuild-machinekeys',
  title: "Rebuild the computer's key store (last resort)",
  where: 'server',
  requiresElevation: true,
  requiresSecondConfirmation: true,
  undoable: true,
  params: z.object({}).transform(() => ({}) as Record<string, never>),
  restores: () => 'Puts the original MachineKeys folder back (the rebuilt one is set aside) and restarts SessionEnv.',
  async describe(_p, env) {
    const commands = rebuildMachineKeys({ target: LOCAL_TARGET, platform: env.platform, targetIsLocal: true }).commands;
    if (env.platform !== 'win32') return notApplicable(NOT_WINDOWS_FIX, commands, REBUILD_RISK);
    const { data } = await readState(keyFileCheck, env.run, env.platform, env.signal);
    const others = data ? ` (Remote Desktop key file ${data.exists ? 'present' : 'missing'}${data.networkServiceCanRead === false ? ', unreadable for NETWORK SERVICE' : ''})` : '';
    return {
      applicable: true,
      changes: [
        { description: `Rename the machine key folder aside as a backup${others}`, location: MACHINE_KEYS_DIR, before: 'in use', after: `${MACHINE_KEYS_DIR}.rdpdoctor-<id>` },
        { description: 'Create a new, empty MachineKeys folder with the same permissions', location: MACHINE_KEYS_DIR, before: 'absent', after: 'empty folder' },
        { description: 'Restart "Remote Desktop Configuration" so Windows creates a new key and certificate', location: 'Service SessionEnv', before: 'running', after: 'restarted' },
      ],
      commands,
      risk: REBUILD_RISK,
    };
  },
  async apply(_p, ctx) {
    const out = await runFixScript(ctx.runElevated, 'fix-rebuild-machinekeys', { undoId: ctx.undoId }, rebuildOutput, ctx.signal);
    return { message: `The old key folder was set aside as ${out.backup}; Windows now uses a fresh MachineKeys folder. Undo puts the old one back.`, undo: out };
  },
  async verify(_p, ctx) {
    const [keys, store] = await Promise.all([readState(keyFileCheck, ctx.run, ctx.platform, ctx.signal), readState(certStoreCheck, ctx.run, ctx.platform, ctx.signal)]);
    const current = store.data?.inUseThumbprint ? store.data.certificates.find((c) => c.thumbprint === store.data?.inUseThumbprint) : undefined;
    const passed = keys.data?.exists === true && keys.data.networkServiceCanRead !== false && current?.validity === 'valid' && current.hasPrivateKey;
    return { passed, checks: [keys.result, store.result] };
  },
  async undo(_payload, ctx) {
    const out = await runFixScript(ctx.runElevated, 'fix-rebuild-machinekeys-undo', { undoId: ctx.undoId }, z.object({ restored: z.string(), setAside: z.string() }), ctx.signal);
    return { message: `The original key folder is back at ${out.restored}; the rebuilt one was set aside as ${out.setAside}.` };
  },
};
