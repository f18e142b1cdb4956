/**
 * How the engine sees a check: a definition that, given what the run knows so far, plans one or
 * more units (one per address, typically) that each produce one CheckResult.
 */
import type { CheckResult, RunOptions } from '../../shared/model';
import type { CheckStepId } from '../../shared/steps';
import type { Target } from '../../shared/target';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Facts a run accumulates and checks share (so DNS is resolved once per run). */
export interface RunMemory {
  /** Set by the dns check; IP literals are put here before any check runs. */
  addresses?: ResolvedAddress[];
  /** Results so far, in completion order. */
  results: CheckResult[];
}

export interface CheckContext {
  target: Target;
  options: RunOptions;
  signal: AbortSignal;
  memory: RunMemory;
  platform: NodeJS.Platform;
}

export interface CheckUnit {
  /** The check id this unit reports as. */
  id: string;
  label: string;
  address?: string;
  run(ctx: CheckContext): Promise<CheckResult>;
}

export interface CheckDefinition {
  id: string;
  step: CheckStepId;
  /** What it checks, for the progress line ("Resolving pc-042.corp.example"). */
  label: string;
  /**
   * The checks whose results this one reads (by id). It starts as soon as those have finished, so
   * independent checks overlap. Only checks that come earlier in run order count; a named check
   * that is not part of the run is ignored. Without it, the check waits for every check before it.
   */
  after?: readonly string[];
  /** Units to run now; an empty list means the check does not apply (it reports nothing). */
  plan(ctx: CheckContext): CheckUnit[] | Promise<CheckUnit[]>;
}

/** Shortcut for a result that could not run. */
export function skipped(id: string, step: CheckStepId, reason: string, address?: string, data: Record<string, unknown> = {}): CheckResult {
  return { id, step, status: 'skipped', durationMs: 0, summary: reason, reason, data, ...(address ? { address } : {}) };
}
