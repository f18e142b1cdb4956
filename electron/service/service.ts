/**
 * The one service object behind every transport. It runs checks through the engine, turns results
 * into findings with the shared rules, keeps history and settings, and drives fixes with consent.
 * Every argument it receives was already validated by shared/dispatch.ts.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  ServiceError,
  type FixOutcome,
  type FixPreview,
  type MethodOutput,
  type MethodParsedInput,
  type Report,
  type ReportFormat,
  type RunEvent,
} from '../../shared/contract';
import type { CallContext, ServiceImplementation } from '../../shared/dispatch';
import { DEFAULT_RUN_OPTIONS, type CheckResult, type Diagnosis, type RunOptions } from '../../shared/model';
import { runRules, stepVerdicts } from '../../shared/rules';
import { CHECK_STEPS, type CheckStepId } from '../../shared/steps';
import { DEFAULT_RDP_PORT, formatTarget, type Target } from '../../shared/target';
import { runDeadlineMs } from '../engine/deadline';
import { runEngine } from '../engine/run';
import type { CheckDefinition } from '../engine/types';
import type { ProblemSource } from '../store/atomicFile';
import type { FixBackend } from '../fixes';
import { HistoryStore } from '../store/historyStore';
import { SettingsStore } from '../store/settingsStore';
import { describeEnvironment, platformName } from './environment';
import { PreviewTokens } from './previewToken';

/** The fixes side, as the service needs it: declared once, by electron/fixes (a type import: nothing loads). */
export type { FixBackend } from '../fixes';

export interface ReportRenderer {
  render(diagnosis: Diagnosis, format: ReportFormat, options: { redact: boolean; fixed: FixOutcome[] }): Report;
}

export interface ServiceDeps {
  appVersion: string;
  dataDir: string;
  checks: readonly CheckDefinition[];
  fixes: FixBackend;
  reports: ReportRenderer;
  makeRdpFile(request: MethodParsedInput<'makeRdpFile'>): MethodOutput<'makeRdpFile'>;
  isLocalTarget(target: Target): boolean;
  /** Native save (Electron): absent elsewhere, and saveFile answers not-supported. */
  saveFile?(request: MethodParsedInput<'saveFile'>): Promise<MethodOutput<'saveFile'>>;
  /** Stores besides settings whose unreadable files are told through storeProblems (the undo records). */
  problemSources?: readonly ProblemSource[];
  /** Launch Remote Desktop Connection with a .rdp file (Windows). */
  openRdp?(request: MethodParsedInput<'openInRemoteDesktop'>, content: string, filename: string): Promise<MethodOutput<'openInRemoteDesktop'>>;
  /** Runs at the same time at most (the command line's scan raises it). */
  maxConcurrentRuns?: number;
  platform?: NodeJS.Platform;
}

export type RdpDoctorService = ServiceImplementation & {
  /** Runs under way (for tests and the bridge's shutdown). */
  activeRuns(): number;
  settings: SettingsStore;
  history: HistoryStore;
};

