/**
 * Repairing the remote computer from this one over PowerShell remoting (WinRM), when Remote Desktop
 * is broken but remoting still answers: the command shown runs remote-repair.ps1 with the same input
 * the repair module sends (electron/fixes/remoteRepair.ts). Its words are in fixTexts.json.
 */
import type { FixSuggestion } from '../model';
import { commandHost, commandThumbprint, powershellCommand as ps, psQuote } from './commandText';
import { fix, type FixContext } from './fix';
import { fixScriptCommand, type FixScriptInput } from './fixScripts';
import { fixText } from './fixTexts';
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
  return fix(ctx, {
    ...fixText('remote-repair', { host }, action),
    commands: [
      ps('Does PowerShell remoting answer?', `Test-WSMan -ComputerName ${psQuote(host)}`),
      fixScriptCommand(scriptLabel('Repair over remoting'), 'remote-repair', remoteRepairInput(host, action, thumbprint, connection)),
    ],
    params: { host, action, port: ctx.target.port, ...(thumbprint && action === 'certificate' ? { thumbprint } : {}) },
  });
}
