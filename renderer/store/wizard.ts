/**
 * The wizard: what the user typed, where they are, the session's diagnosis, the run under way, why
 * steps were skipped, and the fixes applied in this session.
 *
 * Run first, then walk: "Start diagnosis" runs every step's checks once; the steps then show that
 * one diagnosis. A step checks again only on "Check again" (or after a fix), and then only its own
 * checks. The service answers every run with the session's diagnosis of this target (the shared
 * combiner: latest checks of each step, the rules once over all of them); it is the only place a
 * verdict or a finding comes from. Progress events only drive the progress display while a run is
 * under way; what a run found is stored once, from its reply.
 */
import { create } from 'zustand';
import type { FixOutcome, RunEvent } from '../../shared/contract';
import type { CheckResult, Diagnosis, Finding, StepVerdict } from '../../shared/model';
import { rankFindings } from '../../shared/rules/verdicts';
import { CHECK_STEPS, STEP_IDS, stepDefinition, stepIndex, type CheckStepId, type StepId } from '../../shared/steps';
import { DEFAULT_RDP_PORT, formatTarget, parseTarget, type Target } from '../../shared/target';
import { getApi } from '../api';
import { messageOf } from '../lib/errors';
import { newRunId } from '../lib/ids';
import { plainHeadline } from '../lib/plainText';
import { announce, showError } from './notices';
import { useSettings } from './settings';

export type RunState = 'running' | 'done' | 'cancelled' | 'error';

export interface RunningCheck {
  checkId: string;
  label: string;
  address?: string;
  /** When its check-started event arrived (Date.now()), for the time left while it waits. */
  startedAt?: number;
}

