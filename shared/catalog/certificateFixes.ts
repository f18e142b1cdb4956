/**
 * Repairs of the Remote Desktop certificate and of the computer's key store: the key file's
 * permissions, a new self-signed certificate, the MachineKeys folder's permissions or the folder
 * rebuilt, and a certificate from the organisation's certificate authority renewed or bound.
 * (The key of a certificate IT bound to the listener: certificateKeyFixes.ts.)
 */
import type { FixSuggestion } from '../model';
import { commandThumbprint, powershellCommand as ps } from './commandText';
import { fix, type FixContext } from './fix';
import { fixScriptCommand } from './fixScripts';
import { scriptLabel, serverScriptFix } from './serverScript';

// Manual steps of fixes with an illustration are the illustration's numbered callouts
// (assets/illustrations/index.json), so the picture and the list say the same; how to open the
// window goes into the fix's plain text. catalog.test.ts keeps the two in step.
const CERT_STORE_OPEN =
  'On the remote computer, press Windows key + R, type certlm.msc and press Enter (or run mmc, add the Certificates snap-in and choose Computer account, Local computer).';
const CERT_STORE_STEPS = [
  'In the tree on the left, open Remote Desktop and click Certificates.',
  "Look at the certificate's Expiration Date: if that date has passed, the certificate must be replaced.",
  'Right-click the certificate and choose Delete. To keep a copy, first choose All Tasks, then Export..., and delete it afterwards.',
];

export function repairKeyfileAcl(ctx: FixContext, restart = true): FixSuggestion {
  return serverScriptFix(ctx, {
    id: 'repair-keyfile-acl',
    title: "Repair the permissions on the certificate's key file",
    plain: "Remote Desktop needs to read the secret key of its certificate. If the permissions on that key file are wrong, it cannot secure connections and Windows cannot renew the certificate. IT can restore the permissions.",
    invasiveness: 'low',
    risk: "Gives the Remote Desktop service (NETWORK SERVICE) read access to the one key file it needs, and SYSTEM and Administrators full control. Restarting Remote Desktop Configuration (SessionEnv) should not sign anyone out. The permissions before the change are saved in the undo folder, for the record.",
    steps: [
      'Run the script below; it finds the key file of the certificate Remote Desktop uses, saves its permissions, takes ownership back only where Administrators are refused, removes deny entries that reach NETWORK SERVICE and grants read access.',
      'It restarts "Remote Desktop Configuration" (SessionEnv) so that Windows tries again.',
      'Run the check again.',
    ],
    run: { what: 'Restore read access for NETWORK SERVICE and retry', scriptId: 'fix-keyfile-acl', input: { restartSessionEnv: restart } },
  });
}

export function regenerateSelfSignedCert(ctx: FixContext, only: string | null = ctx.certificate?.selfSigned ? (ctx.certificate.sha1 ?? null) : null): FixSuggestion {
  const thumbprint = commandThumbprint(only);
  return fix(ctx, {
    id: 'regenerate-self-signed-cert',
    title: 'Make Windows create a new Remote Desktop certificate',
    plain: `Deleting the broken or expired Remote Desktop certificate on the remote computer makes Windows create a fresh one when its Remote Desktop Configuration service restarts. ${CERT_STORE_OPEN}`,
    where: 'server',
    invasiveness: 'medium',
    risk: 'Only the self-signed certificate in the "Remote Desktop" store is deleted; a certificate IT deployed from a certificate authority lives elsewhere and is not touched. Everyone who connects sees the "verify this computer" prompt once. If the key file permissions are broken, no new certificate is created (event 1057): repair them first.',
    steps: [
      ...CERT_STORE_STEPS,
      'Press Windows key + R, type services.msc and press Enter; click Remote Desktop Configuration, then Restart the service on the left.',
      'Back in the certificates console, press F5: a new certificate with a later expiration date appears. Then run the check again.',
    ],
    commands: [fixScriptCommand(scriptLabel('Delete the certificate and let Windows create a new one'), 'fix-regenerate-cert', { thumbprint })],
    illustration: 'certificates-remote-desktop-store',
    ...(thumbprint ? { params: { thumbprint } } : {}),
  });
}

export function resetMachineKeysAcl(ctx: FixContext): FixSuggestion {
  return serverScriptFix(ctx, {
    id: 'reset-machinekeys-acl',
    title: "Reset the permissions of the computer's key store",
    plain: 'When the folder where Windows keeps its machine keys has lost its permissions, Remote Desktop cannot read or create its key. IT can give the folder back to the administrators and reset its permissions, the repair Microsoft documents, then restart Remote Desktop.',
    invasiveness: 'medium',
    risk: 'The Administrators group becomes the owner of the MachineKeys folder and of every key file in it; SYSTEM and Administrators get full control and NETWORK SERVICE read on all of them (other entries stay). Restarting Remote Desktop Services (TermService) ends the remote sessions on that computer. The owners and permissions before are saved; undo puts the permissions back, and the owners that could be read.',
    steps: [
      'Run the commands below: they save the permissions, take ownership back for Administrators, reset the permissions and restart Remote Desktop Services.',
      'Run the check again.',
    ],
    run: { what: 'Take ownership back, reset the permissions, restart Remote Desktop Services', scriptId: 'fix-reset-machinekeys-acl', input: {} },
  });
}

