/**
 * The wizard: what the user typed, where they are, each step's run (live progress from events,
 * then the Diagnosis), why steps were skipped, and the fixes applied in this session.
 * Entering a check step runs its checks once; "Check again" runs them again.
 */
import { create } from 'zustand';
import type { FixOutcome, RunEvent } from '../../shared/contract';
import type { CheckResult, Diagnosis, StepVerdict } from '../../shared/model';
import { CHECK_STEPS, STEP_IDS, stepDefinition, stepIndex, type CheckStepId, type StepId } from '../../shared/steps';
import { DEFAULT_RDP_PORT, formatTarget, parseTarget, type Target } from '../../shared/target';
import { getApi } from '../api';
import { messageOf } from '../lib/errors';
import { verdictPasses } from '../lib/findings';
import { newRunId } from '../lib/ids';
import { announce, showError } from './notices';
import { useSettings } from './settings';

export type RunState = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface RunningCheck {
  checkId: string;
  label: string;
  address?: string;
}

export interface StepRun {
  runId: string;
  state: RunState;
  /** From run-started: checks expected (may grow as addresses resolve). */
  plannedChecks: number;
  /** Started and not yet finished. */
  running: RunningCheck[];
  /** Labels the service gave each check id as it started ("Resolving pc-042…"). */
  labels: Record<string, string>;
  /** Finished so far (events), then the diagnosis's checks. */
  results: CheckResult[];
  verdict: StepVerdict | null;
  diagnosis: Diagnosis | null;
  error: string | null;
  startedAt: number;
  finishedAt: number | null;
  /** True for "Check again" (after a fix or by hand). */
  recheck: boolean;
}

export interface SkipRecord {
  reason: string;
  at: string;
}

export interface FixRecord {
  fixId: string;
  title: string;
  step: CheckStepId;
  findingId: string;
  outcome: FixOutcome;
  at: string;
}

export interface WizardState {
  targetInput: string;
  /** Text of the error dialog, pasted by the user (optional). */
  errorText: string;
  /** The parsed target the runs are against; null until "Start diagnosis". */
  target: Target | null;
  current: StepId;
  /** Index of the furthest step reached (steps up to it are clickable). */
  furthest: number;
  runs: Partial<Record<CheckStepId, StepRun>>;
  skips: Partial<Record<CheckStepId, SkipRecord>>;
  /** Every fix outcome in this session, oldest first (undo adds an `undone` outcome). */
  fixes: FixRecord[];
  /** A diagnosis reopened from history (the summary shows it instead of this session). */
  viewing: Diagnosis | null;
  /** Where to go back to when the reopened diagnosis is closed. */
  viewingFrom: StepId;

  setTargetInput(text: string): void;
  setErrorText(text: string): void;
  /** Validate the target and begin with the first check step. Returns false when the input is not valid. */
  start(): boolean;
  goTo(step: StepId): void;
  next(): void;
  back(): void;
  runStep(step: CheckStepId, recheck?: boolean): Promise<void>;
  cancel(step: CheckStepId): Promise<void>;
  skip(step: CheckStepId, reason: string): void;
  recordFix(record: Omit<FixRecord, 'at'>): void;
  openSaved(diagnosis: Diagnosis): void;
  closeSaved(): void;
  handleEvent(event: RunEvent): void;
}

export function isCheckStep(step: StepId): step is CheckStepId {
  return (CHECK_STEPS as readonly string[]).includes(step);
}

/** How a target is written in requests and the recent list: host alone on the default port. */
export function targetLabel(target: Pick<Target, 'host' | 'port'>): string {
  return target.port === DEFAULT_RDP_PORT ? target.host : formatTarget(target);
}

/**
 * Whether Next may leave `step`: it ran and passed, it had nothing to check for this target (an IP
 * address has no other addresses to compare), or the user skipped it with a reason.
 */