/** One run of some steps' checks, as it goes (shared by every step it runs). */
export interface StepRun {
  runId: string;
  steps: CheckStepId[];
  state: RunState;
  /** From run-started: checks expected (may grow as addresses resolve). */
  plannedChecks: number;
  /** Started and not yet finished. */
  running: RunningCheck[];
  /** Labels the service gave each check id as it started ("Resolving pc-042…"). */
  labels: Record<string, string>;
  /** Finished so far, from events: progress only, dropped when the reply (the diagnosis) arrives. */
  live: CheckResult[];
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
  /** This app session: the service keeps one diagnosis (and one history entry) per target in it. */
  sessionId: string;
  targetInput: string;
  /** Text of the error dialog, pasted by the user (optional). */
  errorText: string;
  /** The parsed target the runs are against; null until "Start diagnosis". */
  target: Target | null;
  current: StepId;
  /** Index of the furthest step reached (steps up to it are clickable). */
  furthest: number;
  /** The session's diagnosis of the target: every verdict and finding on screen comes from it. */
  diagnosis: Diagnosis | null;
  /** The latest run of each step (the whole diagnosis is one run of every step). */
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
  /** Validate the target, run the whole diagnosis and show the first check step. False when the input is not valid. */
  start(): boolean;
  goTo(step: StepId): void;
  /** Never refused: a failed step stays red in the step list. */
  next(): void;
  back(): void;
  /** Run these steps' checks again (only theirs); resolves with the session's diagnosis, or null. */
  runSteps(steps: readonly CheckStepId[], recheck?: boolean): Promise<Diagnosis | null>;
  /** "Check again" on one step. */
  runStep(step: CheckStepId, recheck?: boolean): Promise<Diagnosis | null>;
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

const sameTarget = (a: Target | null, b: Target): boolean => a !== null && a.host === b.host && a.port === b.port;

// ---- what a step shows: all of it from the one diagnosis ------------------------------------------

type StepSource = Pick<WizardState, 'diagnosis' | 'runs'>;

/** Whether this step's checks are running now. */
export function stepRunning(s: Pick<WizardState, 'runs'>, step: CheckStepId): boolean {
  return s.runs[step]?.state === 'running';
}

/** Whether any run is under way (one at a time: each run updates the one session diagnosis). */
export function anyRunning(s: Pick<WizardState, 'runs'>): boolean {
  return CHECK_STEPS.some((step) => s.runs[step]?.state === 'running');
}

/** The step's verdict in the diagnosis (none while its checks run again, none before they ran). */
export function stepVerdict(s: StepSource, step: CheckStepId): StepVerdict | null {
  if (stepRunning(s, step)) return null;
  return s.diagnosis?.verdicts.find((v) => v.step === step) ?? null;
}

/** The step's check results: live while its checks run, from the diagnosis otherwise. */
export function stepResults(s: StepSource, step: CheckStepId): CheckResult[] {
  const run = s.runs[step];
  if (run?.state === 'running') return run.live.filter((c) => c.step === step);
  return s.diagnosis?.checks.filter((c) => c.step === step) ?? [];
}

/** The step's own findings, most serious first. */
export function stepFindings(d: Pick<Diagnosis, 'findings'> | null, step: CheckStepId): Finding[] {
  return rankFindings((d?.findings ?? []).filter((f) => f.step === step));
}

/** Findings of other steps its verdict names as the cause (shown on the step too). */
export function stepCauses(d: Pick<Diagnosis, 'findings' | 'verdicts'> | null, step: CheckStepId): Finding[] {
  const ids = new Set(d?.verdicts.find((v) => v.step === step)?.causeIds ?? []);
  return rankFindings((d?.findings ?? []).filter((f) => f.step !== step && ids.has(f.id)));
}

/** Progress of a run: finished of expected (expected grows as checks appear). */
export function runProgress(run: StepRun): { done: number; total: number } {
  const done = run.live.length;
  return { done, total: Math.max(run.plannedChecks, done + run.running.length, done) };
}

/** The fixes whose latest outcome is `applied` (undone ones are left out), latest outcome each. */
export function appliedFixes(fixes: readonly FixRecord[]): FixRecord[] {
  const latest = new Map<string, FixRecord>();
  for (const f of fixes) latest.set(f.fixId, f);
  return [...latest.values()].filter((f) => f.outcome.status === 'applied');
}

/** The skip reasons in step order, as the service keeps them with the diagnosis. */
export function skipList(skips: Partial<Record<CheckStepId, { reason: string }>>): { step: CheckStepId; reason: string }[] {
  const out: { step: CheckStepId; reason: string }[] = [];
  for (const step of CHECK_STEPS) {
    const reason = skips[step]?.reason.trim();
    if (reason) out.push({ step, reason: reason.slice(0, 500) });
  }
  return out;
}

/** Listeners for a finished run (the history list reloads): wired by the dispatcher, not by this store. */
const finishedListeners = new Set<(d: Diagnosis) => void>();
export function onRunFinished(listener: (d: Diagnosis) => void): () => void {
  finishedListeners.add(listener);
  return () => finishedListeners.delete(listener);
}

export const useWizard = create<WizardState>((set, get) => {
  const patchRun = (runId: string, patch: Partial<StepRun> | ((run: StepRun) => Partial<StepRun>)): void => {
    set((s) => {
      const runs = { ...s.runs };
      let changed = false;
      let updated: StepRun | undefined;
      for (const step of CHECK_STEPS) {
        const run = runs[step];
        if (!run || run.runId !== runId) continue; // a newer run replaced this one for that step
        updated ??= { ...run, ...(typeof patch === 'function' ? patch(run) : patch) };
        runs[step] = updated;
        changed = true;
      }
      return changed ? { runs } : s;
    });
  };

  const enter = (step: StepId): void => {
    set((s) => ({ current: step, furthest: Math.max(s.furthest, stepIndex(step)), viewing: step === 'summary' ? s.viewing : null }));
  };

  const saveSkips = (): void => {
    const d = get().diagnosis;
    if (!d) return;
    getApi()
      .recordSkips({ diagnosisId: d.id, skips: skipList(get().skips) })
      .then((saved) => {
        if (get().diagnosis?.id === saved.id) set({ diagnosis: saved });
      })
      .catch((error: unknown) => showError(error, 'The reason for skipping was not saved'));
  };

  let queue: Promise<unknown> = Promise.resolve();

  const runNow = async (steps: readonly CheckStepId[], recheck: boolean): Promise<Diagnosis | null> => {
    const target = get().target;
    if (!target || steps.length === 0) return null;
    const runId = newRunId();
    const run: StepRun = {
      runId,
      steps: [...steps],
      state: 'running',
      plannedChecks: 0,
      running: [],
      labels: {},
      live: [],
      error: null,
      startedAt: Date.now(),
      finishedAt: null,
      recheck,
    };
    set((s) => {
      const runs = { ...s.runs };
      const skips = { ...s.skips };
      for (const step of steps) {
        runs[step] = run;
        if (recheck) delete skips[step]; // a new result replaces the reason for skipping
      }
      return { runs, skips };
    });
    const what = steps.length === CHECK_STEPS.length ? 'Diagnosis' : steps.map((step) => stepDefinition(step).label).join(', ');
    announce(`${what}: checking ${targetLabel(target)}…`);
    const errorText = get().errorText.trim();
    try {
      const diagnosis = await getApi().diagnose({
        runId,
        target: formatTarget(target),
        ...(steps.length === CHECK_STEPS.length ? {} : { steps: [...steps] }),
        session: get().sessionId,
        ...(errorText ? { errorText } : {}),
      });
      if (!sameTarget(get().target, target)) return null; // the user moved on to another computer
      set({ diagnosis });
      patchRun(runId, { state: diagnosis.cancelled ? 'cancelled' : 'done', running: [], live: [], finishedAt: Date.now() });
      if (recheck && Object.keys(get().skips).length > 0) saveSkips();
      for (const listener of finishedListeners) listener(diagnosis);
      const verdict = steps.length === 1 ? diagnosis.verdicts.find((v) => v.step === steps[0]) : undefined;
      // The headline as the page shows it: without IT terms in plain words.
      const headline = verdict ? (useSettings.getState().audience === 'plain' ? plainHeadline(verdict) : verdict.headline) : undefined;
      announce(diagnosis.cancelled ? `${what}: cancelled.` : `${what}: ${headline ?? 'finished.'}`);
      return diagnosis;
    } catch (error) {
      // Shown in the step itself (role="alert"), where "Check again" retries it.
      patchRun(runId, { state: 'error', error: messageOf(error), running: [], live: [], finishedAt: Date.now() });
      announce(`${what} could not run.`);
      return null;
    }
  };

  return {
    sessionId: newRunId(),
    targetInput: '',
    errorText: '',
    target: null,
    current: 'target',
    furthest: 0,
    diagnosis: null,
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
        set({ target: parsed.target, diagnosis: null, runs: {}, skips: {}, furthest: 0 });
      } else if (anyRunning(get())) {
        enter(CHECK_STEPS[0]);
        return true;
      }
      enter(CHECK_STEPS[0]);
      void get().runSteps(CHECK_STEPS);
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
      const following = STEP_IDS[stepIndex(s.current) + 1];
      if (following) enter(following);
    },

    back() {
      const previous = STEP_IDS[stepIndex(get().current) - 1];
      if (previous) enter(previous);
    },

    runSteps(steps, recheck = false) {
      // One run at a time, in order: each run updates the one session diagnosis the next one builds on.
      const turn = queue.then(() => runNow(steps, recheck));
      queue = turn.catch(() => null);
      return turn;
    },

    runStep(step, recheck = false) {
      return get().runSteps([step], recheck);
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
      saveSkips();
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
      switch (event.type) {
        case 'run-started':
          patchRun(event.runId, { plannedChecks: event.plannedChecks });
          break;
        case 'check-started':
          patchRun(event.runId, (run) => ({
            running: [...run.running, { checkId: event.checkId, label: event.label, ...(event.address ? { address: event.address } : {}), startedAt: Date.now() }],
            labels: { ...run.labels, [event.checkId]: event.label },
          }));
          break;
        case 'check-finished': {
          const r = event.result;
          patchRun(event.runId, (run) => {
            const index = run.running.findIndex((c) => c.checkId === r.id && c.address === r.address);
            const running = index >= 0 ? run.running.filter((_, i) => i !== index) : run.running;
            return { running, live: [...run.live, r] };
          });
          break;
        }
        case 'run-finished':
          break;
      }
    },
  };
});
