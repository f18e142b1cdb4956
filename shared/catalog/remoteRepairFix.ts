/**
 * Repairing the remote computer from this one over PowerShell remoting (WinRM), when Remote Desktop
 * is broken but remoting still answers: the command shown runs remote-repair.ps1 with the same input
 * the repair module sends (electron/fixes/remoteRepair.ts).
 */
import type { FixSuggestion } from '../model';
import { commandHost, commandThumbprint, powershellCommand as ps, psQuote } from './commandText';
import { fix, type FixContext } from './fix';
import { fixScriptCommand, type FixScriptInput } from './fixScripts';
import { scriptLabel } from './serverScript';

export const REMOTE_REPAIR_ACTIONS = ['certificate', 'enable-rdp', 'firewall', 'security-layer'] as const;
export type RemoteRepairAction = (typeof REMOTE_REPAIR_ACTIONS)[number];

/** What remote-repair.ps1 is given: the same for the command shown and the repair run (electron/fixes/remoteRepair.ts). */
export function remoteRepairInput(host: string, action: RemoteRepairAction, thumbprint: string | null | undefined, connection: { useSsl: boolean; skipCertificateCheck: boolean }): FixScriptInput {
  return { host, action, thumbprint: action === 'certificate' ? commandThumbprint(thumbprint) : null, useSsl: connection.useSsl, skipCertificateCheck: connection.useSsl && connection.skipCertificateCheck };
}

export function remoteRepair(ctx: FixContext, action: RemoteRepairAction, connection: { useSsl: boolean; skipCertificateCheck: boolean } = { useSsl: false, skipCertificateCheck: false }): FixSuggestion | null {
  const host = commandHost(ctx.target);
  if (!host || ctx.targetIsLocal) return null;
  const thumbprint = ctx.certificate?.selfSigned ? commandThumbprint(ctx.certificate.sha1) : null;
  const what: Record<RemoteRepairAction, string> = {
    certificate: 'repair the certificate key file permissions and let Windows create a new Remote Desktop certificate',
    'enable-rdp': 'turn Remote Desktop on and open its firewall rules',
    firewall: 'enable the built-in Remote Desktop firewall rules',
    'security-layer': 'set the Remote Desktop security layer to Negotiate',
  };
  return fix(ctx, {
    id: 'remote-repair',
    title: 'Repair it from here over PowerShell remoting',
    plain: `When Remote Desktop is broken, PowerShell remoting (WinRM) to ${host} often still works. An administrator can ${what[action]} from this computer.`,
    where: 'server',
    invasiveness: 'medium',
    risk: 'Needs administrator credentials on the remote computer and PowerShell remoting enabled there (TCP 5985/5986). The changes are the same as doing it at the remote computer. With an IP address instead of a name, remoting also needs HTTPS or a TrustedHosts entry.',
    steps: [
      'Open Windows PowerShell on this computer (PowerShell 7 cannot show the Windows sign-in dialog).',
      'Check that remoting answers (first command).',
      'Run the repair script; sign in with an administrator account of the remote computer. For HTTPS (5986), set "useSsl" to true in its input line.',
      'On an Azure VM without remoting, paste the part of the script assigned to $work into Run command > RunPowerShellScript in the portal.',
      'Run the check again.',
    ],
    commands: [
      ps('Does PowerShell remoting answer?', `Test-WSMan -ComputerName ${psQuote(host)}`),
      fixScriptCommand(scriptLabel('Repair over remoting'), 'remote-repair', remoteRepairInput(host, action, thumbprint, connection)),
    ],
    params: { host, action, port: ctx.target.port, ...(thumbprint && action === 'certificate' ? { thumbprint } : {}) },
  });
}
