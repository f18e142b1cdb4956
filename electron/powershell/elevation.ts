/**
 * Running a fix script with administrator rights.
 *
 * Already elevated: the normal spawn runner (input in RDPDOCTOR_INPUT).
 * Not elevated: our own launcher (launcher.ps1) runs NOT elevated and starts
 *   powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand <bootstrap>
 * with Start-Process -Verb RunAs -Wait (the UAC prompt); the bootstrap is language-mode.ps1 + elevated.ps1. No cmd.exe and no batch file are involved:
 * the only things on the elevated command line are the base64 of the parameters file's path and
 * that file's SHA-256 (inside the encoded bootstrap). Every other path (the fixed script, the JSON
 * input, the three output files) travels inside that hash-checked parameters file, so a temp folder
 * such as C:\Users\Jürgen O'Brien\AppData\Local\Temp works like any other. The bootstrap refuses a
 * parameters or script file whose hash differs and runs exactly the bytes it hashed; the prelude
 * refuses an input file whose hash differs. The elevated process writes its output, its error and
 * its exit code to files (an elevated process cannot hand its streams to an unelevated parent).
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ELEVATED from './elevated.ps1';
import LANGUAGE_MODE from './language-mode.ps1';
import LAUNCHER from './launcher.ps1';
import { asciiJson, baseArgs, encodeCommand, resolvePowerShell, sha256Hex, validInput } from './invocation';
import { createSpawnExecutor, killProcessTree, type PowerShellExecutor, type PowerShellRawOutcome } from './runner';
import { fullScriptText, type ScriptId } from './scripts';

export const ELEVATED_TIMEOUT_MS = 10 * 60_000;
/** The launcher's exit codes (launcher.ps1). */
export const LAUNCH_DECLINED = 96;
export const LAUNCH_FAILED = 95;
export const ELEVATED_COMMAND_ENV = 'RDPDOCTOR_ELEVATED_COMMAND';
export const POWERSHELL_ENV = 'RDPDOCTOR_POWERSHELL';

/** The elevated bootstrap (language-mode.ps1, then elevated.ps1) for one parameters file: its path as base64 of UTF-8, and its hash. */
export function elevatedBootstrap(paramsFile: string, paramsSha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(paramsSha256)) throw new Error('bad hash');
  const b64 = Buffer.from(paramsFile, 'utf8').toString('base64');
  return `${LANGUAGE_MODE}\n${ELEVATED.replace('@PARAMS_FILE_BASE64@', b64).replace('@PARAMS_SHA256@', paramsSha256)}`;
}

/** The launcher text as the runner starts it: launcher.ps1, then its one call. */
export function launcherScript(): string {
  return `${LAUNCHER}\nexit (Invoke-RdLaunch)\n`;
}

export interface ElevatedLaunch {
  /** The bootstrap as -EncodedCommand (base64 only; goes to the launcher in RDPDOCTOR_ELEVATED_COMMAND). */
  encodedBootstrap: string;
  files: { path: string; content: string }[];
  stdoutFile: string;
  stderrFile: string;
  exitCodeFile: string;
}

/** Pure: the files of one elevated run (script, input, parameters) and the bootstrap that checks them. */
export function buildElevatedLaunch(scriptId: ScriptId, input: unknown, dir: string, join: (...parts: string[]) => string = path.win32.join): ElevatedLaunch {
  const data = validInput(scriptId, input);
  const scriptText = fullScriptText(scriptId);
  const inputText = asciiJson(data);
  const f = (name: string) => join(dir, name);
  const params = {
    scriptFile: f('script.ps1'),
    scriptSha256: sha256Hex(scriptText),
    inputFile: f('input.json'),
    inputSha256: sha256Hex(inputText),
    stdoutFile: f('stdout.txt'),
    stderrFile: f('stderr.txt'),
    exitCodeFile: f('exit.txt'),
  };
  const paramsText = asciiJson(params);
  const paramsFile = f('params.json');
  return {
    encodedBootstrap: encodeCommand(elevatedBootstrap(paramsFile, sha256Hex(paramsText))),
    files: [
      { path: params.scriptFile, content: scriptText },
      { path: params.inputFile, content: inputText },
      { path: paramsFile, content: paramsText },
    ],
    stdoutFile: params.stdoutFile,
    stderrFile: params.stderrFile,
    exitCodeFile: params.exitCodeFile,
  };
}

/** What the launcher process did (exit code, its own stderr). */
export interface LauncherOutcome {
  exitCode: number | null;
  stderr: string;
  spawnError?: { code: string; message: string };
}

/**
 * Starts the launcher (not elevated). The default spawns powershell.exe with launcher.ps1 as
 * -EncodedCommand; tests give one that runs the same launcher in pwsh with the RunAs seam replaced.
 */
