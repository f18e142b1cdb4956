/**
 * Every run has an overall deadline, derived from the per-operation timeout and what the run plans
 * to do: a few timeouts for the stages one after another (resolve, connect, negotiate, secure, the
 * checks that follow), plus the time set aside for the repeated handshakes. Whatever a server does
 * (answer slowly, stall, drip), a run ends by then: checks still running are stopped and say so.
 */
import type { RunOptions } from '../../shared/model';
import type { CheckStepId } from '../../shared/steps';
import { stabilityBudgetMs } from '../checks/net/plan';

/** Timeouts one after another on a run's longest path (resolve, connect, X.224, TLS, what follows). */
export const DEADLINE_TIMEOUTS = 6;

/** The overall time limit of a run with these options and steps. */
export function runDeadlineMs(options: Pick<RunOptions, 'timeoutMs' | 'attempts'>, steps: readonly CheckStepId[]): number {
  return DEADLINE_TIMEOUTS * options.timeoutMs + (steps.includes('stability') ? stabilityBudgetMs(options.attempts) : 0);
}

/** How --help explains it (generated from runDeadlineMs, so the words follow the rule). */
export function deadlineHelp(defaults: Pick<RunOptions, 'timeoutMs' | 'attempts'>, steps: readonly CheckStepId[]): string {
  const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
  return (
    `Time limit: every diagnosis ends within ${DEADLINE_TIMEOUTS} x --timeout, plus ${seconds(stabilityBudgetMs(1))} (or ${seconds(stabilityBudgetMs(50) / 50)} per\n` +
    `attempt, if more) for the repeated connection attempts: ${seconds(runDeadlineMs(defaults, steps))} with the defaults (--timeout ${defaults.timeoutMs}\n` +
    `--attempts ${defaults.attempts}). Checks still running then stop and say so.`
  );
}

/** Why a run's signal was aborted: the deadline passed. */
export class DeadlineReached extends Error {
  constructor(readonly deadlineMs: number) {
    super(`The run's time limit (${Math.round(deadlineMs / 100) / 10} s) passed before this check finished.`);
    this.name = 'DeadlineReached';
  }
}

/** What a check cut short by this signal says: the deadline's words, or a plain cancel. */
export function stoppedText(signal: AbortSignal): string {
  return signal.reason instanceof DeadlineReached ? signal.reason.message : 'Cancelled before this check finished.';
}

/**
 * A signal that aborts when `outer` does or when the deadline passes (with DeadlineReached as its
 * reason). `dispose` clears the timer.
 */
export function withDeadline(outer: AbortSignal, deadlineMs: number | undefined): { signal: AbortSignal; reached: () => boolean; dispose: () => void } {
  if (deadlineMs === undefined) return { signal: outer, reached: () => false, dispose: () => undefined };
  const controller = new AbortController();
  const onOuter = (): void => controller.abort(outer.reason);
  const timer = setTimeout(() => controller.abort(new DeadlineReached(deadlineMs)), Math.max(0, deadlineMs));
  if (outer.aborted) onOuter();
  else outer.addEventListener('abort', onOuter, { once: true });
  return {
    signal: controller.signal,
    reached: () => controller.signal.reason instanceof DeadlineReached,
    dispose: () => {
      clearTimeout(timer);
      outer.removeEventListener('abort', onOuter);
    },
  };
}
