/**
 * Fixes run from this computer:
 *  - write-rdp-file: a .rdp file (shared/rdpFile.ts builds it) saved in the app's data folder and
 *    opened in Remote Desktop Connection on Windows, or elsewhere in the system's app for .rdp files
 *    when the service has an opener (not in the browser bridge). Runs on every platform. Undo puts
 *    back what was there before (or deletes it).
 *  - remote-repair: repairs the server over PowerShell remoting (WinRM, TCP 5985/5986) when RDP
 *    itself is broken. Windows asks for the administrator credentials (Get-Credential); RDP Doctor
 *    never sees or stores them. Checks that WinRM answers before offering itself.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { REMOTE_REPAIR_ACTIONS, commandHost, remoteRepair, type RemoteRepairAction } from '../../shared/catalog';
import type { CheckResult } from '../../shared/model';
import { RdpFileError, buildRdpFile, encodeRdpFile } from '../../shared/rdpFile';
import { parseTarget, type Target } from '../../shared/target';
import { writeFileAtomic } from '../store/atomicFile';
import { NOT_WINDOWS_FIX, jsonArray, notApplicable, runFixScript } from './common';
import { FixError, type FixModule } from './types';

// ---- write-rdp-file ----------------------------------------------------------------------------------

const rdpParams = z.object({
  /** host, host:port, [v6]:port: validated like the target field. */
  target: z.string().max(300),
  disableCredSsp: z.boolean().optional(),
  authenticationLevel: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
  username: z.string().max(104).optional(),
  /** Open it in Remote Desktop Connection after writing (default true). */
  open: z.boolean().optional(),
});
type RdpParams = z.infer<typeof rdpParams>;
const rdpUndo = z.object({ file: z.string(), sha256: z.string(), previous: z.string().nullable() });
type RdpUndo = z.infer<typeof rdpUndo>;

export function rdpFileFolder(dataDir: string): string {
  return path.join(dataDir, 'rdp-files');
}

