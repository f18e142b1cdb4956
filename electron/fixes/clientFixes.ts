/**
 * Fixes run from this computer:
 *  - write-rdp-file: a .rdp file (shared/rdpFile.ts builds it) saved in the app's data folder and
 *    opened in Remote Desktop Connection on Windows, or elsewhere in the system's app for .rdp files
 *    when the service has an opener (not in the browser bridge). Runs on every platform. Undo puts
 *    back what was there before (or deletes it).
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { CheckResult } from '../../shared/model';
import { RdpFileError, buildRdpFile, encodeRdpFile } from '../../shared/rdpFile';
import { fixRestores } from '../../shared/catalog/fixTexts';
import { parseTarget } from '../../shared/target';
import { writeFileAtomic } from '../store/atomicFile';
import { notApplicable } from './common';
import { AS_THE_USER, type FixModule } from './types';

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
  ...AS_THE_USER,
  undoable: true,
  // Only a file in the app's data folder is written: meaningful wherever a Remote Desktop app opens .rdp files.
  anyPlatform: true,
  params: rdpParams,
  restores: () => fixRestores('write-rdp-file'),
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
