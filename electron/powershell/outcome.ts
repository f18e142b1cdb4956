/**
 * Reading what a script did: the JSON answer validated with a zod schema, or a classified failure
 * (needs-administrator, cmdlet-not-available, timed-out, cancelled, powershell-missing,
 * malformed-output, elevation-declined, powershell-restricted, failed) with a plain-words message.
 * Pure: tests feed recorded outcomes, and real ones from pwsh.
 */
import type { ZodType } from 'zod';
import type { SectionProblem } from '../../shared/checks/windows/ids';
import type { PowerShellRawOutcome } from './runner';

// ---- interpretation ---------------------------------------------------------------------------

export type PowerShellFailureKind =
  | 'needs-administrator'
  | 'cmdlet-not-available'
  | 'timed-out'
  | 'cancelled'
  | 'powershell-missing'
  | 'malformed-output'
  | 'elevation-declined'
  | 'powershell-restricted'
  | 'failed';

export interface PowerShellFailure {
  kind: PowerShellFailureKind;
  /** Plain words, actionable. */
  message: string;
  /** Raw detail for IT staff (cleaned stderr, parse error). */
  detail: string;
  exitCode: number | null;
  /**
   * What a script that failed half-way still printed (its JSON line): a fix script writes its undo
   * data from `finally`, so what it had changed can still be undone.
   */
  partial?: unknown;
}

export type PowerShellResult<T> = { ok: true; value: T; stderr: string; durationMs: number } | { ok: false; failure: PowerShellFailure; durationMs: number };

const ADMIN_PATTERNS = [
  /access is denied/i,
  // "Access to the path 'C:\...' is denied." and PowerShell 7's bare "Access to the path is denied."
  /access to the (registry key|path)\b.*\bis denied/i,
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
  // Windows PowerShell: "is not recognized as the name of a cmdlet"; PowerShell 7: "as a name of a cmdlet".
  /is not recognized as (the |a )?name of a cmdlet/i,
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

const PRECONDITION = /RDPDOCTOR-PRECONDITION ([a-z-]+): ([^\r\n]+)/;
/** The plain explanation of a precondition a script reported (RDPDOCTOR-PRECONDITION id: text). */
export function preconditionOf(text: string): { id: string; message: string } | null {
  const m = PRECONDITION.exec(text);
  return m ? { id: m[1]!, message: m[2]!.trim() } : null;
}

export function classifyErrorText(text: string): 'needs-administrator' | 'cmdlet-not-available' | 'not-found' | 'failed' {
  // A precondition a script explained itself (remote repair: TrustedHosts, a refused local account)
  // may quote "Access is denied": it is not this computer asking for administrator rights.
  if (PRECONDITION.test(text)) return 'failed';
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
  const text = stderr.replace(/^\uFEFF/, '').replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
  if (!text.includes('#< CLIXML')) return text.trim();
  const lines: string[] = [];
  const re = /<S S="Error">([\s\S]*?)<\/S>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    lines.push(
      (m[1] ?? '')
        .replace(/_x001B_\[[0-9;]*[A-Za-z]/g, '') // PowerShell 7 colours its error text (ANSI escapes, XML-escaped)
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

/** Plain words for Constrained Language Mode (the prelude's first line reports it as its only result). */
export const POWERSHELL_RESTRICTED =
  'PowerShell is restricted on this computer (Constrained Language Mode, usually set by AppLocker or Windows Defender Application Control), so RDP Doctor cannot read or change Windows settings here. IT can run the check from an allowed session, or allow RDP Doctor in that policy.';

/** What the prelude prints instead of running a script where PowerShell is restricted. */
function restrictedMode(json: unknown): string | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const value = json as { restricted?: unknown; languageMode?: unknown };
  return value.restricted === true ? String(value.languageMode ?? 'restricted') : null;
}

const FAILURE_MESSAGES: Record<PowerShellFailureKind, string> = {
  'needs-administrator': 'Needs administrator rights: start RDP Doctor as administrator (right-click, Run as administrator) to read this.',
  'cmdlet-not-available': 'This part of Windows is not available on this edition or version, so it cannot be checked here.',
  'timed-out': 'Windows took too long to answer this check; it was stopped. Try again, or run it when the computer is less busy.',
  cancelled: 'Cancelled.',
  'powershell-missing': 'Windows PowerShell could not be started on this computer, so the Windows checks cannot run.',
  'malformed-output': 'The Windows check returned something RDP Doctor could not read.',
  'elevation-declined': 'Administrator permission was not given, so nothing was changed.',
  'powershell-restricted': POWERSHELL_RESTRICTED,
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
    const partial = parseProblem === null ? { partial: json } : {};
    const precondition = preconditionOf(stderr);
    if (precondition) return { ok: false, failure: { ...failure('failed', stderr, outcome.exitCode), message: precondition.message, ...partial }, durationMs };
    const kind = classifyErrorText(stderr);
    if (kind === 'needs-administrator' || kind === 'cmdlet-not-available') return { ok: false, failure: { ...failure(kind, stderr, outcome.exitCode), ...partial }, durationMs };
    if (outcome.exitCode !== 0) {
      return { ok: false, failure: { ...failure('failed', stderr || `exit code ${outcome.exitCode}`, outcome.exitCode), ...partial }, durationMs };
    }
    const detail = [parseProblem ?? 'unreadable output', stderr].filter((s) => s !== '').join(' | ');
    return { ok: false, failure: failure('malformed-output', detail, outcome.exitCode), durationMs };
  }
  const mode = restrictedMode(json);
  if (mode !== null) return { ok: false, failure: failure('powershell-restricted', `PowerShell language mode: ${mode}`, outcome.exitCode), durationMs };
  const checked = schema.safeParse(json);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { ok: false, failure: failure('malformed-output', `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'does not match'}`, outcome.exitCode), durationMs };
  }
  return { ok: true, value: checked.data, stderr, durationMs };
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
