/**
 * remote-repair: repairs the server over PowerShell remoting (WinRM, TCP 5985/5986) when RDP
 * itself is broken. Windows asks for the administrator credentials (Get-Credential, in Windows
 * PowerShell); RDP Doctor never sees or stores them. Checks that WinRM answers before offering
 * itself; the script (fixes/remote-repair.ps1) detects what WinRM would refuse (TrustedHosts, an
 * untrusted HTTPS certificate without consent, LocalAccountTokenFilterPolicy) and says what to do.
 */
import { z } from 'zod';
import { REMOTE_REPAIR_ACTIONS, commandHost, remoteRepair, remoteRepairInput, type RemoteRepairAction } from '../../shared/catalog';
import type { FixCommand } from '../../shared/model';
import type { CheckResult } from '../../shared/model';
import { fixRestores } from '../../shared/catalog/fixTexts';
import { parseTarget, type Target } from '../../shared/target';
import { NOT_WINDOWS_FIX, jsonArray, notApplicable, runFixScript } from './common';
import { AS_THE_USER, FixError, type FixModule } from './types';

const remoteParams = z.object({
  host: z.string().max(253),
  action: z.enum(REMOTE_REPAIR_ACTIONS),
  thumbprint: z
    .string()
    .transform((s) => s.replace(/[\s:]/g, '').toUpperCase())
    .pipe(z.string().regex(/^[0-9A-F]{40}$/))
    .optional(),
  /** The RDP port to test afterwards (default 3389). */
  port: z.number().int().min(1).max(65535).optional(),
  /**
   * The administrator's explicit choice to connect to a WinRM HTTPS listener whose certificate this
   * computer does not trust (usually the server's self-signed one): the CA and name checks are skipped.
   */
  skipCertificateCheck: z.boolean().optional(),
});
type RemoteParams = z.infer<typeof remoteParams>;

const remoteOutput = z.object({
  host: z.string(),
  action: z.string(),
  remote: z
    .object({
      undoDir: z.string().nullish(),
      computer: z.string().nullish(),
      aclRepaired: z.boolean().nullish(),
      removed: jsonArray(z.string()).nullish(),
      present: jsonArray(z.string()).nullish(),
      returnValue: z.number().nullish(),
      before: z.number().nullish(),
    })
    .passthrough(),
});

const REMOTE_RISK =
  'Needs an administrator account of the remote computer; Windows asks for it (in Windows PowerShell: PowerShell 7 has no credential dialog), RDP Doctor never sees or stores it. PowerShell remoting must be enabled there (TCP 5985, or 5986 with HTTPS). The changes are the same as the repair done at the remote computer; backups stay on the remote computer in C:\\ProgramData\\RDPDoctor\\Undo. Before connecting RDP Doctor checks what WinRM would refuse and says what to do: over HTTP a computer outside this domain or an IP address must be in this computer\'s TrustedHosts list; an HTTPS listener with a self-signed certificate needs your choice to skip the certificate checks; a local administrator other than the built-in one needs LocalAccountTokenFilterPolicy on the server.';

const ACTION_CHANGES: Record<RemoteRepairAction, string> = {
  certificate: 'Repair the key file permissions (NETWORK SERVICE read), delete the self-signed Remote Desktop certificate (backup .cer kept) and restart SessionEnv so Windows creates a new one',
  'enable-rdp': 'Turn Remote Desktop on and enable its firewall rules (SetAllowTSConnections 1, 1)',
  firewall: 'Enable the built-in Remote Desktop firewall rules RemoteDesktop-UserMode-In-TCP/UDP',
  'security-layer': 'Set the Remote Desktop security layer to Negotiate (SetSecurityLayer 1)',
};

function remoteTarget(p: RemoteParams): Target {
  const host = commandHost({ host: p.host.toLowerCase() });
  const parsed = host ? parseTarget(host.includes(':') ? `[${host}]` : host) : null;
  if (!parsed || !parsed.ok) throw new FixError(`"${p.host.slice(0, 60)}" is not a computer name or address RDP Doctor can use.`, 'invalid');
  return { ...parsed.target, port: p.port ?? 3389 };
}

async function winrmPort(host: string, probe: ((h: string, p: number, t: number) => Promise<boolean>) | undefined): Promise<5985 | 5986 | null> {
  if (!probe) return null;
  const [http, https] = await Promise.all([probe(host, 5985, 3000), probe(host, 5986, 3000)]);
  return http ? 5985 : https ? 5986 : null;
}

const connection = (p: RemoteParams, port: number | null) => ({ useSsl: port === 5986, skipCertificateCheck: p.skipCertificateCheck === true });

