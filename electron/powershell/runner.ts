/**
 * Runs one of our FIXED PowerShell scripts and reads its JSON answer.
 *
 * - The script text never changes with the input: inputs travel only as JSON in the environment
 *   variable RDPDOCTOR_INPUT (read in the script with ConvertFrom-Json). The script itself goes in
 *   through -EncodedCommand (base64 of UTF-16LE), so no quoting of any kind is involved.
 * - spawn with shell:false, no stdin, a timeout and an AbortSignal; both kill the process tree
 *   (taskkill /T /F /PID on Windows).
 * - Output is `ConvertTo-Json -Compress` on one line, parsed and validated with a zod schema.
 * - Failures come back classified (needs-administrator, cmdlet-not-available, timed-out, cancelled,
 *   powershell-missing, malformed-output, elevation-declined, failed) with a plain-words message.
 *
 * `buildInvocation` is pure, so tests prove hostile inputs only ever change the env JSON.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ZodType } from 'zod';
import type { SectionProblem } from '../../shared/checks/windows';
import { SCRIPTS, fullScriptText, type ScriptId } from './scripts';

export const INPUT_ENV = 'RDPDOCTOR_INPUT';
export const INPUT_FILE_ENV = 'RDPDOCTOR_INPUT_FILE';
export const INPUT_SHA_ENV = 'RDPDOCTOR_INPUT_SHA256';
export const SCRIPT_FILE_ENV = 'RDPDOCTOR_SCRIPT_FILE';

export interface Invocation {
  file: string;
  args: string[];
  /** Only the variables we add; the runner merges them over the inherited environment. */
  env: Record<string, string>;
}