function buildFor(p: RdpParams) {
  const parsed = parseTarget(p.target);
  if (!parsed.ok) throw new RdpFileError(parsed.reason);
  return buildRdpFile({
    target: parsed.target,
    ...(p.disableCredSsp ? { disableCredSsp: true } : {}),
    ...(p.authenticationLevel !== undefined ? { authenticationLevel: p.authenticationLevel } : {}),
    ...(p.username ? { username: p.username } : {}),
  });
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The app that opens .rdp files here, in plain words. */
const rdpApp = (platform: NodeJS.Platform): string => (platform === 'win32' ? 'Remote Desktop Connection (mstsc)' : 'your Remote Desktop app');

export const writeRdpFileFix: FixModule<RdpParams, RdpUndo> = {
  id: 'write-rdp-file',
  title: 'Save a Remote Desktop connection file',
  where: 'client',
  requiresElevation: false,
  requiresSecondConfirmation: false,
  undoable: true,
  // Only a file in the app's data folder is written: meaningful wherever a Remote Desktop app opens .rdp files.
  anyPlatform: true,
  params: rdpParams,
  restores: () => 'Deletes the connection file (or puts back the file that was there before).',
  async describe(p, env) {
    let file: ReturnType<typeof buildFor>;
    try {
      file = buildFor(p);
    } catch (error) {
      return notApplicable(error instanceof RdpFileError ? error.message : 'The connection file could not be built.', [], 'None.');
    }
    const windows = env.platform === 'win32';
    const opens = p.open !== false && (windows || env.canOpenRdpFile === true);
    const commands = [
      { label: `${file.filename} (settings)`, shell: 'rdp-file' as const, text: file.text.trimEnd() },
      windows
        ? { label: 'Open it', shell: 'cmd' as const, text: `mstsc ${file.filename}` }
        : { label: 'Open it with your Remote Desktop app', shell: 'bash' as const, text: `${env.platform === 'darwin' ? 'open' : 'xdg-open'} ${file.filename}` },
    ];
    // The file's note speaks of mstsc: only true on Windows.
    const risk = `${windows ? `${file.note} ` : ''}Only a file is written; nothing else on this computer changes.`;
    const target = path.join(rdpFileFolder(env.dataDir), file.filename);
    const exists = await fs
      .stat(target)
      .then((s) => s.isFile())
      .catch(() => false);
    return {
      applicable: true,
      changes: [
        { description: 'Write the connection file', location: target, before: exists ? 'an older file with this name (kept for undo)' : 'no file', after: file.text.split('\r\n').filter(Boolean).join('; ') },
        ...(opens
          ? [{ description: `Open it in ${rdpApp(env.platform)}`, location: windows ? 'mstsc.exe' : "the app this computer opens .rdp files with" }]
          : p.open === false
            ? []
            : [{ description: 'Not opened from here: open the saved file with your Remote Desktop app', location: target }]),
      ],
      commands,
      risk,
    };
  },
  async apply(p, ctx) {
    const file = buildFor(p);
    const target = path.join(rdpFileFolder(ctx.dataDir), file.filename);
    const previous = await fs.readFile(target).then((b) => b.toString('base64')).catch(() => null);
    const bytes = encodeRdpFile(file.text);
    await writeFileAtomic(target, bytes, 0o644);
    const undo = { file: target, sha256: sha256(bytes), previous };
    if (p.open === false) return { message: `Saved ${target}.`, undo };
    if (!ctx.openRdpFile) return { message: `Saved ${target}. Open it with your Remote Desktop app to connect.`, undo };
    try {
      await ctx.openRdpFile(target);
    } catch (error) {
      // The file is written (and undoable) even when no app opens it.
      const why = error instanceof Error && error.message ? `: ${error.message}` : '';
      return { message: `Saved ${target}, but it could not be opened${why}. Open it with your Remote Desktop app.`, undo };
    }
    return { message: `Saved ${target} and opened it in ${rdpApp(ctx.platform)}.`, undo };
  },
  async verify(p, ctx) {
    const started = performance.now();
    const file = buildFor(p);
    const target = ctx.dataDir ? path.join(rdpFileFolder(ctx.dataDir), file.filename) : null;
    const written = target ? await fs.readFile(target).catch(() => null) : null;
    const same = written !== null && Buffer.compare(written, Buffer.from(encodeRdpFile(file.text))) === 0;
    const result: CheckResult = {
      id: 'rdp-file',
      step: 'addressing',
      status: target === null ? 'skipped' : same ? 'pass' : 'fail',
      durationMs: performance.now() - started,
      summary: target === null ? 'Not checked: the data folder is not known.' : same ? `${target} holds the connection settings.` : `${target} is missing or differs from what was written.`,
      ...(target === null ? { reason: 'The data folder is not known.' } : {}),
      data: { file: target, filename: file.filename },
    };
    return { passed: same, checks: [result] };
  },
  async undo(payload, _ctx) {
    const u = rdpUndo.parse(payload);
    const current = await fs.readFile(u.file).catch(() => null);
    if (current === null) return { message: `${u.file} is already gone.` };
    if (sha256(current) !== u.sha256) return { message: `${u.file} was changed after RDP Doctor wrote it, so it was left as it is.` };
    if (u.previous !== null) {
      await writeFileAtomic(u.file, Buffer.from(u.previous, 'base64'), 0o644);
      return { message: `Put the previous ${path.basename(u.file)} back.` };
    }
    await fs.rm(u.file, { force: true });
    return { message: `Deleted ${u.file}.` };
  },
};

// ---- remote-repair -------------------------------------------------------------------------------------

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
  'Needs an administrator account of the remote computer; Windows asks for it, RDP Doctor never sees or stores it. PowerShell remoting must be enabled there (TCP 5985, or 5986 with HTTPS). The changes are the same as the repair done at the remote computer; backups stay on the remote computer in C:\\ProgramData\\RDPDoctor\\Undo. With an IP address instead of a name, remoting also needs HTTPS or a TrustedHosts entry.';

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

export const remoteRepairFix: FixModule<RemoteParams, null> = {
  id: 'remote-repair',
  title: 'Repair the remote computer over PowerShell remoting',
  where: 'server',
  requiresElevation: false,
  requiresSecondConfirmation: false,
  undoable: false,
  params: remoteParams,
  restores: () => 'Not undoable from here: backups stay on the remote computer.',
  async describe(p, env) {
    let target: Target;
    try {
      target = remoteTarget(p);
    } catch (error) {
      return notApplicable((error as Error).message, [], REMOTE_RISK);
    }
    const suggestion = remoteRepair({ target, platform: env.platform, targetIsLocal: false }, p.action);
    const commands = suggestion?.commands ?? [];
    if (env.platform !== 'win32') return notApplicable(`${NOT_WINDOWS_FIX.split('.')[0]}. From a Windows computer, run the commands below.`, commands, REMOTE_RISK);
    const port = await winrmPort(target.host, env.probeTcp);
    if (port === null) {
      return notApplicable(
        `PowerShell remoting does not answer on ${target.host} (TCP 5985 and 5986 are closed or filtered). Enable it on the server (Enable-PSRemoting), or use Azure "Run command" for an Azure VM, or repair it at the server.`,
        commands,
        REMOTE_RISK,
      );
    }
    return {
      applicable: true,
      changes: [
        { description: ACTION_CHANGES[p.action], location: `${target.host} (over WinRM ${port === 5986 ? 'HTTPS, TCP 5986' : 'HTTP, TCP 5985'})` },
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
      { host: target.host, action: p.action, thumbprint: p.thumbprint ?? null, useSsl: port === 5986 },
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