export function canLeave(state: Pick<WizardState, 'runs' | 'skips'>, step: StepId): boolean {
  if (!isCheckStep(step)) return true;
  if (state.skips[step]) return true;
  const run = state.runs[step];
  if (run?.state !== 'done') return false;
  if (run.verdict?.verdict === 'not-checked' && run.results.length === 0) return true;
  return verdictPasses(run.verdict?.verdict);
}

const sameTarget = (a: Target | null, b: Target): boolean => a !== null && a.host === b.host && a.port === b.port;

export const useWizard = create<WizardState>((set, get) => {
  const patchRun = (step: CheckStepId, runId: string, patch: Partial<StepRun> | ((run: StepRun) => Partial<StepRun>)): void => {
    set((s) => {
      const run = s.runs[step];
      if (!run || run.runId !== runId) return s; // a newer run replaced this one
      const next = typeof patch === 'function' ? patch(run) : patch;
      return { runs: { ...s.runs, [step]: { ...run, ...next } } };
    });
  };

  const stepOfRun = (runId: string): CheckStepId | undefined =>
    CHECK_STEPS.find((step) => get().runs[step]?.runId === runId);

  const enter = (step: StepId): void => {
    set((s) => ({ current: step, furthest: Math.max(s.furthest, stepIndex(step)), viewing: step === 'summary' ? s.viewing : null }));
    if (isCheckStep(step) && !get().runs[step] && get().target) void get().runStep(step);
  };

  return {
    targetInput: '',
    errorText: '',
    target: null,
    current: 'target',
    furthest: 0,
    runs: {},
    skips: {},
    fixes: [],
    viewing: null,
    viewingFrom: 'target',

    setTargetInput: (targetInput) => set({ targetInput }),
    setErrorText: (errorText) => set({ errorText: errorText.slice(0, 4000) }),

    start() {
      const parsed = parseTarget(get().targetInput);
      if (!parsed.ok) return false;
      if (!sameTarget(get().target, parsed.target)) {
        // A different computer: earlier results and skip reasons were about the other one.
        for (const step of CHECK_STEPS) {
          const run = get().runs[step];
          if (run?.state === 'running') void getApi().cancel({ runId: run.runId }).catch(() => undefined);
        }
        set({ target: parsed.target, runs: {}, skips: {}, furthest: 0 });
      }
      enter(CHECK_STEPS[0]);
      return true;
    },

    goTo(step) {
      const s = get();
      if (stepIndex(step) > s.furthest && !(step === 'summary' && s.viewing)) return;
      if (step !== 'target' && !s.target && !(step === 'summary' && s.viewing)) return;
      enter(step);
    },

    next() {
      const s = get();
      if (s.current === 'target') {
        get().start();
        return;
      }
      if (!canLeave(s, s.current)) return;
      const following = STEP_IDS[stepIndex(s.current) + 1];
      if (following) enter(following);
    },

    back() {
      const previous = STEP_IDS[stepIndex(get().current) - 1];
      if (previous) enter(previous);
    },

    async runStep(step, recheck = false) {
      const target = get().target;
      if (!target) return;
      const previous = get().runs[step];
      if (previous?.state === 'running') return;
      const runId = newRunId();
      const run: StepRun = {
        runId,
        state: 'running',
        plannedChecks: 0,
        running: [],
        labels: {},
        results: [],
        verdict: null,
        diagnosis: null,
        error: null,
        startedAt: Date.now(),
        finishedAt: null,
        recheck,
      };
      set((s) => {
        const skips = { ...s.skips };
        if (recheck) delete skips[step]; // a new result replaces the reason for skipping
        return { runs: { ...s.runs, [step]: run }, skips };
      });
      const label = stepDefinition(step).label;
      announce(`${label}: checking ${targetLabel(target)}…`);
      const errorText = get().errorText.trim();
      try {
        const diagnosis = await getApi().diagnose({
          runId,
          target: formatTarget(target),
          steps: [step],
          ...(errorText ? { errorText } : {}),
        });
        const verdict = diagnosis.verdicts.find((v) => v.step === step) ?? null;
        patchRun(step, runId, {
          state: diagnosis.cancelled ? 'cancelled' : 'done',
          diagnosis,
          results: diagnosis.checks,
          running: [],
          verdict,
          finishedAt: Date.now(),
        });
        useSettings.getState().noteRecentTarget(targetLabel(target));
        announce(diagnosis.cancelled ? `${label}: cancelled.` : `${label}: ${verdict?.headline ?? 'finished.'}`);
      } catch (error) {
        // Shown in the step itself (role="alert"), where "Check again" retries it.
        patchRun(step, runId, { state: 'error', error: messageOf(error), running: [], finishedAt: Date.now() });
        announce(`${label} could not run.`);
      }
    },

    async cancel(step) {
      const run = get().runs[step];
      if (!run || run.state !== 'running') return;
      try {
        const result = await getApi().cancel({ runId: run.runId });
        if (!result.cancelled) announce('The checks had already finished.');
        else announce('Cancelling…');
      } catch (error) {
        showError(error, 'Cancel failed');
      }
    },

    skip(step, reason) {
      const text = reason.trim().slice(0, 500);
      if (text === '') return;
      set((s) => ({ skips: { ...s.skips, [step]: { reason: text, at: new Date().toISOString() } } }));
      announce(`${stepDefinition(step).label} skipped: ${text}`);
      const following = STEP_IDS[stepIndex(step) + 1];
      if (following && get().current === step) enter(following);
    },

    recordFix(record) {
      set((s) => ({ fixes: [...s.fixes, { ...record, at: new Date().toISOString() }] }));
    },

    openSaved(diagnosis) {
      set((s) => ({ viewing: diagnosis, viewingFrom: s.viewing ? s.viewingFrom : s.current, current: 'summary' }));
    },

    closeSaved() {
      set((s) => ({ viewing: null, current: s.viewingFrom }));
    },

    handleEvent(event) {
      const step = stepOfRun(event.runId);
      if (!step) return;
      switch (event.type) {
        case 'run-started':
          patchRun(step, event.runId, { plannedChecks: event.plannedChecks });
          break;
        case 'check-started':
          patchRun(step, event.runId, (run) => ({
            running: [...run.running, { checkId: event.checkId, label: event.label, ...(event.address ? { address: event.address } : {}) }],
            labels: { ...run.labels, [event.checkId]: event.label },
          }));
          break;
        case 'check-finished': {
          const r = event.result;
          patchRun(step, event.runId, (run) => {
            const index = run.running.findIndex((c) => c.checkId === r.id && c.address === r.address);
            const running = index >= 0 ? run.running.filter((_, i) => i !== index) : run.running;
            return { running, results: [...run.results, r] };
          });
          break;
        }
        case 'step-verdict':
          if (event.verdict.step === step) patchRun(step, event.runId, { verdict: event.verdict });
          break;
        case 'run-finished':
          break;
      }
    },
  };
});

/** The latest diagnosis of each step run in this session. */
export function diagnosesByStep(runs: WizardState['runs']): Partial<Record<CheckStepId, Diagnosis>> {
  const out: Partial<Record<CheckStepId, Diagnosis>> = {};
  for (const step of CHECK_STEPS) {
    const d = runs[step]?.diagnosis;
    if (d) out[step] = d;
  }
  return out;
}

/** The fixes whose latest outcome is `applied` (undone ones are left out), latest outcome each. */
export function appliedFixes(fixes: readonly FixRecord[]): FixRecord[] {
  const latest = new Map<string, FixRecord>();
  for (const f of fixes) latest.set(f.fixId, f);
  return [...latest.values()].filter((f) => f.outcome.status === 'applied');
}

/** Progress of a run: finished of expected (expected grows as checks appear). */
export function runProgress(run: StepRun): { done: number; total: number } {
  const done = run.results.length;
  return { done, total: Math.max(run.plannedChecks, done + run.running.length, done) };
}
