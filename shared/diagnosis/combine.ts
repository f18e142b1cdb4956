/**
 * The one combiner: from check results to the diagnosis every screen, the command line and the
 * exported report read. A run's checks and, in a wizard session, the latest checks of every step
 * run before it become one diagnosis: the rules run once over all of them (rules that read several
 * steps see every step), and each step's verdict, headline and findings come from that result.
 * Nothing else computes findings or verdicts; the renderer only shows a diagnosis made here.
 */
import type { CheckResult, Diagnosis, RunOptions, StepVerdict } from '../model';
import { runRules, stepVerdicts, type RuleContext } from '../rules';
import { CHECK_STEPS, type CheckStepId } from '../steps';
import { DEFAULT_RDP_PORT, formatTarget, type Target } from '../target';

/** What one engine run produced. */
export interface RunFacts {
  target: Target;
  steps: readonly CheckStepId[];
  options: RunOptions;
  checks: readonly CheckResult[];
  durationMs: number;
  /** Steps with a check cut short by a cancel or the deadline. */
  interruptedSteps: readonly CheckStepId[];
  cancelled: boolean;
  deadline?: Diagnosis['deadline'];
  errorText?: string;
}

export interface DiagnosisStamp {
  id: string;
  createdAt: string;
  appVersion: string;
  /** platformName() of the machine that ran the checks. */
  platform: string;
}

export interface CombineInput {
  stamp: DiagnosisStamp;
  context: RuleContext;
  run: RunFacts;
  /** The session's diagnosis so far (same target): its steps not run again are kept as they were. */
  previous?: Diagnosis;
  /** The user's reasons for skipping steps; the previous ones are kept when absent. */
  skips?: Diagnosis['skips'];
}

const inOrder = (steps: Iterable<CheckStepId>): CheckStepId[] => {
  const set = new Set(steps);
  return CHECK_STEPS.filter((s) => set.has(s));
};

/** Steps whose checks did not all finish (a cancel or the deadline), as a diagnosis records them. */
export function interruptedSteps(d: Pick<Diagnosis, 'verdicts'>): CheckStepId[] {
  return d.verdicts.filter((v) => v.verdict === 'cancelled').map((v) => v.step);
}

function withoutNothingToCheck(v: StepVerdict): StepVerdict {
  const { nothingToCheck: _dropped, ...rest } = v;
  return rest;
}

/** Which steps the diagnosis has not checked: never run, cancelled, or skipped with no check run. */
export function notChecked(d: Pick<Diagnosis, 'steps' | 'verdicts' | 'checks' | 'skips'>): CheckStepId[] {
  const skipped = new Set((d.skips ?? []).map((s) => s.step));
  return CHECK_STEPS.filter((step) => {
    if (!d.steps.includes(step)) return true;
    const v = d.verdicts.find((x) => x.step === step);
    if (!v || v.verdict === 'cancelled') return true;
    return skipped.has(step) && !d.checks.some((c) => c.step === step && c.status !== 'skipped' && c.status !== 'error');
  });
}

/**
 * The diagnosis of a run, combined with the session's diagnosis so far: for every step the checks
 * of its latest run, then the rules once over all of them, then a verdict per step from those
 * findings. Without `previous` it is the run's own diagnosis (the command line's).
 */
export function combineDiagnosis(input: CombineInput): Diagnosis {
  const { run, previous, stamp } = input;
  if (previous && (previous.target.host !== run.target.host || previous.target.port !== run.target.port)) {
    throw new Error('A diagnosis combines runs against one target only.');
  }
  const rerun = new Set(run.steps);
  const kept = (previous?.steps ?? []).filter((s) => !rerun.has(s));
  const steps = inOrder([...kept, ...run.steps]);
  const checks: CheckResult[] = [];
  for (const step of steps) {
    const source = rerun.has(step) ? run.checks : (previous?.checks ?? []);
    checks.push(...source.filter((c) => c.step === step));
  }
  const previouslyInterrupted = previous ? interruptedSteps(previous).filter((s) => !rerun.has(s)) : [];
  const interrupted = new Set<CheckStepId>([...run.interruptedSteps, ...previouslyInterrupted]);

  const findings = runRules({ target: run.target, checks, context: input.context });
  const verdicts = stepVerdicts(steps, checks, findings, run.target).map((v) =>
    // Problems and risks found before the cancel are facts and stay; a pass could be a guess. A step
    // cut short before any check ran has no checks either: it is cancelled, not "nothing to check".
    interrupted.has(v.step) && (v.verdict === 'not-checked' || v.verdict === 'pass')
      ? {
          ...withoutNothingToCheck(v),
          verdict: 'cancelled' as const,
          headline:
            rerun.has(v.step) && run.deadline?.reached && !run.cancelled
              ? 'Stopped at the run’s time limit before this step’s checks finished.'
              : 'Cancelled before this step’s checks finished.',
        }
      : v,
  );
  const errorText = run.errorText ?? previous?.errorText;
  const skips = input.skips ?? previous?.skips ?? [];
  const deadline = run.deadline ?? previous?.deadline;
  return {
    id: stamp.id,
    createdAt: stamp.createdAt,
    appVersion: stamp.appVersion,
    input: run.target.port === DEFAULT_RDP_PORT ? run.target.host : formatTarget(run.target),
    target: run.target,
    steps,
    options: run.options,
    checks,
    findings,
    verdicts,
    durationMs: (previous?.durationMs ?? 0) + run.durationMs,
    cancelled: run.cancelled || (previous?.cancelled === true && previouslyInterrupted.length > 0),
    ...(deadline ? { deadline } : {}),
    ...(errorText ? { errorText } : {}),
    platform: stamp.platform,
    ...(skips.length > 0 ? { skips } : {}),
  };
}

/** The same diagnosis with the user's skip reasons (no check runs again, no rule changes its mind). */
export function withSkips(d: Diagnosis, skips: Diagnosis['skips']): Diagnosis {
  const { skips: _old, ...rest } = d;
  void _old;
  return skips && skips.length > 0 ? { ...rest, skips } : rest;
}
