/**
 * The wizard store against a scripted preload (the transport's real reply checking in between): run
 * first, then walk; "Check again" runs only the step's own checks; what a run found is stored once,
 * from its reply; Next is never refused; a skip reason is kept with the session's diagnosis.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { combineDiagnosis } from '../../shared/diagnosis/combine';
import { METHOD_NAME_LIST, type PreloadApi, type PreloadReply } from '../../shared/methodNames';
import { DEFAULT_RUN_OPTIONS, type CheckResult, type Diagnosis } from '../../shared/model';
import { NOW, healthyChecks, replace, tlsAttempts, tlsCheck } from '../../shared/rules/testing/netFixtures';
import { CHECK_STEPS, type CheckStepId } from '../../shared/steps';
import { parseTarget } from '../../shared/target';

interface Call {
  method: string;
  input: Record<string, unknown>;
}

const calls: Call[] = [];
const listeners = new Set<(event: unknown) => void>();
let serverChecks: CheckResult[] = healthyChecks();
let session: Diagnosis | undefined;

const failingTls: CheckResult = {
  ...tlsCheck({
    attempts: tlsAttempts({
      TLSv1: { outcome: 'reset', errorCode: 'ECONNRESET', cipher: undefined },
      'TLSv1.1': { outcome: 'reset', errorCode: 'ECONNRESET', cipher: undefined },
      'TLSv1.2': { outcome: 'alert', alert: 'handshake_failure', cipher: undefined, cipherStandardName: undefined },
      'TLSv1.3': { outcome: 'alert', alert: 'handshake_failure', cipher: undefined, cipherStandardName: undefined },
    }),
    certificate: undefined,
    nameMatch: null,
  }),
  status: 'fail',
};

/** The service's side, as far as the wizard sees it: events for progress, the session's diagnosis as the reply. */
async function answer(method: string, input: Record<string, unknown>): Promise<PreloadReply> {
  calls.push({ method, input });
  if (method === 'diagnose') {
    const steps = (input.steps as CheckStepId[] | undefined) ?? [...CHECK_STEPS];
    const runId = String(input.runId);
    const target = parseTarget(String(input.target));
    if (!target.ok) throw new Error('bad target');
    const checks = serverChecks.filter((c) => steps.includes(c.step));
    for (const l of listeners) l({ type: 'run-started', runId, target: target.target, steps, plannedChecks: checks.length });
    for (const result of checks) for (const l of listeners) l({ type: 'check-finished', runId, result });
    session = combineDiagnosis({
      stamp: { id: `${String(input.session)}-t`, createdAt: NOW.toISOString(), appVersion: 't', platform: 'linux' },
      context: { platform: 'linux', targetIsLocal: false, now: NOW },
      run: { target: target.target, steps, options: DEFAULT_RUN_OPTIONS, checks, durationMs: 5, interruptedSteps: [], cancelled: false },
      ...(session ? { previous: session } : {}),
    });
    return { ok: true, value: session };
  }
  if (method === 'recordSkips') {
    session = { ...session!, skips: input.skips as Diagnosis['skips'] };
    return { ok: true, value: session };
  }
  return { ok: false, error: { code: 'not-supported', message: method } };
}

const preload = Object.fromEntries(METHOD_NAME_LIST.map((m) => [m, (input: Record<string, unknown>) => answer(m, input)])) as unknown as PreloadApi;
(preload as unknown as { onEvent: PreloadApi['onEvent'] }).onEvent = (listener) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
(globalThis as unknown as { window: { rdpDoctor: PreloadApi } }).window = { rdpDoctor: preload };

const { useWizard, stepResults, stepVerdict, stepFindings, stepCauses } = await import('./wizard');
const { getApi } = await import('../api');

beforeAll(() => {
  getApi().onEvent((event) => useWizard.getState().handleEvent(event));
});

const diagnoseCalls = () => calls.filter((c) => c.method === 'diagnose');

async function startAgainst(text: string): Promise<void> {
  useWizard.getState().setTargetInput(text);
  expect(useWizard.getState().start()).toBe(true);
  for (let i = 0; i < 100 && useWizard.getState().runs.reachability?.state !== 'done'; i++) await new Promise((r) => setTimeout(r, 5));
}