/** By hand: the script apply runs, with the same input. */
function manualCommands(p: RemoteParams, target: Target, platform: NodeJS.Platform, port: number | null): FixCommand[] {
  const certificate = p.thumbprint ? { certificate: { selfSigned: true, sha1: p.thumbprint, names: [] } } : {};
  return remoteRepair({ target, platform, targetIsLocal: false, ...certificate }, p.action, connection(p, port))?.commands ?? [];
}

export const remoteRepairFix: FixModule<RemoteParams, null> = {
  id: 'remote-repair',
  title: 'Repair the remote computer over PowerShell remoting',
  where: 'server',
  ...AS_THE_USER,
  undoable: false,
  params: remoteParams,
  restores: () => fixRestores('remote-repair'),
  async describe(p, env) {
    let target: Target;
    try {
      target = remoteTarget(p);
    } catch (error) {
      return notApplicable((error as Error).message, [], REMOTE_RISK);
    }
    if (env.platform !== 'win32') return notApplicable(`${NOT_WINDOWS_FIX.split('.')[0]}. From a Windows computer, run the commands below.`, manualCommands(p, target, env.platform, null), REMOTE_RISK);
    const port = await winrmPort(target.host, env.probeTcp);
    const commands = manualCommands(p, target, env.platform, port);
    if (port === null) {
      return notApplicable(
        `PowerShell remoting does not answer on ${target.host} (TCP 5985 and 5986 are closed or filtered). Enable it on the server (Enable-PSRemoting), or use Azure "Run command" for an Azure VM, or repair it at the server.`,
        commands,
        REMOTE_RISK,
      );
    }
    const https =
      port !== 5986
        ? []
        : [
            p.skipCertificateCheck === true
              ? { description: "Connect over HTTPS without checking the listener's certificate (certificate authority and name), as you chose: still encrypted, but this computer cannot prove it reaches the right server", location: `${target.host}:5986` }
              : { description: "Connect over HTTPS with the listener's certificate checked: a self-signed listener is refused, and RDP Doctor then asks whether to skip the certificate checks for this repair", location: `${target.host}:5986` },
          ];
    return {
      applicable: true,
      changes: [
        { description: ACTION_CHANGES[p.action], location: `${target.host} (over WinRM ${port === 5986 ? 'HTTPS, TCP 5986' : 'HTTP, TCP 5985'})` },
        ...https,
        { description: 'Windows asks for an administrator account of the remote computer', location: 'Windows credential prompt' },
      ],
      commands,
      risk: REMOTE_RISK,
    };
  },
  async apply(p, ctx) {
    if (ctx.platform !== 'win32') throw new FixError('PowerShell remoting from here needs Windows.', 'not-applicable');
    const target = remoteTarget(p);
    const port = await winrmPort(target.host, ctx.probeTcp);
    const out = await runFixScript(
      ctx.run,
      'remote-repair',
      remoteRepairInput(target.host, p.action, p.thumbprint, connection(p, port)),
      remoteOutput,
      ctx.signal,
      { interactive: true, timeoutMs: 600_000 },
    );
    const r = out.remote;
    const details: string[] = [];
    if (r.aclRepaired !== null && r.aclRepaired !== undefined) details.push(r.aclRepaired ? 'key file permissions repaired' : 'key file permissions could not be repaired');
    if (r.removed && r.removed.length > 0) details.push(`deleted ${r.removed.join(', ')}`);
    if (r.present) details.push(`certificates now in the store: ${r.present.join(', ') || 'none yet'}`);
    if (r.returnValue !== null && r.returnValue !== undefined) details.push(r.returnValue === 0 ? 'the change was accepted' : `Windows answered ${r.returnValue}`);
    return { message: `On ${r.computer ?? target.host}: ${details.join('; ') || 'done'}.${r.undoDir ? ` Backups on that computer: ${r.undoDir}.` : ''}`, undo: null };
  },
  async verify(p, ctx) {
    const target = remoteTarget({ ...p, port: p.port ?? ctx.target?.port });
    const started = performance.now();
    const open = ctx.probeTcp ? await ctx.probeTcp(target.host, target.port, 5000) : null;
    const result: CheckResult = {
      id: 'remote-rdp-port',
      step: 'reachability',
      status: open === null ? 'skipped' : open ? 'pass' : 'fail',
      durationMs: performance.now() - started,
      summary: open === null ? 'Not checked: no TCP test available.' : `TCP ${target.port} on ${target.host} ${open ? 'answers' : 'does not answer'} after the repair.`,
      ...(open === null ? { reason: 'No TCP test available.' } : {}),
      data: { host: target.host, port: target.port, open },
    };
    return { passed: open === true, checks: [result] };
  },
  async undo() {
    throw new FixError('A remote repair cannot be undone from here: the backups are on the remote computer in C:\\ProgramData\\RDPDoctor\\Undo.', 'not-undoable');
  },
};