export function createService(deps: ServiceDeps): RdpDoctorService {
  const events = new EventEmitter();
  events.setMaxListeners(100);
  const runs = new Map<string, AbortController>();
  /** Fixes and undos under way, by the runId their caller chose (cancel reaches them too). */
  const fixOperations = new Map<string, AbortController>();
  const cancellable = async <T>(runId: string | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const controller = new AbortController();
    if (runId !== undefined) {
      if (runs.has(runId) || fixOperations.has(runId)) throw new ServiceError('busy', 'An operation with this id is already under way.');
      fixOperations.set(runId, controller);
    }
    try {
      return await work(controller.signal);
    } finally {
      if (runId !== undefined) fixOperations.delete(runId);
    }
  };
  const history = new HistoryStore(deps.dataDir);
  const settings = new SettingsStore(deps.dataDir);
  const tokens = new PreviewTokens();
  const platform = deps.platform ?? process.platform;
  const maxRuns = deps.maxConcurrentRuns ?? 8;
  const emit = (event: RunEvent): void => {
    events.emit('event', event);
  };

  const previewSubject = (preview: Omit<FixPreview, 'previewToken'>, params: Record<string, unknown>) => ({
    fixId: preview.fixId,
    params,
    changes: preview.changes,
    commands: preview.commands,
    applicable: preview.applicable,
  });

  /** A diagnosis from checks: findings by the shared rules, a verdict per step. */
  const assemble = (parts: {
    target: Target;
    steps: CheckStepId[];
    options: RunOptions;
    checks: CheckResult[];
    durationMs: number;
    /** Steps cut short by a cancel: a pass or "not checked" there becomes "cancelled". */
    cancelledSteps: readonly CheckStepId[];
    cancelled: boolean;
    deadline?: Diagnosis['deadline'];
    errorText?: string;
    skips?: Diagnosis['skips'];
    parts?: string[];
  }): Diagnosis => {
    const context = { platform, targetIsLocal: deps.isLocalTarget(parts.target), now: new Date() };
    const findings = runRules({ target: parts.target, checks: parts.checks, context });
    const verdicts = stepVerdicts(parts.steps, parts.checks, findings).map((v) =>
      // Problems and risks found before the cancel are facts and stay; a pass could be a guess.
      parts.cancelledSteps.includes(v.step) && (v.verdict === 'not-checked' || v.verdict === 'pass')
        ? {
            ...v,
            verdict: 'cancelled' as const,
            headline: parts.deadline?.reached && !parts.cancelled ? 'Stopped at the run’s time limit before this step’s checks finished.' : 'Cancelled before this step’s checks finished.',
          }
        : v,
    );
    return {
      id: randomUUID(),
      createdAt: new Date().toISOString(),
      appVersion: deps.appVersion,
      input: parts.target.port === DEFAULT_RDP_PORT ? parts.target.host : formatTarget(parts.target),
      target: parts.target,
      steps: parts.steps,
      options: parts.options,
      checks: parts.checks,
      findings,
      verdicts,
      durationMs: parts.durationMs,
      cancelled: parts.cancelled,
      ...(parts.deadline ? { deadline: parts.deadline } : {}),
      ...(parts.errorText ? { errorText: parts.errorText } : {}),
      platform: platformName(platform),
      ...(parts.skips?.length ? { skips: parts.skips } : {}),
      ...(parts.parts ? { parts: parts.parts } : {}),
    };
  };

  const service: RdpDoctorService = {
    activeRuns: () => runs.size,
    settings,
    history,

    subscribe(listener) {
      events.on('event', listener);
      return () => events.off('event', listener);
    },

    async environment(_input, ctx: CallContext) {
      return describeEnvironment(deps.appVersion, ctx.transport, Boolean(deps.saveFile) && ctx.transport === 'ipc');
    },

    async diagnose(input) {
      if (runs.has(input.runId)) throw new ServiceError('busy', 'A run with this id is already under way.');
      if (runs.size >= maxRuns) throw new ServiceError('busy', 'Too many diagnoses are running at once; wait for one to finish.');
      const controller = new AbortController();
      runs.set(input.runId, controller);
      try {
        const saved = await settings.get().catch(() => undefined);
        const options: RunOptions = { ...DEFAULT_RUN_OPTIONS, ...(saved?.options ?? {}), ...(input.options ?? {}) };
        const steps = input.steps ?? [...CHECK_STEPS];
        const target = input.target;
        const checks: CheckResult[] = [];
        const context = { platform, targetIsLocal: deps.isLocalTarget(target), now: new Date() };
        const deadlineMs = runDeadlineMs(options, steps);
        const outcome = await runEngine(deps.checks, {
          target,
          steps,
          options,
          signal: controller.signal,
          deadlineMs,
          platform,
          events: {
            planned: (count) => emit({ type: 'run-started', runId: input.runId, target, steps, plannedChecks: count }),
            checkStarted: (unit) =>
              emit({ type: 'check-started', runId: input.runId, checkId: unit.id, step: unit.step, label: unit.label, ...(unit.address ? { address: unit.address } : {}) }),
            checkFinished: (result) => {
              checks.push(result);
              emit({ type: 'check-finished', runId: input.runId, result });
            },
            stepFinished: (step) => {
              // Verdicts as each step ends are for listeners (the wizard); nobody listening (the command line), no work.
              if (events.listenerCount('event') === 0) return;
              const findings = runRules({ target, checks, context });
              for (const verdict of stepVerdicts([step], checks, findings)) emit({ type: 'step-verdict', runId: input.runId, verdict });
            },
          },
        });
        const diagnosis = assemble({
          target,
          steps,
          options,
          checks: outcome.checks,
          durationMs: outcome.durationMs,
          cancelledSteps: outcome.interruptedSteps,
          cancelled: outcome.cancelled,
          deadline: { ms: deadlineMs, reached: outcome.deadlineReached },
          ...(input.errorText ? { errorText: input.errorText } : {}),
        });
        if (input.save !== false) {
          await history.save(diagnosis);
          await settings.update({ addRecentTarget: target }).catch(() => undefined);
        }
        emit({ type: 'run-finished', runId: input.runId, diagnosisId: diagnosis.id, cancelled: diagnosis.cancelled });
        return diagnosis;
      } finally {
        runs.delete(input.runId);
      }
    },

    async cancel(input) {
      const controller = runs.get(input.runId) ?? fixOperations.get(input.runId);
      if (!controller) return { cancelled: false };
      controller.abort();
      return { cancelled: true };
    },

    async previewFix(input) {
      const preview = await deps.fixes.preview(input.fixId, input.params);
      return { ...preview, previewToken: tokens.issue(previewSubject(preview, input.params)) };
    },

    async applyFix(input) {
      const preview = await deps.fixes.preview(input.fixId, input.params);
      if (!tokens.verify(previewSubject(preview, input.params), input.consent.previewToken)) {
        throw new ServiceError('consent-required', 'This fix was not previewed with these settings, or what it would change has changed since: preview it again and confirm.');
      }
      if (!preview.applicable) {
        return { fixId: input.fixId, status: 'not-applicable', message: preview.notApplicableReason ?? 'This fix does not apply here.' };
      }
      if (preview.requiresSecondConfirmation && input.consent.secondConfirmation !== true) {
        throw new ServiceError('consent-required', 'This repair is heavy: it needs a second, explicit confirmation.');
      }
      return cancellable(input.runId, (signal) => deps.fixes.apply(input.fixId, input.params, { signal, ...(input.target ? { target: input.target } : {}) }));
    },

    async undoFix(input) {
      return cancellable(input.runId, (signal) => deps.fixes.undo(input.undoId, { signal }));
    },

    listUndo: () => deps.fixes.list(),
    listHistory: () => history.list(),
    getDiagnosis: (input) => history.get(input.id),
    async deleteDiagnosis(input) {
      return { deleted: await history.delete(input.id) };
    },

    async combineDiagnoses(input) {
      const parts = await Promise.all([...new Set(input.ids)].map((id) => history.get(id)));
      parts.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      const first = parts[0]!;
      if (parts.some((p) => p.target.host !== first.target.host || p.target.port !== first.target.port)) {
        throw new ServiceError('invalid-input', 'These runs are for different computers; only runs against one target can be combined.');
      }
      const newestFirst = [...parts].reverse();
      const steps: CheckStepId[] = [];
      const checks: CheckResult[] = [];
      const cancelledSteps: CheckStepId[] = [];
      for (const step of CHECK_STEPS) {
        const latest = newestFirst.find((p) => p.steps.includes(step));
        if (!latest) continue;
        steps.push(step);
        checks.push(...latest.checks.filter((c) => c.step === step));
        if (latest.cancelled && (latest.verdicts.find((v) => v.step === step)?.verdict ?? 'cancelled') === 'cancelled') cancelledSteps.push(step);
      }
      const last = newestFirst[0]!;
      const errorText = newestFirst.find((p) => p.errorText)?.errorText;
      const diagnosis = assemble({
        target: last.target,
        steps,
        options: last.options,
        checks,
        durationMs: parts.reduce((sum, p) => sum + p.durationMs, 0),
        cancelledSteps,
        cancelled: cancelledSteps.length > 0,
        ...(errorText ? { errorText } : {}),
        ...(input.skips ? { skips: input.skips } : {}),
        parts: [...new Set(parts.flatMap((p) => [p.id, ...(p.parts ?? [])]))],
      });
      await history.save(diagnosis);
      return diagnosis;
    },

    async exportReport(input) {
      const diagnosis = await history.get(input.diagnosisId);
      return deps.reports.render(diagnosis, input.format, { redact: input.redact, fixed: input.fixed ?? [] });
    },

    async saveFile(input) {
      if (!deps.saveFile) throw new ServiceError('not-supported', 'Saving through a dialog is only available in the desktop app; the browser downloads the file instead.');
      return deps.saveFile(input);
    },

    async makeRdpFile(input) {
      return deps.makeRdpFile(input);
    },

    async openInRemoteDesktop(input) {
      if (platform !== 'win32' || !deps.openRdp) {
        throw new ServiceError('not-supported', 'Remote Desktop Connection (mstsc) can only be opened on Windows; save the .rdp file instead.');
      }
      const file = deps.makeRdpFile(input);
      return deps.openRdp(input, file.content, file.filename);
    },

    getSettings: () => settings.get(),
    updateSettings: (input) => settings.update(input),

    async storeProblems() {
      const found = await Promise.all([settings, ...(deps.problemSources ?? [])].map((source) => source.takeProblems()));
      return { problems: found.flat().slice(0, 20) };
    },
  };
  return service;
}
