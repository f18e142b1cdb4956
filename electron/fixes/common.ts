/** Shared pieces of the fix modules: running fix scripts, reading state through the checks. */
import { z, type ZodType } from 'zod';
import type { CheckResult, FixCommand } from '../../shared/model';
import type { FixContext } from '../../shared/catalog/fix';
import type { Target } from '../../shared/target';
import { runWindowsCheck, type WindowsCheckSpec } from '../checks/windows/check';
import { asArray } from '../checks/windows/normalize';
import { runScript, type PowerShellExecutor } from '../powershell/runner';
import type { ScriptId } from '../powershell/scripts';
import type { SectionProblem } from '../../shared/checks/windows/ids';
import { FixError, type FixChange, type FixDescription, type FixEnv, type FixModule } from './types';

export const NOT_WINDOWS_FIX = 'Not applicable on this system: this fix changes Windows settings and runs on Windows only. Run the commands below on the server, in PowerShell as administrator.';
export const LOCAL_TARGET: Target = { host: 'localhost', port: 3389, kind: 'dns' };
export const FIX_TIMEOUT_MS = 300_000;

/** Fix commands are PowerShell commands: one definition, in the catalogue's command text. */
export { powershellCommand as ps } from '../../shared/catalog/commandText';

/** The parameters of a fix that takes none. */
export const NO_PARAMS = z.object({}).transform(() => ({}) as Record<string, never>);

/** What a fix suggests doing by hand for its parameters: the catalogue's commands and the risk. */
export interface ManualFix {
  commands: FixCommand[];
  risk: string;
}

/** A change to this Windows computer's settings, as most fixes are: elevated, undoable, one confirmation. */
export interface WindowsChangeSpec<P, U> extends Omit<FixModule<P, U>, 'where' | 'requiresElevation' | 'requiresSecondConfirmation' | 'undoable' | 'describe'> {
  requiresSecondConfirmation?: boolean;
  /** The manual commands and risk, shown everywhere (off Windows as the only thing), for this computer (`here`). */
  manual(p: P, here: FixContext): ManualFix;
  /** The preview on Windows, from the state read now. */
  preview(p: P, env: FixEnv, manual: ManualFix, here: FixContext): Promise<FixDescription>;
}

/** A fix module for a change to this Windows computer: off Windows its preview is the manual commands only. */
export function windowsChange<P, U>(spec: WindowsChangeSpec<P, U>): FixModule<P, U> {
  const { manual, preview, requiresSecondConfirmation = false, ...rest } = spec;
  return {
    ...rest,
    where: 'server',
    requiresElevation: true,
    requiresSecondConfirmation,
    undoable: true,
    async describe(p, env) {
      const here: FixContext = { target: LOCAL_TARGET, platform: env.platform, targetIsLocal: true };
      const m = manual(p, here);
      if (env.platform !== 'win32') return notApplicable(NOT_WINDOWS_FIX, m.commands, m.risk);
      return preview(p, env, m, here);
    },
  };
}

export function notApplicable(reason: string, commands: FixCommand[], risk: string, changes: FixChange[] = []): FixDescription {
  return { applicable: false, notApplicableReason: reason.slice(0, 500), changes, commands, risk };
}

const scriptOutput = z.record(z.string(), z.unknown());

/** What an administrator is told when Windows refuses a change although the script ran with administrator rights. */
export const REFUSED_WHEN_ELEVATED = 'Windows refused the change although it ran with administrator rights: the item is protected beyond the Administrators group (its owner or a deny entry), or a security product blocked it.';

/**
 * Run a fix script and return its JSON; a failure becomes a FixError with plain words, the detail and
 * what the script printed before it stopped (`partial`: the undo data of a change that failed half-way).
 * `elevated`: the script ran with administrator rights (runElevated), so "access denied" never means
 * "start as administrator".
 */
export async function runFixScript<T>(executor: PowerShellExecutor, scriptId: ScriptId, input: unknown, schema: ZodType<T>, signal: AbortSignal, options: { interactive?: boolean; timeoutMs?: number; elevated?: boolean } = {}): Promise<T> {
  const outcome = await runScript(executor, { scriptId, input, signal, timeoutMs: options.timeoutMs ?? FIX_TIMEOUT_MS, ...(options.interactive ? { interactive: true } : {}) }, scriptOutput);
  if (!outcome.ok) {
    const f = outcome.failure;
    const detail = f.detail ? ` (${f.detail.split(/\r?\n/).find((l) => l.trim() !== '')?.trim().slice(0, 300) ?? ''})` : '';
    if (options.elevated && f.kind === 'needs-administrator') throw new FixError(`${REFUSED_WHEN_ELEVATED}${detail}`, 'failed', f.partial);
    throw new FixError(`${f.message}${f.kind === 'failed' ? detail : ''}`, f.kind, f.partial);
  }
  const parsed = schema.safeParse(outcome.value);
  if (!parsed.success) throw new FixError(`The change script answered something RDP Doctor could not read (${parsed.error.issues[0]?.path.join('.') ?? ''}).`, 'malformed-output');
  return parsed.data;
}

/** Run a fix script with administrator rights (the context's elevated executor). */
export function runElevatedFixScript<T>(ctx: { runElevated: PowerShellExecutor; signal: AbortSignal }, scriptId: ScriptId, input: unknown, schema: ZodType<T>, options: { timeoutMs?: number } = {}): Promise<T> {
  return runFixScript(ctx.runElevated, scriptId, input, schema, ctx.signal, { ...options, elevated: true });
}

/** Read current state through a check (not elevated); data is null when it could not be read. */
export async function readState<D extends { problems: SectionProblem[] }>(
  spec: WindowsCheckSpec<D>,
  run: PowerShellExecutor,
  platform: NodeJS.Platform,
  signal: AbortSignal = new AbortController().signal,
  target: Target = LOCAL_TARGET,
): Promise<{ result: CheckResult; data: D | null }> {
  const result = await runWindowsCheck(spec, { executor: run }, { target, signal, platform });
  const parsed = spec.schema.safeParse(result.data);
  return { result, data: parsed.success ? parsed.data : null };
}

export function profileList(text: string | undefined): ('Domain' | 'Private' | 'Public')[] {
  if (!text) return [];
  const out: ('Domain' | 'Private' | 'Public')[] = [];
  for (const p of text.split(',').map((s) => s.trim())) {
    if ((p === 'Domain' || p === 'Private' || p === 'Public') && !out.includes(p)) out.push(p);
  }
  return out;
}

/** An array field of a script's JSON: tolerates ConvertTo-Json's null / bare single element. */
export function jsonArray<T extends ZodType>(item: T) {
  return z.preprocess(asArray, z.array(item));
}