afterEach(() => {
  calls.length = 0;
  session = undefined;
  serverChecks = healthyChecks();
  useWizard.setState({ target: null, diagnosis: null, runs: {}, skips: {}, current: 'target', furthest: 0 });
});

describe('run first, then walk', () => {
  it('"Start diagnosis" runs every step once; walking the steps runs nothing more', async () => {
    await startAgainst('10.20.30.40');
    expect(diagnoseCalls()).toHaveLength(1);
    expect(diagnoseCalls()[0]!.input.steps).toBeUndefined();
    expect(diagnoseCalls()[0]!.input.session).toBe(useWizard.getState().sessionId);
    for (const step of CHECK_STEPS) {
      expect(useWizard.getState().current).toBe(step);
      expect(stepVerdict(useWizard.getState(), step)).not.toBeNull();
      useWizard.getState().next();
    }
    expect(useWizard.getState().current).toBe('summary');
    expect(diagnoseCalls()).toHaveLength(1);
  });

  it('Next is never refused: a failed step stays failed in the diagnosis when the user moves on', async () => {
    serverChecks = replace(healthyChecks(), failingTls);
    await startAgainst('10.20.30.40');
    useWizard.getState().next();
    useWizard.getState().next();
    expect(useWizard.getState().current).toBe('security');
    expect(stepVerdict(useWizard.getState(), 'security')?.verdict).toBe('fail');
    useWizard.getState().next();
    expect(useWizard.getState().current).toBe('addressing');
    expect(stepVerdict(useWizard.getState(), 'security')?.verdict).toBe('fail');
  });

  it('"Check again" runs only that step\'s checks, and every step then shows the new diagnosis', async () => {
    serverChecks = replace(healthyChecks(), failingTls);
    await startAgainst('10.20.30.40');
    const s = () => useWizard.getState();
    // One truth: the security step shows the certificate step's TLS failure as its cause, never a pass.
    expect(stepVerdict(s(), 'security')?.verdict).toBe('fail');
    expect(stepCauses(s().diagnosis, 'security').map((f) => f.id)).toEqual(['tls-handshake-failed']);
    expect(stepFindings(s().diagnosis, 'certificate').map((f) => f.id)).toContain('tls-handshake-failed');
    // Repaired on the server; the user checks the certificate step again.
    serverChecks = healthyChecks();
    const d = await s().runStep('certificate', true);
    expect(diagnoseCalls().at(-1)!.input.steps).toEqual(['certificate']);
    expect(d?.findings.map((f) => f.id)).not.toContain('tls-handshake-failed');
    expect(stepVerdict(s(), 'security')?.verdict).toBe('pass');
    expect(stepVerdict(s(), 'certificate')?.verdict).toBe('pass');
  });

  it('stores a run\'s results once: events only while it runs, the reply after', async () => {
    await startAgainst('10.20.30.40');
    const s = useWizard.getState();
    expect(s.runs.reachability?.live).toEqual([]);
    expect(stepResults(s, 'reachability')).toEqual(s.diagnosis!.checks.filter((c) => c.step === 'reachability'));
  });

  it('keeps a skip reason with the session\'s diagnosis (the history entry and the report)', async () => {
    await startAgainst('10.20.30.40');
    for (let i = 0; i < 4; i++) useWizard.getState().next();
    expect(useWizard.getState().current).toBe('stability');
    useWizard.getState().skip('stability', 'Not today');
    for (let i = 0; i < 100 && !useWizard.getState().diagnosis?.skips; i++) await new Promise((r) => setTimeout(r, 5));
    expect(calls.find((c) => c.method === 'recordSkips')?.input).toEqual({ diagnosisId: session!.id, skips: [{ step: 'stability', reason: 'Not today' }] });
    expect(useWizard.getState().diagnosis?.skips).toEqual([{ step: 'stability', reason: 'Not today' }]);
    expect(useWizard.getState().current).toBe('summary');
  });
});