export interface InvocationOptions {
  /** powershell.exe (default) or a full path / pwsh.exe. */
  executable?: string;
  /** Leave out -NonInteractive (only for scripts that must show a Windows credential prompt). */
  interactive?: boolean;
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

/**
 * The exact process to start for one script and one input. Pure. Throws when the script id is
 * unknown or the input does not match the script's input schema.
 */
export function buildInvocation(scriptId: ScriptId, input: unknown, options: InvocationOptions = {}): Invocation {
  const script = SCRIPTS[scriptId];
  if (!script) throw new Error(`Unknown PowerShell script "${String(scriptId)}".`);
  const parsed = script.input.safeParse(input ?? {});
  if (!parsed.success) throw new Error(`Invalid input for ${scriptId}: ${parsed.error.issues[0]?.message ?? 'does not match'}`);
  return {
    file: options.executable ?? 'powershell.exe',
    args: [...baseArgs(options.interactive), '-EncodedCommand', encodeCommand(fullScriptText(scriptId))],
    env: { [INPUT_ENV]: asciiJson(parsed.data) },
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
}

/** The real executor: spawn, collect, time out, cancel. */
export function createSpawnExecutor(options: SpawnExecutorOptions = {}): PowerShellExecutor {
  const platform = options.platform ?? process.platform;
  return (request) =>
    new Promise<PowerShellRawOutcome>((resolve) => {
      const started = performance.now();
      let invocation: Invocation;
      try {
        invocation = buildInvocation(request.scriptId, request.input ?? {}, {
          executable: options.executable ?? resolvePowerShell(),
          interactive: request.interactive ?? false,
        });
      } catch (error) {
        resolve({ exitCode: null, stdout: '', stderr: '', timedOut: false, cancelled: false, spawnError: { code: 'EINVAL', message: (error as Error).message }, durationMs: 0 });
        return;
      }
      if (request.signal?.aborted) {
        resolve({ exitCode: null, stdout: '', stderr: '', timedOut: false, cancelled: true, durationMs: 0 });
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

// ---- interpretation ---------------------------------------------------------------------------

export type PowerShellFailureKind =
  | 'needs-administrator'
  | 'cmdlet-not-available'
  | 'timed-out'
  | 'cancelled'
  | 'powershell-missing'
  | 'malformed-output'
  | 'elevation-declined'
  | 'failed';

export interface PowerShellFailure {
  kind: PowerShellFailureKind;
  /** Plain words, actionable. */
  message: string;
  /** Raw detail for IT staff (cleaned stderr, parse error). */
  detail: string;
  exitCode: number | null;
}

export type PowerShellResult<T> = { ok: true; value: T; stderr: string; durationMs: number } | { ok: false; failure: PowerShellFailure; durationMs: number };

const ADMIN_PATTERNS = [
  /access is denied/i,
  /access to the (registry key|path) .* is denied/i,
  /requested registry access is not allowed/i,
  /UnauthorizedAccessException/i,
  /SecurityException/i,
  /0x80070005/i,
  /0x80041003/i, // WBEM_E_ACCESS_DENIED
  /PermissionDenied/i,
  /E_ACCESSDENIED/i,
  /Zugriff verweigert/i,
  /Accès refusé/i,
  /Acceso denegado/i,
  /requires elevation|administrator privileges|run as administrator/i,
];
const NOT_AVAILABLE_PATTERNS = [
  /is not recognized as (the name of )?a cmdlet/i,
  /CommandNotFoundException/i,
  /CommandNotFound/i,
  /ModuleNotFound/i,
  /Invalid namespace/i,
  /0x8004100e/i, // WBEM_E_INVALID_NAMESPACE
  /Invalid class/i,
  /0x80041010/i, // WBEM_E_INVALID_CLASS
  /wird nicht als Name eines Cmdlet/i,
  /n'est pas reconnu comme nom d'applet de commande/i,
];
const NOT_FOUND_PATTERNS = [/ItemNotFoundException/i, /ObjectNotFound/i, /NoMatchingEventsFound/i, /RDPDOCTOR-NOT-FOUND/];

export function classifyErrorText(text: string): 'needs-administrator' | 'cmdlet-not-available' | 'not-found' | 'failed' {
  if (ADMIN_PATTERNS.some((p) => p.test(text))) return 'needs-administrator';
  if (NOT_AVAILABLE_PATTERNS.some((p) => p.test(text))) return 'cmdlet-not-available';
  if (NOT_FOUND_PATTERNS.some((p) => p.test(text))) return 'not-found';
  return 'failed';
}

/**
 * Windows PowerShell sometimes writes its error stream as CLIXML ("#< CLIXML" + <Objs>) when
 * streams are redirected; turn that back into the error lines.
 */
export function cleanStderr(stderr: string): string {
  const text = stderr.replace(/^\uFEFF/, '');
  if (!text.includes('#< CLIXML')) return text.trim();
  const lines: string[] = [];
  const re = /<S S="Error">([\s\S]*?)<\/S>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    lines.push(
      (m[1] ?? '')
        .replace(/_x000D_/g, '')
        .replace(/_x000A_/g, '\n')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&'),
    );
  }
  return lines.join('').trim();
}

/** The JSON document a script printed (one line with -Compress), ignoring noise around it. */
export function extractJson(stdout: string): unknown {
  const text = stdout.replace(/^\uFEFF/, '').trim();
  if (text === '') throw new Error('no output');
  try {
    return JSON.parse(text);
  } catch {
    const lines = text.split(/\r?\n/).filter((l) => /^\s*[[{]/.test(l));
    const last = lines[lines.length - 1];
    if (last === undefined) throw new Error('no JSON in the output');
    return JSON.parse(last);
  }
}

const FAILURE_MESSAGES: Record<PowerShellFailureKind, string> = {
  'needs-administrator': 'Needs administrator rights: start RDP Doctor as administrator (right-click, Run as administrator) to read this.',
  'cmdlet-not-available': 'This part of Windows is not available on this edition or version, so it cannot be checked here.',
  'timed-out': 'Windows took too long to answer this check; it was stopped. Try again, or run it when the computer is less busy.',
  cancelled: 'Cancelled.',
  'powershell-missing': 'Windows PowerShell could not be started on this computer, so the Windows checks cannot run.',
  'malformed-output': 'The Windows check returned something RDP Doctor could not read.',
  'elevation-declined': 'Administrator permission was not given, so nothing was changed.',
  failed: 'The Windows check failed to run.',
};

function firstLine(text: string, max = 400): string {
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '');
  return (line ?? '').slice(0, max);
}

export function failure(kind: PowerShellFailureKind, detail: string, exitCode: number | null): PowerShellFailure {
  return { kind, message: FAILURE_MESSAGES[kind], detail: detail.slice(0, 2000), exitCode };
}

/** Map a raw outcome to a validated value or a classified failure. */
export function interpretOutcome<T>(outcome: PowerShellRawOutcome, schema: ZodType<T>): PowerShellResult<T> {
  const durationMs = outcome.durationMs;
  const stderr = cleanStderr(outcome.stderr);
  if (outcome.spawnError) {
    if (outcome.spawnError.code === 'ENOENT') return { ok: false, failure: failure('powershell-missing', outcome.spawnError.message, null), durationMs };
    if (outcome.spawnError.code === 'ELEVATION_DECLINED') return { ok: false, failure: failure('elevation-declined', outcome.spawnError.message, null), durationMs };
    return { ok: false, failure: failure('failed', outcome.spawnError.message, null), durationMs };
  }
  if (outcome.cancelled) return { ok: false, failure: failure('cancelled', '', outcome.exitCode), durationMs };
  if (outcome.timedOut) return { ok: false, failure: failure('timed-out', firstLine(stderr), outcome.exitCode), durationMs };
  let json: unknown;
  let parseProblem: string | null = null;
  try {
    json = extractJson(outcome.stdout);
  } catch (error) {
    parseProblem = (error as Error).message;
  }
  if (outcome.exitCode !== 0 || parseProblem !== null) {
    const kind = classifyErrorText(stderr);
    if (kind === 'needs-administrator' || kind === 'cmdlet-not-available') return { ok: false, failure: failure(kind, stderr, outcome.exitCode), durationMs };
    if (outcome.exitCode !== 0) {
      return { ok: false, failure: failure('failed', stderr || `exit code ${outcome.exitCode}`, outcome.exitCode), durationMs };
    }
    const detail = [parseProblem ?? 'unreadable output', stderr].filter((s) => s !== '').join(' | ');
    return { ok: false, failure: failure('malformed-output', detail, outcome.exitCode), durationMs };
  }
  const checked = schema.safeParse(json);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { ok: false, failure: failure('malformed-output', `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'does not match'}`, outcome.exitCode), durationMs };
  }
  return { ok: true, value: checked.data, stderr, durationMs };
}

export async function runScript<T>(executor: PowerShellExecutor, request: PowerShellRequest, schema: ZodType<T>): Promise<PowerShellResult<T>> {
  return interpretOutcome(await executor(request), schema);
}

/** A per-section error the scripts collect (`errors` in every script's output). */
export interface ScriptSectionError {
  section: string;
  message: string;
  errorId?: string | null;
  exception?: string | null;
}

export function sectionProblem(error: ScriptSectionError): SectionProblem {
  const text = [error.message, error.errorId ?? '', error.exception ?? ''].join(' ');
  return { section: error.section, kind: classifyErrorText(text), message: firstLine(error.message, 300) };
}
