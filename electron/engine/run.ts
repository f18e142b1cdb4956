/**
 * Runs the checks of the requested steps, streaming progress.
 * A check starts when the checks it reads (its `after` list; by default every check before it in
 * wizard order) have finished, so independent checks overlap: the certificate, the security layers
 * and the repeated handshakes need only the listener found by the reachability step.
 * Units of one check (one per address) run concurrently up to a small limit.
 * Results and step events come out in wizard order whatever order the checks finished in.
 * A unit that throws becomes an `error` result; cancellation stops planning and aborts units in flight.
 */
import { checkResultSchema, type CheckResult, type RunOptions } from '../../shared/model';
import { CHECK_STEPS, type CheckStepId } from '../../shared/steps';
import type { Target } from '../../shared/target';
import { withConnectionSlots } from './connectionSlots';
import { stoppedText, withDeadline } from './deadline';
import type { CheckContext, CheckDefinition, CheckUnit, RunMemory } from './types';

export interface EngineEvents {
  planned(count: number): void;
  checkStarted(unit: { id: string; step: CheckStepId; label: string; address?: string }): void;
  checkFinished(result: CheckResult): void;
  stepFinished(step: CheckStepId, results: CheckResult[]): void;
}

export interface EngineRun {
  target: Target;
  steps: readonly CheckStepId[];
  options: RunOptions;
  signal: AbortSignal;
  platform: NodeJS.Platform;
  events?: Partial<EngineEvents>;
  /** Units of one check that may run at once. */
  concurrency?: number;
  /** The run's overall time limit (deadline.ts): checks still running then are stopped. */
  deadlineMs?: number;
}

export interface EngineOutcome {
  checks: CheckResult[];
  cancelled: boolean;
  /** Steps with a check that had not finished (or not started) when the run was cancelled. */
  interruptedSteps: CheckStepId[];
  durationMs: number;
  /** The deadline passed before every check finished (those steps are in interruptedSteps). */
  deadlineReached: boolean;
}

export function orderSteps(steps: readonly CheckStepId[]): CheckStepId[] {
  return CHECK_STEPS.filter((s) => steps.includes(s));
}

async function runUnit(unit: CheckUnit, step: CheckStepId, ctx: CheckContext): Promise<CheckResult> {
  const started = performance.now();
  try {
    const result = await unit.run(ctx);
    const checked = checkResultSchema.safeParse(result);
    if (checked.success) return checked.data;
    return {
      id: unit.id,
      step,
      status: 'error',
      durationMs: performance.now() - started,
      summary: 'This check produced a result RDP Doctor could not read.',
      reason: checked.error.issues[0]?.message ?? 'malformed result',
      data: {},
      ...(unit.address ? { address: unit.address } : {}),
    };
  } catch (error) {
    const cancelled = ctx.signal.aborted;
    return {
      id: unit.id,
      step,
      status: cancelled ? 'skipped' : 'error',
      durationMs: performance.now() - started,
      summary: cancelled ? stoppedText(ctx.signal) : 'This check failed to run.',
      reason: cancelled ? stoppedText(ctx.signal) : (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 400),
      data: {},
      ...(unit.address ? { address: unit.address } : {}),
    };
  }
}

async function runLimited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** For each check (in run order), the indexes of the earlier checks it waits for. */
export function dependencies(ordered: readonly CheckDefinition[]): number[][] {
  return ordered.map((definition, index) => {
    if (!definition.after) return Array.from({ length: index }, (_, j) => j);
    const wanted = new Set(definition.after);
    const found: number[] = [];
    for (let j = 0; j < index; j++) if (wanted.has(ordered[j]!.id)) found.push(j);
    return found;
  });
}

export function runEngine(definitions: readonly CheckDefinition[], run: EngineRun): Promise<EngineOutcome> {
  // Every connection this run makes counts against the run's own per-destination limit.
  return withConnectionSlots(() => runInScope(definitions, run));
}

async function runInScope(definitions: readonly CheckDefinition[], outer: EngineRun): Promise<EngineOutcome> {
  const deadline = withDeadline(outer.signal, outer.deadlineMs);
  try {
    const outcome = await runWithSignal(definitions, { ...outer, signal: deadline.signal });
    return { ...outcome, cancelled: outer.signal.aborted, deadlineReached: deadline.reached() };
  } finally {
    deadline.dispose();
  }
}

async function runWithSignal(definitions: readonly CheckDefinition[], run: EngineRun): Promise<Omit<EngineOutcome, 'deadlineReached'>> {
  const started = performance.now();
  const memory: RunMemory = { results: [] };
  if (run.target.kind !== 'dns') memory.addresses = [{ address: run.target.host, family: run.target.kind === 'ipv6' ? 6 : 4 }];
  const ctx: CheckContext = { target: run.target, options: run.options, signal: run.signal, memory, platform: run.platform };
  const steps = orderSteps(run.steps);
  const ordered = steps.flatMap((step) => definitions.filter((d) => d.step === step));
  run.events?.planned?.(ordered.length);

  const resultsOf: CheckResult[][] = ordered.map(() => []);
  const interrupted = new Set<CheckStepId>();
  const runDefinition = async (index: number): Promise<void> => {
    const definition = ordered[index]!;
    const step = definition.step;
    if (run.signal.aborted) {
      interrupted.add(step);
      return;
    }
    let units: CheckUnit[];
    try {
      units = await definition.plan(ctx);
    } catch (error) {
      units = [
        {
          id: definition.id,
          label: definition.label,
          run: () => Promise.reject(error instanceof Error ? error : new Error(String(error))),
        },
      ];
    }
    resultsOf[index] = await runLimited(units, run.concurrency ?? 4, async (unit) => {
      if (run.signal.aborted) {
        interrupted.add(step);
        return runUnit({ ...unit, run: () => Promise.reject(new Error('Cancelled.')) }, step, ctx);
      }
      run.events?.checkStarted?.({ id: unit.id, step, label: unit.label, ...(unit.address ? { address: unit.address } : {}) });
      const result = await runUnit(unit, step, ctx);
      // Finished after the cancel: it may have been cut short (a pass among its results proves nothing).
      if (run.signal.aborted) interrupted.add(step);
      memory.results.push(result);
      run.events?.checkFinished?.(result);
      return result;
    });
  };

  // Every dependency has a smaller index, so each promise exists before anything waits for it.
  const finished: Promise<void>[] = [];
  dependencies(ordered).forEach((waitFor, index) => {
    finished[index] = Promise.all(waitFor.map((j) => finished[j])).then(() => runDefinition(index));
  });

  for (const step of steps) {
    const indexes = ordered.flatMap((d, i) => (d.step === step ? [i] : []));
    await Promise.all(indexes.map((i) => finished[i]));
    if (run.signal.aborted) break;
    run.events?.stepFinished?.(step, indexes.flatMap((i) => resultsOf[i]!));
  }
  await Promise.all(finished);

  return {
    checks: resultsOf.flat(),
    cancelled: run.signal.aborted,
    interruptedSteps: steps.filter((step) => interrupted.has(step)),
    durationMs: performance.now() - started,
  };
}
