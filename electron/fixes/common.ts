/** Shared pieces of the fix modules: running fix scripts, reading state through the checks. */
import { z, type ZodType } from 'zod';
import type { CheckResult, FixCommand } from '../../shared/model';
import type { FixContext } from '../../shared/catalog/fix';
import type { TemplateVars } from '../../shared/catalog/build';
import { fixRestores, fixWord, type FixTextId } from '../../shared/catalog/fixTexts';
import type { Target } from '../../shared/target';
import { runWindowsCheck, type AnyWindowsCheckSpec, type WindowsCheckSpec } from '../checks/windows/check';
import { asArray } from '../checks/windows/normalize';
import { runScript, type PowerShellExecutor } from '../powershell/runner';
import type { ScriptId } from '../powershell/scripts';
import type { SectionProblem } from '../../shared/checks/windows/ids';
import { FixError, type ApplyContext, type FixChange, type FixDescription, type FixModule, type VerifyContext } from './types';

export const NOT_WINDOWS_FIX = 'Not applicable on this system: this fix changes Windows settings and runs on Windows only. Run the commands below on the server, in PowerShell as administrator.';
export const LOCAL_TARGET: Target = { host: 'localhost', port: 3389, kind: 'dns' };
export const FIX_TIMEOUT_MS = 300_000;

/** Fix commands are PowerShell commands: one definition, in the catalogue's command text. */
export { powershellCommand as ps } from '../../shared/catalog/commandText';

/** The parameters of a fix that takes none. */
export type NoParams = Record<string, never>;
export const NO_PARAMS = z.object({}).transform((): NoParams => ({}));

/** What a fix suggests doing by hand for its parameters: the catalogue's commands and the risk. */
export interface ManualFix {
  commands: FixCommand[];
  risk: string;
}

/** What a check read: its result (shown as evidence) and its data, null when it could not be read. */
export interface StateRead<D> {
  result: CheckResult;
  data: D | null;
}

/** The checks that read the state a change is about, by name. */
export type StateChecks = Record<string, AnyWindowsCheckSpec>;
type CheckData<C> = C extends WindowsCheckSpec<infer D> ? D : never;
/** Each named check's read. */
export type ChangeState<S extends StateChecks> = { [K in keyof S]: StateRead<CheckData<S[K]>> };
/** Each named check's read, every one readable (what verify judges). */
export type ReadableState<S extends StateChecks> = { [K in keyof S]: { result: CheckResult; data: CheckData<S[K]> } };

/** Read every named check at once (not elevated), with the executor, platform and cancellation given. */
export async function readChangeState<S extends StateChecks>(checks: S, at: { run: PowerShellExecutor; platform: NodeJS.Platform; signal?: AbortSignal }): Promise<ChangeState<S>> {
  const names = Object.keys(checks) as (keyof S & string)[];
  const reads = await Promise.all(names.map((name) => readState(checks[name]!, at.run, at.platform, at.signal)));
  return Object.fromEntries(names.map((name, i) => [name, reads[i]])) as ChangeState<S>;
}

/**
 * What a change would do on this computer, from the state read now: the changes, or why it is not
 * needed. The commands and risk are the manual ones unless the state read changes them.
 */
export type ChangePlan = ({ changes: FixChange[]; notNeeded?: never } | { notNeeded: string; changes?: never }) & { commands?: FixCommand[]; risk?: string };

/** Whether the change did what it should, from the state read again (the checks it judged are shown with it). */
export interface ChangeVerdict {
  passed: boolean;
  /** Set (with passed false) when the state could not be read: neither confirmed nor failed. */
  notVerified?: string;
}

/**
 * A change to this Windows computer's settings, as most fixes are: elevated, undoable, one
 * confirmation. It names the checks that read the state it is about (`state`): they are read before
 * the plan, and those it judges (`verifies`, default all) again after the change, so the preview and
 * the verification look at the same things and the verification shows only what decided it.
 */
export interface WindowsChangeSpec<P, U, S extends StateChecks, V extends keyof S & string = keyof S & string> extends Pick<FixModule<P, U>, 'params'> {
  /** The catalogue's fix this module makes (fixTexts.json). */
  id: FixTextId;
  /**
   * The title of the preview and the undo list. Default: the catalogue's title of the fix; given only
   * where the change made on this computer needs other words than the fix card's ("on this computer").
   */
  title?: string;
  /**
   * The values and variants that pick this change's words in the catalogue (what undo restores, from
   * fixTexts.json), for its parameters. Without it, the fix's words as they stand.
   */
  words?(p: P): { vars?: TemplateVars; variants?: string[] };
  requiresSecondConfirmation?: boolean;
  state: S;
  /** The checks of `state` read again after the change and judged by verify (default: all of them). */
  verifies?: readonly V[];
  /** The manual commands and risk, shown everywhere (off Windows as the only thing), for this computer (`here`). */
  manual(p: P, here: FixContext): ManualFix;
  /** The plan on Windows, from the state read now. */
  plan(p: P, state: ChangeState<S>, manual: ManualFix, here: FixContext): Promise<ChangePlan> | ChangePlan;
  /** The undo record: what the change script prints (from its `finally` block, so also when it stops half-way). */
  undoRecord: ZodType<U>;
  /**
   * A record printed by a change that stopped half-way shows something was changed: it is kept and
   * undo puts it back. Without it, a change that failed keeps no undo data.
   */
  changedSomething?(record: U): boolean;
  /** Make the change; `readState` reads the state now, for a change that depends on it. */
  apply(p: P, ctx: ApplyContext, readState: () => Promise<ChangeState<S>>): Promise<{ message: string; undo: U }>;
  /**
   * Judge the state read again after the change (the checks `verifies` names). Called only when every
   * one of them could read: otherwise the change is "not verified" and says which check could not.
   */
  verify(p: P, state: ReadableState<Pick<S, V>>, ctx: VerifyContext): ChangeVerdict;
  /** Put the change back from its record (validated against undoRecord first). */
  undo(record: U, ctx: ApplyContext): Promise<{ message: string }>;
}

