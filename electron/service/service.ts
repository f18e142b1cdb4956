/**
 * The one service object behind every transport. It runs checks through the engine, turns results
 * into findings with the shared rules, keeps history and settings, and drives fixes with consent.
 * Every argument it receives was already validated by shared/dispatch.ts.
 */
import { createHash, randomUUID } from 'node:crypto';
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
import { combineDiagnosis, withSkips, type RunFacts } from '../../shared/diagnosis/combine';
import { DEFAULT_RUN_OPTIONS, type Diagnosis, type RunOptions } from '../../shared/model';
import { CHECK_STEPS } from '../../shared/steps';
import type { Target } from '../../shared/target';
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

/** The history id of a session's diagnosis of one target: one entry per target per session. */
export function sessionEntryId(session: string, target: Pick<Target, 'host' | 'port'>): string {
  const hash = createHash('sha256').update(`${target.host.toLowerCase()}:${target.port}`).digest('hex').slice(0, 16);
  return `${session}-${hash}`;
}

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

  /** A run's diagnosis, combined with the session's so far (shared/diagnosis/combine: the one combiner). */
  const diagnosisOf = (run: RunFacts, id: string, previous?: Diagnosis): Diagnosis =>
    combineDiagnosis({
      stamp: { id, createdAt: new Date().toISOString(), appVersion: deps.appVersion, platform: platformName(platform) },
      context: { platform, targetIsLocal: deps.isLocalTarget(run.target), now: new Date() },
      run,
      ...(previous ? { previous } : {}),
    });

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
        const save = input.save !== false;
        // A session keeps one diagnosis per target, updated by every run: saved as unfinished at once,
        // so leaving mid-run never leaves an entry that claims more than was checked.
        const sessionDiagnosisId = input.session ? sessionEntryId(input.session, target) : undefined;
        let previous = sessionDiagnosisId ? await history.find(sessionDiagnosisId) : undefined;
        if (sessionDiagnosisId && save && !previous) {
          previous = diagnosisOf({ target, steps: [], options, checks: [], durationMs: 0, interruptedSteps: [], cancelled: false, ...(input.errorText ? { errorText: input.errorText } : {}) }, sessionDiagnosisId);
          await history.save(previous);
        }
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
            checkFinished: (result) => emit({ type: 'check-finished', runId: input.runId, result }),
          },
        });
        // The rules run once per run, here, over this run's checks and the session's other steps.
        const diagnosis = diagnosisOf(
          {
            target,
            steps,
            options,
            checks: outcome.checks,
            durationMs: outcome.durationMs,
            interruptedSteps: outcome.interruptedSteps,
            cancelled: outcome.cancelled,
            deadline: { ms: deadlineMs, reached: outcome.deadlineReached },
            ...(input.errorText ? { errorText: input.errorText } : {}),
          },
          sessionDiagnosisId ?? randomUUID(),
          previous,
        );
        if (save) {
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
      // Reading the current state runs scripts: cancel({runId}) stops them, and no preview is given.
      const preview = await cancellable(input.runId, async (signal) => {
        const read = await deps.fixes.preview(input.fixId, input.params, { signal });
        if (signal.aborted) throw new ServiceError('cancelled', 'The preview was cancelled; nothing was changed.');
        return read;
      });
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

    async recordSkips(input) {
      const diagnosis = withSkips(await history.get(input.diagnosisId), input.skips);
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
