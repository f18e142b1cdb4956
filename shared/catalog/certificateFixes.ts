/**
 * Repairs of the Remote Desktop certificate and of the computer's key store: the key file's
 * permissions, a new self-signed certificate, the MachineKeys folder's permissions or the folder
 * rebuilt, and a certificate from the organisation's certificate authority renewed or bound.
 * (The key of a certificate IT bound to the listener: certificateKeyFixes.ts.) Their words are in fixTexts.json.
 */
import type { FixSuggestion } from '../model';
import { commandThumbprint, powershellCommand as ps } from './commandText';
import { fix, type FixContext } from './fix';
import { fixScriptCommand } from './fixScripts';
import { fixText } from './fixTexts';
import { scriptLabel, serverScriptFix } from './serverScript';

const LISTENER_SETTING = "$ts = Get-CimInstance -Namespace 'root/cimv2/TerminalServices' -ClassName Win32_TSGeneralSetting -Filter \"TerminalName='RDP-Tcp'\"";
/** Binding a certificate to the listener by hand (THUMBPRINT replaced by IT). */
const BIND_CERTIFICATE = `${LISTENER_SETTING}\nSet-CimInstance -InputObject $ts -Property @{ SSLCertificateSHA1Hash = 'THUMBPRINT' }`;

export function repairKeyfileAcl(ctx: FixContext, restart = true): FixSuggestion {
  return serverScriptFix(ctx, {
    ...fixText('repair-keyfile-acl'),
    run: { what: 'Restore read access for NETWORK SERVICE and retry', scriptId: 'fix-keyfile-acl', input: { restartSessionEnv: restart } },
  });
}

export function regenerateSelfSignedCert(ctx: FixContext, only: string | null = ctx.certificate?.selfSigned ? (ctx.certificate.sha1 ?? null) : null): FixSuggestion {
  const thumbprint = commandThumbprint(only);
  return fix(ctx, {
    ...fixText('regenerate-self-signed-cert'),
    commands: [fixScriptCommand(scriptLabel('Delete the certificate and let Windows create a new one'), 'fix-regenerate-cert', { thumbprint })],
    ...(thumbprint ? { params: { thumbprint } } : {}),
  });
}

export function resetMachineKeysAcl(ctx: FixContext): FixSuggestion {
  return serverScriptFix(ctx, {
    ...fixText('reset-machinekeys-acl'),
    run: { what: 'Take ownership back, reset the permissions, restart Remote Desktop Services', scriptId: 'fix-reset-machinekeys-acl', input: {} },
  });
}

export function rebuildMachineKeys(ctx: FixContext): FixSuggestion {
  return serverScriptFix(ctx, { ...fixText('rebuild-machinekeys'), run: { what: 'Back up, set aside, start again and check', scriptId: 'fix-rebuild-machinekeys', input: {} } });
}

export function renewCertificate(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    ...fixText('renew-certificate'),
    commands: [
      ps('Show the certificate the listener uses', `${LISTENER_SETTING.replace('$ts = ', '')} | Format-List SSLCertificateSHA1Hash`),
      ps('Bind the renewed certificate (replace THUMBPRINT)', BIND_CERTIFICATE),
    ],
  });
}

export function useCaCertificate(ctx: FixContext): FixSuggestion {
  return fix(ctx, { ...fixText('use-ca-certificate'), commands: [ps('Bind a certificate to the Remote Desktop listener (replace THUMBPRINT)', BIND_CERTIFICATE)] });
}