/** Why a change is not verified when a check could not read the state again: the check and its reason. */
function notReadAgain(check: { label: string }, result: CheckResult): string {
  const why = (result.reason ?? result.summary).replace(/\.$/, '');
  return `the check "${check.label}" could not read the state again after the change (${why}). Run the check again to confirm.`;
}

/**
 * A fix module for a change to this Windows computer: off Windows its preview is the manual commands
 * only. A change that takes no parameters leaves `params` out.
 */
export function windowsChange<P, U, S extends StateChecks, V extends keyof S & string = keyof S & string>(spec: WindowsChangeSpec<P, U, S, V>): FixModule<P, U>;
export function windowsChange<U, S extends StateChecks, V extends keyof S & string = keyof S & string>(spec: Omit<WindowsChangeSpec<NoParams, U, S, V>, 'params'>): FixModule<NoParams, U>;
export function windowsChange<P, U, S extends StateChecks, V extends keyof S & string>(spec: Omit<WindowsChangeSpec<P, U, S, V>, 'params'> & { params?: ZodType<P> }): FixModule<P, U> {
  // Without params the change takes none (the second signature: P is NoParams there).
  const { state: checks, verifies, manual, plan, undoRecord, changedSomething, apply, verify, undo, requiresSecondConfirmation = false, title, words, params = NO_PARAMS as ZodType<P>, ...rest } = spec;
  const names = verifies ?? (Object.keys(checks) as V[]);
  const verified = Object.fromEntries(names.map((name) => [name, checks[name]])) as Pick<S, V>;
  return {
    ...rest,
    params,
    title: title ?? fixWord(spec.id, 'title'),
    restores(p) {
      const picked = words?.(p) ?? {};
      return fixRestores(spec.id, picked.vars, ...(picked.variants ?? []));
    },
    where: 'server',
    requiresElevation: true,
    requiresSecondConfirmation,
    undoable: true,
    async describe(p, env) {
      const here: FixContext = { target: LOCAL_TARGET, platform: env.platform, targetIsLocal: true };
      const m = manual(p, here);
      if (env.platform !== 'win32') return notApplicable(NOT_WINDOWS_FIX, m.commands, m.risk);
      const planned = await plan(p, await readChangeState(checks, env), m, here);
      const commands = planned.commands ?? m.commands;
      const risk = planned.risk ?? m.risk;
      if (planned.notNeeded !== undefined) return notApplicable(planned.notNeeded, commands, risk);
      return { applicable: true, changes: planned.changes, commands, risk };
    },
    apply: (p, ctx) => apply(p, ctx, () => readChangeState(checks, ctx)),
    async verify(p, ctx) {
      const state = await readChangeState(verified, ctx);
      const reads = Object.values(state) as StateRead<unknown>[];
      const checks = reads.map((read) => read.result);
      const unread = names.find((name) => state[name].data === null);
      if (unread !== undefined) return { passed: false, checks, notVerified: notReadAgain(verified[unread], state[unread].result) };
      return { ...verify(p, state as ReadableState<Pick<S, V>>, ctx), checks };
    },
    ...(changedSomething
      ? {
          undoFromPartial(partial: unknown) {
            const parsed = undoRecord.safeParse(partial);
            return parsed.success && changedSomething(parsed.data) ? parsed.data : undefined;
          },
        }
      : {}),
    async undo(payload, ctx) {
      const parsed = undoRecord.safeParse(payload);
      if (!parsed.success) throw new FixError(`The saved record of this change cannot be read (${parsed.error.issues[0]?.path.join('.') || 'its form'}), so it cannot be undone automatically: put back by hand what the undo list says it restores.`, 'failed');
      return undo(parsed.data, ctx);
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

/**
 * The undo record both permission repairs print (fixes/keyfile-acl.ps1, fixes/reset-machinekeys-acl.ps1),
 * each with its own fields added: the undo folder, the permissions saved there (icacls /save; null
 * until they were saved), whether the Administrators group took ownership, and whether the service
 * restarted.
 */
export const aclRepairRecord = z.object({
  undoDir: z.string(),
  aclBackup: z.string().nullable(),
  ownerTaken: z.boolean(),
  restarted: z.boolean(),
});

/** An array field of a script's JSON: tolerates ConvertTo-Json's null / bare single element. */
export function jsonArray<T extends ZodType>(item: T) {
  return z.preprocess(asArray, z.array(item));
}
