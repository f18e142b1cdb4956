/**
 * How one of our FIXED PowerShell scripts is started (pure: tests prove hostile inputs only ever
 * change the input JSON).
 *
 * - The script text never changes with the input: inputs travel only as JSON, in the environment
 *   variable RDPDOCTOR_INPUT (or, for elevated runs, in a hash-checked parameters file).
 * - The script goes into a file in a fresh private temporary folder; the command line carries only
 *   the short fixed bootstrap (bootstrap.ps1, as -EncodedCommand: base64 of UTF-16LE, no quoting),
 *   holding the file's SHA-256: it refuses a file whose hash differs and runs exactly the bytes it
 *   hashed. (The scripts are far longer than a command line may be: 32,767 characters on Windows,
 *   and security suites flag long encoded commands.)
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import BOOTSTRAP from './bootstrap.ps1';
import LANGUAGE_MODE from './language-mode.ps1';
import { SCRIPTS, fullScriptText, type ScriptId } from './scripts';

export const INPUT_ENV = 'RDPDOCTOR_INPUT';
export const INPUT_FILE_ENV = 'RDPDOCTOR_INPUT_FILE';
export const INPUT_SHA_ENV = 'RDPDOCTOR_INPUT_SHA256';
export const SCRIPT_FILE_ENV = 'RDPDOCTOR_SCRIPT_FILE';
/** The name of the script file inside the temporary folder. */
export const SCRIPT_FILE_NAME = 'script.ps1';

export interface Invocation {
  file: string;
  args: string[];
  /** Only the variables we add; the runner merges them over the inherited environment. */
  env: Record<string, string>;
  /** Written (new, private) before the start and removed after. */
  files: { path: string; content: string }[];
}

export interface InvocationOptions {
  /** powershell.exe (default) or a full path / pwsh.exe. */
  executable?: string;
  /** Leave out -NonInteractive (only for scripts that must show a Windows credential prompt). */
  interactive?: boolean;
  /** The fresh private temporary folder that will hold the script file. */
  dir: string;
  /** Path join of the platform the process starts on (default: Windows). */
  join?: (...parts: string[]) => string;
  /** Tests only: recorded-data stand-ins for the seams (see fullScriptText). */
  testSeams?: string;
}

/** base64 of the UTF-16LE text, as -EncodedCommand expects. */
export function encodeCommand(text: string): string {
  return Buffer.from(text, 'utf16le').toString('base64');
}

/** JSON with every non-ASCII and control character escaped (\uXXXX): survives any code page. */
export function asciiJson(value: unknown): string {
  const json = JSON.stringify(value ?? null);
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function baseArgs(interactive = false): string[] {
  return ['-NoProfile', ...(interactive ? [] : ['-NonInteractive']), '-ExecutionPolicy', 'Bypass'];
}

export function sha256Hex(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The fixed bootstrap: the language-mode line, then verify the script file's hash and run exactly those bytes. */
export function bootstrapScript(scriptSha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(scriptSha256)) throw new Error('bad hash');
  return `${LANGUAGE_MODE}\n${BOOTSTRAP.replace('@SCRIPT_SHA256@', scriptSha256)}`;
}

/** The input, validated against the script's schema; throws a one-line error otherwise. */
export function validInput(scriptId: ScriptId, input: unknown): unknown {
  const script = SCRIPTS[scriptId];
  if (!script) throw new Error(`Unknown PowerShell script "${String(scriptId)}".`);
  const parsed = script.input.safeParse(input ?? {});
  if (!parsed.success) throw new Error(`Invalid input for ${scriptId}: ${parsed.error.issues[0]?.message ?? 'does not match'}`);
  return parsed.data;
}

/** The script file and the command line that runs it (the bootstrap, carrying the file's hash). */
export function scriptLaunch(scriptId: ScriptId, dir: string, join: (...parts: string[]) => string, interactive = false, testSeams?: string): { args: string[]; scriptFile: { path: string; content: string } } {
  const content = fullScriptText(scriptId, testSeams);
  return {
    args: [...baseArgs(interactive), '-EncodedCommand', encodeCommand(bootstrapScript(sha256Hex(content)))],
    scriptFile: { path: join(dir, SCRIPT_FILE_NAME), content },
  };
}

/**
 * The exact process to start for one script and one input. Pure. Throws when the script id is
 * unknown or the input does not match the script's input schema.
 */
export function buildInvocation(scriptId: ScriptId, input: unknown, options: InvocationOptions): Invocation {
  const data = validInput(scriptId, input);
  const launch = scriptLaunch(scriptId, options.dir, options.join ?? path.win32.join, options.interactive ?? false, options.testSeams);
  return {
    file: options.executable ?? 'powershell.exe',
    args: launch.args,
    env: { [INPUT_ENV]: asciiJson(data), [SCRIPT_FILE_ENV]: launch.scriptFile.path },
    files: [launch.scriptFile],
  };
}

/** Windows PowerShell 5.1 by absolute path (no PATH lookup), else PowerShell 7 (pwsh.exe) from PATH. */
export function resolvePowerShell(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = existsSync, arch: string = process.arch): string {
  const root = env.SystemRoot ?? env.windir ?? 'C:\\Windows';
  // A 32-bit process on 64-bit Windows would get the redirected 32-bit PowerShell from System32.
  const system = arch === 'ia32' && env.PROCESSOR_ARCHITEW6432 ? 'Sysnative' : 'System32';
  const candidate = path.win32.join(root, system, 'WindowsPowerShell', 'v1.0', 'powershell.exe');
  if (exists(candidate)) return candidate;
  const fallback = path.win32.join(root, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
  if (exists(fallback)) return fallback;
  return 'pwsh.exe';
}
