/**
 * rebuild-machinekeys: the heavy repair, last resort, asks twice (fixes/rebuild-machinekeys.ps1):
 * back up and delete the stale self-signed certificate, stop TermService (open sessions drop), set
 * the MachineKeys folder aside, create a new one with the same permissions, start the services (or
 * ask for a restart), then prove a new key file and a new thumbprint exist. Undo puts the old
 * folder and certificate back. The undo data is printed from `finally`.
 */
import { z } from 'zod';
import { MACHINE_KEYS_DIR } from '../../shared/checks/windows/keyFile';
import { rebuildMachineKeys } from '../../shared/catalog';
import { certStoreCheck, keyFileCheck } from '../checks/windows/serverChecks';
import { jsonArray, runElevatedFixScript, windowsChange } from './common';
import { currentCertificate, selfSignedTargets } from './regenerateCert';
import type { FixChange } from './types';

export const rebuildOutput = z.object({
  undoDir: z.string(),
  backup: z.string().nullable(),
  removed: jsonArray(z.object({ thumbprint: z.string(), pfx: z.string().nullish() })),
  termServiceStopped: z.boolean(),
  created: z.boolean(),
  started: jsonArray(z.string()),
  rebootNeeded: z.boolean(),
  newKeyFile: z.string().nullable(),
  newThumbprint: z.string().nullable(),
});

const REBUILD_RISK =
  "HEAVY REPAIR, LAST RESORT. Every machine-wide RSA private key on this computer is set aside, not only Remote Desktop's: certificates of other services (web server, VPN, SQL Server, Wi-Fi/802.1X, other apps) stop working until undo puts the old folder back or the certificates are re-issued. Remote Desktop Services is stopped: every open remote session on this computer is dropped. The self-signed Remote Desktop certificate is backed up and deleted so Windows makes a new one. The old folder is kept (renamed MachineKeys.rdpdoctor-<id>) and undo restores it. Use it only where the lighter repairs did not help.";

export const rebuildMachineKeysFix = windowsChange({
  id: 'rebuild-machinekeys',
  requiresSecondConfirmation: true,
  manual: (_p, here) => ({ commands: rebuildMachineKeys(here).commands, risk: REBUILD_RISK }),
  state: { keyFile: keyFileCheck, store: certStoreCheck },
  plan(_p, { keyFile: { data }, store }) {
    const others = data ? ` (Remote Desktop key file ${data.exists ? 'present' : 'missing'}${data.networkServiceCanRead === false ? ', unreadable for NETWORK SERVICE' : ''})` : '';
    // The script deletes every self-signed certificate of the store, and nothing when there is none.
    const certificateChanges: FixChange[] = store.data
      ? (selfSignedTargets(store.data, undefined) ?? []).map((c) => ({ description: 'Back up, then delete the self-signed Remote Desktop certificate', location: `Cert:\\LocalMachine\\Remote Desktop\\${c.thumbprint}`, before: `${c.subject}, valid until ${c.notAfter ?? 'unknown'} (${c.validity})`, after: 'deleted; backup in the undo folder' }))
      : [{ description: 'Back up, then delete the self-signed Remote Desktop certificate(s) (they could not be listed without administrator rights)', location: 'Cert:\\LocalMachine\\Remote Desktop', before: 'unknown', after: 'deleted; backup in the undo folder' }];
    return {
      changes: [
        ...certificateChanges,
        { description: 'Stop Remote Desktop Services: every open remote session on this computer is dropped', location: 'Service TermService', before: 'running', after: 'stopped' },
        { description: `Rename the machine key folder aside as a backup${others}`, location: MACHINE_KEYS_DIR, before: 'in use', after: `${MACHINE_KEYS_DIR}.rdpdoctor-<id>` },
        { description: 'Create a new, empty MachineKeys folder with the same permissions', location: MACHINE_KEYS_DIR, before: 'absent', after: 'empty folder' },
        { description: 'Start Remote Desktop Services again (or restart the computer if it does not start), then check for a new key file and certificate', location: 'Services TermService, UmRdpService, SessionEnv', before: 'stopped', after: 'running' },
      ],
    };
  },
  undoRecord: rebuildOutput,
  changedSomething: (u) => u.removed.length > 0 || u.termServiceStopped || u.backup !== null,
  async apply(_p, ctx) {
    const out = await runElevatedFixScript(ctx, 'fix-rebuild-machinekeys', { undoId: ctx.undoId }, rebuildOutput);
    const proof = out.newKeyFile && out.newThumbprint ? ` Windows made a new key file (${out.newKeyFile}) and a new certificate ${out.newThumbprint}.` : ' Windows has not made a new key and certificate yet: restart the computer, then run the check again.';
    const reboot = out.rebootNeeded ? ' A service did not start: restart the computer to finish the repair.' : '';
    return { message: `The old key folder was set aside as ${out.backup ?? '(not yet)'}.${proof}${reboot} Undo puts the old one back.`, undo: out };
  },
  verify(_p, { keyFile: keys, store }) {
    const current = currentCertificate(store.data);
    const passed = keys.data.exists && keys.data.networkServiceCanRead !== false && current?.validity === 'valid' && current.hasPrivateKey;
    if (!passed && !keys.data.aclReadable && current?.validity === 'valid') {
      return { passed: false, notVerified: 'reading the new key file permissions needs administrator rights. Run the check again as administrator to confirm.' };
    }
    return { passed };
  },
  async undo(u, ctx) {
    if (u.backup === null) {
      // The folder was never set aside: only the certificate and the service to put back.
      throw new Error('The key folder was not set aside before the repair stopped: import the certificate backup from the undo folder and start Remote Desktop Services by hand.');
    }
    const out = await runElevatedFixScript(ctx, 'fix-rebuild-machinekeys-undo', { undoId: ctx.undoId, thumbprints: u.removed.map((r) => r.thumbprint), newThumbprint: u.newThumbprint }, z.object({ restored: z.string(), setAside: z.string(), certificates: jsonArray(z.string()), rebootNeeded: z.boolean() }));
    return { message: `The original key folder is back at ${out.restored}; the rebuilt one was set aside as ${out.setAside}.${out.certificates.length ? ` Certificate ${out.certificates.join(', ')} is back.` : ''}${out.rebootNeeded ? ' A service did not start: restart the computer.' : ''}` };
  },
});