export type LauncherSpawn = (request: { powershellPath: string; env: Record<string, string>; timeoutMs: number; signal?: AbortSignal }) => Promise<LauncherOutcome & { timedOut: boolean; cancelled: boolean }>;

export function spawnLauncher(text: string = launcherScript()): LauncherSpawn {
  return ({ powershellPath, env, timeoutMs, signal }) =>
    new Promise((resolve) => {
      const child = spawn(powershellPath, [...baseArgs(false), '-EncodedCommand', encodeCommand(text)], {
        env: { ...process.env, ...env },
        shell: false,
        windowsHide: true,
        stdio: ['ignore', 'ignore', 'pipe'],
        detached: process.platform !== 'win32',
      });
      const err: Buffer[] = [];
      let timedOut = false;
      let cancelled = false;
      let settled = false;
      // Only the unelevated launcher is ours to stop; the elevated process keeps running.
      const timer = setTimeout(() => {
        timedOut = true;
        killProcessTree(child.pid);
      }, timeoutMs);
      const onAbort = () => {
        cancelled = true;
        killProcessTree(child.pid);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      child.stderr?.on('data', (c: Buffer) => err.push(c));
      const finish = (exitCode: number | null, spawnError?: { code: string; message: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve({ exitCode, stderr: Buffer.concat(err).toString('utf8'), timedOut, cancelled, ...(spawnError ? { spawnError } : {}) });
      };
      child.on('error', (e: NodeJS.ErrnoException) => finish(null, { code: e.code ?? 'ERROR', message: e.message }));
      child.on('close', (code) => finish(code));
    });
}

export interface ElevationDeps {
  platform?: NodeJS.Platform;
  isElevated: () => boolean;
  /** Used as is when already elevated. */
  direct?: PowerShellExecutor;
  launch?: LauncherSpawn;
  tmpRoot?: () => string;
  powershellPath?: () => string;
  /** Path join for the files named in the parameters file (the native one by default). */
  join?: (...parts: string[]) => string;
}

async function readIfThere(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

export function createElevatedExecutor(deps: ElevationDeps): PowerShellExecutor {
  const platform = deps.platform ?? process.platform;
  const direct = deps.direct ?? createSpawnExecutor();
  const launch = deps.launch ?? spawnLauncher();
  return async (request) => {
    const none = { exitCode: null, stdout: '', stderr: '', timedOut: false, cancelled: false, durationMs: 0 };
    if (platform !== 'win32') return { ...none, spawnError: { code: 'ENOTSUP', message: 'Elevated Windows changes are only possible on Windows.' } };
    if (deps.isElevated()) return direct(request);
    const started = performance.now();
    const dir = await fs.mkdtemp(path.join(deps.tmpRoot?.() ?? os.tmpdir(), 'rdpdoctor-'));
    let plan: ElevatedLaunch;
    try {
      plan = buildElevatedLaunch(request.scriptId, request.input ?? {}, dir, deps.join ?? path.join);
      for (const file of plan.files) await fs.writeFile(file.path, file.content, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
    } catch (error) {
      await fs.rm(dir, { recursive: true, force: true });
      return { ...none, spawnError: { code: 'EINVAL', message: (error as Error).message } };
    }
    const powershellPath = deps.powershellPath?.() ?? resolvePowerShell();
    const ran = await launch({
      powershellPath,
      env: { [ELEVATED_COMMAND_ENV]: plan.encodedBootstrap, [POWERSHELL_ENV]: powershellPath },
      timeoutMs: request.timeoutMs ?? ELEVATED_TIMEOUT_MS,
      ...(request.signal ? { signal: request.signal } : {}),
    });
    const durationMs = performance.now() - started;
    if (ran.timedOut || ran.cancelled) {
      // The elevated change may still be running: its files stay until it is done with them.
      const stderr = ran.timedOut ? 'The elevated change did not finish in time; it may still be running.' : 'Stopped waiting; the elevated change may still be running.';
      return { ...none, stderr, timedOut: ran.timedOut, cancelled: ran.cancelled, durationMs };
    }
    const [stdout, stderr, exit] = await Promise.all([readIfThere(plan.stdoutFile), readIfThere(plan.stderrFile), readIfThere(plan.exitCodeFile)]);
    await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
    if (ran.spawnError) return { ...none, spawnError: ran.spawnError, durationMs };
    if (ran.exitCode === LAUNCH_DECLINED) return { ...none, stderr: ran.stderr, spawnError: { code: 'ELEVATION_DECLINED', message: ran.stderr.trim() || 'Administrator permission was not given.' }, durationMs };
    const exitCode = exit !== null && /^\d+$/.test(exit.trim()) ? Number(exit.trim()) : ran.exitCode;
    const outcome: PowerShellRawOutcome = { exitCode, stdout: stdout ?? '', stderr: [stderr ?? '', ran.stderr].filter((s) => s.trim() !== '').join('\n'), timedOut: false, cancelled: false, durationMs };
    return outcome;
  };
}
