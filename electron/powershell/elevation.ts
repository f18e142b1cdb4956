/**
 * Running a fix script with administrator rights.
 *
 * Already elevated: the normal spawn runner (input in RDPDOCTOR_INPUT).
 * Not elevated: @vscode/sudo-prompt shows the UAC prompt and runs, through a .bat it writes,
 *   "powershell.exe" -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand <bootstrap>
 * The same hash-checked script file as every run (invocation.ts), and the JSON parameters in a
 * second file beside it: the prelude refuses a parameters file whose hash differs from
 * RDPDOCTOR_INPUT_SHA256 (the environment of a .bat is no place for arbitrary text). Nothing from the parameters is ever part of the command line or the script.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as sudo from '@vscode/sudo-prompt';
import { INPUT_FILE_ENV, INPUT_SHA_ENV, SCRIPT_FILE_ENV, asciiJson, resolvePowerShell, scriptLaunch, sha256Hex, validInput } from './invocation';
import { createSpawnExecutor, type PowerShellExecutor, type PowerShellRawOutcome } from './runner';
import type { ScriptId } from './scripts';

export const SUDO_NAME = 'RDP Doctor';
export const ELEVATED_TIMEOUT_MS = 10 * 60_000;

/** A path that survives sudo-prompt's `set NAME=value` lines in cmd unchanged. */
export function cmdSafePath(p: string): boolean {
  return p.length > 0 && p.length < 260 && !/["%!\r\n^&|<>]/.test(p);
}

export interface ElevatedCommand {
  /** What sudo-prompt runs (fixed for a given script and PowerShell path). */
  command: string;
  /** Set by sudo-prompt in the elevated .bat before the command. */
  env: Record<string, string>;
  files: { path: string; content: string }[];
}

/** Pure: the elevated command, its environment and the two files, for one script and input. */
export function buildElevatedCommand(scriptId: ScriptId, input: unknown, options: { powershellPath: string; dir: string; join?: (...parts: string[]) => string }): ElevatedCommand {
  const data = validInput(scriptId, input);
  if (!cmdSafePath(options.powershellPath)) throw new Error('The PowerShell path cannot be used in an elevated command.');
  // Windows paths; the executor passes the native join (the same thing on Windows).
  const join = options.join ?? path.win32.join;
  const launch = scriptLaunch(scriptId, options.dir, join);
  const inputFile = join(options.dir, 'input.json');
  if (!cmdSafePath(launch.scriptFile.path) || !cmdSafePath(inputFile)) {
    throw new Error('The temporary folder path contains characters (% " ! & | < > ^) that cannot be passed safely to the elevated command.');
  }
  const inputText = asciiJson(data);
  return {
    command: [`"${options.powershellPath}"`, ...launch.args].join(' '),
    env: { [SCRIPT_FILE_ENV]: launch.scriptFile.path, [INPUT_FILE_ENV]: inputFile, [INPUT_SHA_ENV]: sha256Hex(inputText) },
    files: [launch.scriptFile, { path: inputFile, content: inputText }],
  };
}

type SudoExec = (command: string, options: { name: string; env: Record<string, string> }, callback: (error?: Error, stdout?: string | Buffer, stderr?: string | Buffer) => void) => void;

export interface ElevationDeps {
  platform?: NodeJS.Platform;
  isElevated: () => boolean;
  /** Used as is when already elevated. */
  direct?: PowerShellExecutor;
  sudoExec?: SudoExec;
  tmpRoot?: () => string;
  powershellPath?: () => string;
}

const DECLINED = /did not grant permission|canceled by the user|cancelled by the user/i;

export function createElevatedExecutor(deps: ElevationDeps): PowerShellExecutor {
  const platform = deps.platform ?? process.platform;
  const direct = deps.direct ?? createSpawnExecutor();
  const sudoExec: SudoExec = deps.sudoExec ?? ((command, options, callback) => sudo.exec(command, options, callback));
  return async (request) => {
    if (platform !== 'win32') {
      return { exitCode: null, stdout: '', stderr: '', timedOut: false, cancelled: false, spawnError: { code: 'ENOTSUP', message: 'Elevated Windows changes are only possible on Windows.' }, durationMs: 0 };
    }
    if (deps.isElevated()) return direct(request);
    const started = performance.now();
    const dir = await fs.mkdtemp(path.join(deps.tmpRoot?.() ?? os.tmpdir(), 'rdpdoctor-'));
    let elevated: ElevatedCommand;
    try {
      elevated = buildElevatedCommand(request.scriptId, request.input ?? {}, { powershellPath: deps.powershellPath?.() ?? resolvePowerShell(), dir, join: path.join });
      for (const file of elevated.files) await fs.writeFile(file.path, file.content, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
    } catch (error) {
      await fs.rm(dir, { recursive: true, force: true });
      return { exitCode: null, stdout: '', stderr: '', timedOut: false, cancelled: false, spawnError: { code: 'EINVAL', message: (error as Error).message }, durationMs: 0 };
    }
    return new Promise<PowerShellRawOutcome>((resolve) => {
      let settled = false;
      const settle = (outcome: Omit<PowerShellRawOutcome, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        resolve({ ...outcome, durationMs: performance.now() - started });
      };
      // An elevated process is not ours to kill: on cancel or timeout we stop waiting and say so.
      const timer = setTimeout(
        () => settle({ exitCode: null, stdout: '', stderr: 'The elevated change did not finish in time; it may still be running.', timedOut: true, cancelled: false }),
        request.timeoutMs ?? ELEVATED_TIMEOUT_MS,
      );
      const onAbort = () => settle({ exitCode: null, stdout: '', stderr: 'Stopped waiting; the elevated change may still be running.', timedOut: false, cancelled: true });
      request.signal?.addEventListener('abort', onAbort, { once: true });
      sudoExec(elevated.command, { name: SUDO_NAME, env: elevated.env }, (error, stdout, stderr) => {
        void fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
        const out = stdout === undefined ? '' : String(stdout);
        const err = stderr === undefined ? '' : String(stderr);
        if (error && DECLINED.test(error.message)) {
          settle({ exitCode: null, stdout: out, stderr: err, timedOut: false, cancelled: false, spawnError: { code: 'ELEVATION_DECLINED', message: error.message } });
          return;
        }
        const code = error ? Number((error as Error & { code?: unknown }).code) : 0;
        settle({ exitCode: Number.isFinite(code) ? code : 1, stdout: out, stderr: err || (error ? error.message : ''), timedOut: false, cancelled: false });
      });
    });
  };
}
