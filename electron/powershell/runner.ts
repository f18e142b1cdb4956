/**
 * Runs one of our FIXED PowerShell scripts (see invocation.ts for how it is started) and hands the
 * raw outcome to outcome.ts for reading.
 *
 * - spawn with shell:false, no stdin, a timeout and an AbortSignal; both kill the process tree
 *   (taskkill /T /F /PID on Windows).
 * - the script file lives in a fresh private temporary folder (mkdtemp, mode 0600, created new),
 *   removed when the process has ended.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ZodType } from 'zod';
import { INPUT_FILE_ENV, INPUT_SHA_ENV, SCRIPT_FILE_ENV, buildInvocation, resolvePowerShell, type Invocation } from './invocation';
import { interpretOutcome, type PowerShellResult } from './outcome';
import type { ScriptId } from './scripts';

// ---- running ----------------------------------------------------------------------------------

export interface PowerShellRequest {
  scriptId: ScriptId;
  input?: unknown;
  timeoutMs?: number;
  signal?: AbortSignal;
  interactive?: boolean;
}

/** What happened, before interpretation. */
export interface PowerShellRawOutcome {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  cancelled: boolean;
  /** The process could not be started (ENOENT: no PowerShell), or elevation failed. */
  spawnError?: { code: string; message: string };
  durationMs: number;
}

/** Runs a script; the real one spawns PowerShell, tests inject recorded outcomes. */
export type PowerShellExecutor = (request: PowerShellRequest) => Promise<PowerShellRawOutcome>;

export const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

export function killProcessTree(pid: number | undefined, platform: NodeJS.Platform = process.platform): void {
  if (!pid) return;
  if (platform === 'win32') {
    const taskkill = path.win32.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'taskkill.exe');
    const killer = spawn(taskkill, ['/T', '/F', '/PID', String(pid)], { shell: false, windowsHide: true, stdio: 'ignore' });
    killer.on('error', () => undefined);
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL'); // the process group (spawned detached)
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

export interface SpawnExecutorOptions {
  /** Defaults to resolvePowerShell(). Tests point this at a stand-in program. */
  executable?: string;
  /** Arguments put before ours (a stand-in script path for tests). */
  prefixArgs?: string[];
  platform?: NodeJS.Platform;
  /** Where the private folder for the script file is made (default: the system temporary folder). */
  tmpRoot?: string;
  /**
   * Tests only: PowerShell text put after seams.ps1 that replaces the seams with recorded Windows
   * data, so the whole chain runs in real pwsh off Windows. The app never sets it (invocation.test.ts).
   */
  testSeams?: string;
}

const refused = (code: string, message: string, cancelled = false): PowerShellRawOutcome => ({
  exitCode: null,
  stdout: '',
  stderr: '',
  timedOut: false,
  cancelled,
  ...(cancelled ? {} : { spawnError: { code, message } }),
  durationMs: 0,
});

/** Writes the invocation's files into a fresh private folder; the folder, or an outcome saying why not. */
async function prepare(request: PowerShellRequest, options: SpawnExecutorOptions): Promise<{ dir: string; invocation: Invocation } | PowerShellRawOutcome> {
  const dir = await fs.mkdtemp(path.join(options.tmpRoot ?? os.tmpdir(), 'rdpdoctor-'));
  try {
    const invocation = buildInvocation(request.scriptId, request.input ?? {}, {
      executable: options.executable ?? resolvePowerShell(),
      interactive: request.interactive ?? false,
      dir,
      join: path.join,
      testSeams: options.testSeams,
    });
    for (const file of invocation.files) await fs.writeFile(file.path, file.content, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
    return { dir, invocation };
  } catch (error) {
    await fs.rm(dir, { recursive: true, force: true });
    return refused('EINVAL', (error as Error).message);
  }
}

/** The real executor: write the script file, spawn, collect, time out, cancel, clean up. */
export function createSpawnExecutor(options: SpawnExecutorOptions = {}): PowerShellExecutor {
  return async (request) => {
    if (request.signal?.aborted) return refused('', '', true);
    const prepared = await prepare(request, options);
    if (!('dir' in prepared)) return prepared;
    try {
      return await spawnInvocation(prepared.invocation, request, options);
    } finally {
      await fs.rm(prepared.dir, { recursive: true, force: true }).catch(() => undefined);
    }
  };
}

function spawnInvocation(invocation: Invocation, request: PowerShellRequest, options: SpawnExecutorOptions): Promise<PowerShellRawOutcome> {
  const platform = options.platform ?? process.platform;
  return new Promise<PowerShellRawOutcome>((resolve) => {
      const started = performance.now();
      if (request.signal?.aborted) {
        resolve(refused('', '', true));
        return;
      }
      const env: NodeJS.ProcessEnv = { ...process.env };
      delete env[INPUT_FILE_ENV];
      delete env[INPUT_SHA_ENV];
      delete env[SCRIPT_FILE_ENV];
      Object.assign(env, invocation.env);
      const child = spawn(invocation.file, [...(options.prefixArgs ?? []), ...invocation.args], {
        env,
        shell: false,
        windowsHide: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: platform !== 'win32',
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let bytes = 0;
      let timedOut = false;
      let cancelled = false;
      let settled = false;
      const stop = () => killProcessTree(child.pid, platform);
      const timer = setTimeout(() => {
        timedOut = true;
        stop();
      }, request.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      const onAbort = () => {
        cancelled = true;
        stop();
      };
      request.signal?.addEventListener('abort', onAbort, { once: true });
      const collect = (sink: Buffer[]) => (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > MAX_OUTPUT_BYTES) {
          stop();
          return;
        }
        sink.push(chunk);
      };
      child.stdout?.on('data', collect(out));
      child.stderr?.on('data', collect(err));
      const finish = (exitCode: number | null, spawnError?: { code: string; message: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        resolve({
          exitCode,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          timedOut,
          cancelled,
          ...(spawnError ? { spawnError } : {}),
          durationMs: performance.now() - started,
        });
      };
      child.on('error', (error: NodeJS.ErrnoException) => finish(null, { code: error.code ?? 'ERROR', message: error.message }));
      child.on('close', (code) => finish(code));
    });
}

export async function runScript<T>(executor: PowerShellExecutor, request: PowerShellRequest, schema: ZodType<T>): Promise<PowerShellResult<T>> {
  return interpretOutcome(await executor(request), schema);
}

