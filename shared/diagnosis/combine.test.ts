import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_OPTIONS, diagnosisSchema, type CheckResult, type Diagnosis } from '../model';
import { runRules } from '../rules';
import { CHECK_STEPS, type CheckStepId } from '../steps';
import { IP, NOW, TARGET, healthyChecks, replace, ruleInput, tlsAttempts, tlsCheck } from '../rules/testing/netFixtures';
import { combineDiagnosis, notChecked, withSkips, type RunFacts } from './combine';

// As the TLS check judges it (electron/checks/net/judge.ts): a warning, TLS 1.0/1.1 work.
const legacyOnly: CheckResult = {
  ...tlsCheck({
    attempts: tlsAttempts({
      'TLSv1.2': { outcome: 'alert', alert: 'protocol_version', cipher: undefined, cipherStandardName: undefined },
      'TLSv1.3': { outcome: 'alert', alert: 'protocol_version', cipher: undefined, cipherStandardName: undefined },
    }),
  }),
  status: 'warn',
  summary: 'TLS 1.0 and TLS 1.1 work; but the server accepts only TLS 1.0/1.1.',
};

const context = { platform: 'linux', targetIsLocal: false, now: NOW };
const run = (checks: CheckResult[], steps: readonly CheckStepId[], extra: Partial<RunFacts> = {}): RunFacts => ({
  target: TARGET,
  steps,
  options: DEFAULT_RUN_OPTIONS,
  checks: checks.filter((c) => steps.includes(c.step)),
  durationMs: 10,
  interruptedSteps: [],
  cancelled: false,
  ...extra,
});
let n = 0;
const combine = (facts: RunFacts, previous?: Diagnosis): Diagnosis =>
  combineDiagnosis({ stamp: { id: `d-${++n}`, createdAt: NOW.toISOString(), appVersion: 't', platform: 'linux' }, context, run: facts, ...(previous ? { previous } : {}) });
const verdictOf = (d: Diagnosis, step: CheckStepId) => d.verdicts.find((v) => v.step === step)!;

describe('combineDiagnosis', () => {
  it('an IP target: "IP instead of host name" has nothing to check and says so exactly; a step cut short before any check ran is cancelled, not "nothing to check"', () => {
    const target = { host: IP, port: 3389, kind: 'ipv4' as const };
    const checks = healthyChecks().filter((c) => c.step !== 'addressing');
    const d = combine(run(checks, CHECK_STEPS, { target }));
    expect(diagnosisSchema.safeParse(d).success).toBe(true);
    expect(verdictOf(d, 'addressing')).toMatchObject({ verdict: 'not-checked', nothingToCheck: true, headline: `Nothing to compare: ${IP} is already an IP address.` });
    const cut = combine(run(checks.filter((c) => c.step === 'reachability'), CHECK_STEPS, { target, interruptedSteps: ['certificate'], cancelled: true }));
    expect(diagnosisSchema.safeParse(cut).success).toBe(true);
    expect(verdictOf(cut, 'certificate').verdict).toBe('cancelled');
    expect(verdictOf(cut, 'certificate').nothingToCheck).toBeUndefined();
  });

  it('a single run (the command line) is the rules over its checks, once, and a verdict per step', () => {
    const checks = replace(healthyChecks(), legacyOnly);
    const d = combine(run(checks, CHECK_STEPS));
    expect(diagnosisSchema.safeParse(d).success).toBe(true);
    expect(d.findings).toEqual(runRules(ruleInput(checks, TARGET, context)));
    expect(d.verdicts.map((v) => v.step)).toEqual([...CHECK_STEPS]);
    expect(d.findings.find((f) => f.id === 'tls-legacy-only')?.step).toBe('security');
    expect(verdictOf(d, 'security').verdict).toBe('fail');
    expect(verdictOf(d, 'security').findingIds).toContain('tls-legacy-only');
    // The certificate step's warning names the security step's finding as its cause.
    expect(verdictOf(d, 'certificate').verdict).toBe('warn');
    expect(verdictOf(d, 'certificate').causeIds).toEqual(['tls-legacy-only']);
  });

  it('a step checked again replaces only its own checks; rules that read several steps see all of them', () => {
    const checks = replace(healthyChecks(), legacyOnly);
    const first = combine(run(checks, CHECK_STEPS));
    // "Check again" on the security step: only its checks run; the old-TLS finding still stands,
    // because the rules read the certificate step's TLS attempts kept from the first run.
    const again = combine(run(checks, ['security']), first);
    expect(again.steps).toEqual([...CHECK_STEPS]);
    expect(again.checks.filter((c) => c.step === 'certificate')).toEqual(first.checks.filter((c) => c.step === 'certificate'));
    expect(again.checks.filter((c) => c.step === 'security')).toHaveLength(first.checks.filter((c) => c.step === 'security').length);
    expect(verdictOf(again, 'security').verdict).toBe('fail');
    expect(again.findings.map((f) => `${f.id}:${f.severity}`)).toEqual(first.findings.map((f) => `${f.id}:${f.severity}`));
    // The certificate repaired: checking the certificate step again clears the finding for both steps.
    const repaired = combine(run(healthyChecks(), ['certificate']), again);
    expect(repaired.findings.map((f) => f.id)).not.toContain('tls-legacy-only');
    expect(verdictOf(repaired, 'security').verdict).toBe('pass');
    expect(verdictOf(repaired, 'certificate').causeIds).toBeUndefined();
  });

  it('keeps a step cut short by an earlier cancel as cancelled until it runs again, and says what was not checked', () => {
    const cut = combine(run(healthyChecks(), ['reachability', 'certificate'], { interruptedSteps: ['certificate'], cancelled: true }));
    expect(verdictOf(cut, 'certificate').verdict).toBe('cancelled');
    expect(notChecked(cut)).toEqual(['certificate', 'security', 'addressing', 'stability']);
    const later = combine(run(healthyChecks(), ['stability']), cut);
    expect(verdictOf(later, 'certificate').verdict).toBe('cancelled');
    expect(later.cancelled).toBe(true);
    const done = combine(run(healthyChecks(), ['certificate', 'security', 'addressing']), later);
    expect(notChecked(done)).toEqual([]);
    expect(done.cancelled).toBe(false);
  });

  it('a step skipped with a reason and no check run counts as not checked; the reasons stay with later runs', () => {
    const d = withSkips(combine(run(healthyChecks(), ['reachability'])), [{ step: 'stability', reason: 'later' }]);
    expect(notChecked(d)).toContain('stability');
    expect(combine(run(healthyChecks(), ['certificate']), d).skips).toEqual([{ step: 'stability', reason: 'later' }]);
  });

  it('refuses to combine runs against different targets', () => {
    const first = combine(run(healthyChecks(), ['reachability']));
    expect(() => combine({ ...run(healthyChecks(), ['certificate']), target: { ...TARGET, port: 3390 } }, first)).toThrow(/one target/);
  });
});