export function rebuildMachineKeys(ctx: FixContext): FixSuggestion {
  return serverScriptFix(ctx, {
    id: 'rebuild-machinekeys',
    title: "Rebuild the computer's key store (last resort)",
    plain: "If the key store itself is damaged, IT can set it aside so Windows builds a new one. This is a heavy repair for when the others did not help.",
    invasiveness: 'high',
    risk: "Every machine-wide private key is set aside, not only Remote Desktop's: certificates of other services on that computer (web server, VPN, SQL Server, Wi-Fi/802.1X) stop working until their keys are restored from the backup or the certificates are re-issued. The self-signed Remote Desktop certificate is backed up and deleted so Windows makes a new one. Remote Desktop Services is stopped, which ends every remote session on that computer. Only for a dedicated machine, with the backup kept.",
    steps: [
      'Make sure no other service on this computer depends on machine certificates, or plan to re-import them.',
      'Run the commands below: they back up and delete the self-signed certificate, stop Remote Desktop Services, set the key folder aside, create a new one with the same permissions and start the services. If a service does not start, restart the computer.',
      'Check that a new key file and a new certificate exist (the last two commands), then run the check again. To undo: stop Remote Desktop Services, move the new MachineKeys folder aside, rename MachineKeys.old-<time> back to MachineKeys and start the services.',
    ],
    run: { what: 'Back up, set aside, start again and check', scriptId: 'fix-rebuild-machinekeys', input: {} },
  });
}

export function renewCertificate(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'renew-certificate',
    title: 'Renew the certificate from the certificate authority',
    plain: 'The remote computer uses a certificate issued by your organisation (not one Windows made itself). IT needs to renew it and set Remote Desktop to use the new one.',
    where: 'server',
    invasiveness: 'medium',
    risk: 'A new certificate must match the computer name and have Server Authentication (or Remote Desktop Authentication) usage; a wrong thumbprint stops Remote Desktop from securing connections.',
    steps: [
      'Renew or re-enroll the certificate (certlm.msc > Personal > Certificates, or the group policy certificate template for Remote Desktop).',
      'Copy the new certificate\'s thumbprint.',
      'Set it on the Remote Desktop listener with the commands below (replace THUMBPRINT).',
      'Run the check again.',
    ],
    commands: [
      ps(
        'Show the certificate the listener uses',
        "Get-CimInstance -Namespace 'root/cimv2/TerminalServices' -ClassName Win32_TSGeneralSetting -Filter \"TerminalName='RDP-Tcp'\" | Format-List SSLCertificateSHA1Hash",
      ),
      ps(
        'Bind the renewed certificate (replace THUMBPRINT)',
        "$ts = Get-CimInstance -Namespace 'root/cimv2/TerminalServices' -ClassName Win32_TSGeneralSetting -Filter \"TerminalName='RDP-Tcp'\"\nSet-CimInstance -InputObject $ts -Property @{ SSLCertificateSHA1Hash = 'THUMBPRINT' }",
      ),
    ],
  });
}

export function useCaCertificate(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'use-ca-certificate',
    title: 'Give the computer a certificate from your certificate authority',
    plain: 'With a certificate from your organisation that carries the computer\'s name, Remote Desktop stops asking whether to trust the computer.',
    where: 'server',
    invasiveness: 'medium',
    risk: 'Needs a certificate authority the clients trust. A certificate without the right name or usage causes new warnings or failures.',
    steps: [
      'Issue a certificate with the computer\'s full DNS name and Server Authentication usage (a group policy template for Remote Desktop can do this for many computers).',
      'Import it to the computer\'s Personal store.',
      'Bind it to the listener (SSLCertificateSHA1Hash) as shown, replacing THUMBPRINT.',
    ],
    commands: [
      ps(
        'Bind a certificate to the Remote Desktop listener (replace THUMBPRINT)',
        "$ts = Get-CimInstance -Namespace 'root/cimv2/TerminalServices' -ClassName Win32_TSGeneralSetting -Filter \"TerminalName='RDP-Tcp'\"\nSet-CimInstance -InputObject $ts -Property @{ SSLCertificateSHA1Hash = 'THUMBPRINT' }",
      ),
    ],
  });
}
