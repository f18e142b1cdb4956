/**
 * One Windows check = a fixed script + a parser into the shared data schema + a judgement.
 * This file turns such a spec into a CheckDefinition for the engine, and runs it directly
 * (the fixes use that to verify). Nothing here fakes a result: off Windows a check is skipped
 * with the reason, a server check for another machine is skipped and says where to run it, and
 * a script that fails is reported as skipped (could not run) or error (failed), with the cause.
 */
import os from 'node:os';
import { z, type ZodType } from 'zod';
import { NOT_WINDOWS_REASON, serverOnlyReason, type SectionProblem, type WindowsCheckId } from '../../../shared/checks/windows/ids';
import type { CheckResult, CheckStatus } from '../../../shared/model';
import type { CheckStepId } from '../../../shared/steps';
import type { Target } from '../../../shared/target';
import type { CheckDefinition } from '../../engine/types';
import { isLocalTarget } from './localTarget';
import type { Json } from './normalize';
import type { PowerShellFailure } from '../../powershell/outcome';
import { createSpawnExecutor, runScript, type PowerShellExecutor } from '../../powershell/runner';
import type { ScriptId } from '../../powershell/scripts';

export interface Judgement {
  status: CheckStatus;
  summary: string;
  reason?: string;
}

export interface ParseContext {
  target: Target;
  now: Date;
}

export interface WindowsCheckSpec<D extends { problems: SectionProblem[] }> {
  id: WindowsCheckId;
  step: CheckStepId;
  label: string;
  /** client: about this computer, for any target. server: about this computer as the RDP server. */
  side: 'client' | 'server';
  scriptId: ScriptId;
  input(target: Target): unknown;
  timeoutMs?: number;
  schema: ZodType<D>;
  /** Raw script output (an object) → data. Tolerates the ConvertTo-Json quirks; throws only on nonsense. */
  parse(raw: Json, ctx: ParseContext): D;
  /** Sections without which the check says nothing: a problem there skips (or errors) the whole check. */
  essential: readonly string[];
  judge(data: D, ctx: ParseContext): Judgement;
}

export type AnyWindowsCheckSpec = WindowsCheckSpec<{ problems: SectionProblem[] }>;

export interface WindowsCheckDeps {
  executor: PowerShellExecutor;
  hostname: () => string;
  interfaces: () => ReturnType<typeof os.networkInterfaces>;
  /** Tests pin the clock. */
  now?: () => Date;
}

export function defaultDeps(): WindowsCheckDeps {
  return { executor: createSpawnExecutor(), hostname: () => os.hostname(), interfaces: () => os.networkInterfaces() };
}

const rawObject = z.record(z.string(), z.unknown());

function result(spec: { id: string; step: CheckStepId }, status: CheckStatus, durationMs: number, summary: string, data: Record<string, unknown>, reason?: string): CheckResult {
  return {
    id: spec.id,
    step: spec.step,
    status,
    durationMs: Math.max(0, durationMs),
    summary: summary.slice(0, 500),
    ...(reason ? { reason: reason.slice(0, 500) } : {}),
    data,
  };
}

/** skipped: could not run (rights, edition, cancelled, no PowerShell); error: ran and failed. */
export function failureResult(spec: { id: string; step: CheckStepId }, f: PowerShellFailure, durationMs: number): CheckResult {
  const skippedKinds = new Set(['needs-administrator', 'cmdlet-not-available', 'cancelled', 'powershell-missing', 'elevation-declined', 'powershell-restricted']);
  const status: CheckStatus = skippedKinds.has(f.kind) ? 'skipped' : 'error';
  const summary = status === 'skipped' ? `Not checked: ${f.message}` : f.message;
  return result(spec, status, durationMs, summary, { failure: { kind: f.kind, detail: f.detail, exitCode: f.exitCode } }, f.kind === 'cancelled' ? 'Cancelled.' : f.message);
}

const SECTION_REASONS: Record<SectionProblem['kind'], string> = {
  'needs-administrator': 'Needs administrator rights: start RDP Doctor as administrator (right-click, Run as administrator) to read this.',
  'cmdlet-not-available': 'This part of Windows is not available on this edition or version, so it cannot be checked here.',
  'not-found': 'Windows did not have what this check reads.',
  failed: 'Windows could not read this.',
};

export interface RunContext {
  target: Target;
  signal: AbortSignal;
  platform: NodeJS.Platform;
}

/** Run one Windows check here and now (no local-target decision: callers decide). */
export async function runWindowsCheck<D extends { problems: SectionProblem[] }>(spec: WindowsCheckSpec<D>, deps: Pick<WindowsCheckDeps, 'executor' | 'now'>, ctx: RunContext): Promise<CheckResult> {
  if (ctx.platform !== 'win32') return result(spec, 'skipped', 0, NOT_WINDOWS_REASON, {}, NOT_WINDOWS_REASON);
  const outcome = await runScript(deps.executor, { scriptId: spec.scriptId, input: spec.input(ctx.target), signal: ctx.signal, timeoutMs: spec.timeoutMs ?? 30_000 }, rawObject);
  if (!outcome.ok) return failureResult(spec, outcome.failure, outcome.durationMs);
  const pctx: ParseContext = { target: ctx.target, now: deps.now?.() ?? new Date() };
  let data: D;
  try {
    data = spec.schema.parse(spec.parse(outcome.value, pctx));
  } catch (error) {
    const detail = error instanceof z.ZodError ? `${error.issues[0]?.path.join('.') ?? ''}: ${error.issues[0]?.message ?? ''}` : (error as Error).message;
    return result(spec, 'error', outcome.durationMs, 'The Windows check returned something RDP Doctor could not read.', { failure: { kind: 'malformed-output', detail: detail.slice(0, 1000) } }, 'The Windows check returned something RDP Doctor could not read.');
  }
  const blocking = data.problems.find((p) => spec.essential.includes(p.section));
  if (blocking) {
    const reason = SECTION_REASONS[blocking.kind];
    const status: CheckStatus = blocking.kind === 'needs-administrator' || blocking.kind === 'cmdlet-not-available' ? 'skipped' : 'error';
    return result(spec, status, outcome.durationMs, status === 'skipped' ? `Not checked: ${reason}` : `${reason} (${blocking.message})`, data as unknown as Record<string, unknown>, reason);
  }
  const verdict = spec.judge(data, pctx);
  return result(spec, verdict.status, outcome.durationMs, verdict.summary, data as unknown as Record<string, unknown>, verdict.reason);
}

/** The engine's view of a Windows check. */
export function defineWindowsCheck<D extends { problems: SectionProblem[] }>(spec: WindowsCheckSpec<D>, deps: WindowsCheckDeps): CheckDefinition {
  return {
    id: spec.id,
    step: spec.step,
    label: spec.label,
    plan(ctx) {
      if (!ctx.options.windows) return [];
      return [
        {
          id: spec.id,
          label: spec.label,
          async run(runCtx) {
            if (runCtx.platform !== 'win32') return result(spec, 'skipped', 0, NOT_WINDOWS_REASON, {}, NOT_WINDOWS_REASON);
            if (spec.side === 'server') {
              const resolved = runCtx.memory.addresses?.map((a) => a.address);
              if (!isLocalTarget(runCtx.target, deps.hostname(), deps.interfaces(), resolved)) {
                const reason = serverOnlyReason(runCtx.target.host);
                return result(spec, 'skipped', 0, reason, {}, reason);
              }
            }
            return runWindowsCheck(spec, deps, { target: runCtx.target, signal: runCtx.signal, platform: runCtx.platform });
          },
        },
      ];
    },
  };
}
