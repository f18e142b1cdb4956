import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_OPTIONS, type CheckResult, type Diagnosis } from '../model';
import { runRules, stepVerdicts } from '../rules';
import { IP, NOW, check, healthyChecks, ruleInput } from '../rules/testing/netFixtures';
import { CHECK_STEPS } from '../steps';
import type { Target } from '../target';
import { NOTHING_TO_CHECK_LABEL, reportView, VERDICT_LABEL, verdictLabel } from './view';

const IP_TARGET: Target = { host: IP, port: 3389, kind: 'ipv4' };

/** A diagnosis of an IP target as the engine makes it: "IP instead of host name" has no check at all. */
function ipDiagnosis(checks: CheckResult[]): Diagnosis {
  const findings = runRules(ruleInput(checks, IP_TARGET));
  return {
    id: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
    createdAt: NOW.toISOString(),
    appVersion: '0.1.0',
    input: IP,
    target: IP_TARGET,
    steps: [...CHECK_STEPS],
    options: DEFAULT_RUN_OPTIONS,
    checks,
    findings,
    verdicts: stepVerdicts(CHECK_STEPS, checks, findings, IP_TARGET),
    durationMs: 4210,
    cancelled: false,
    platform: 'linux',
  };
}

describe('step verdict labels in the reports', () => {
  it('an IP target\'s "IP instead of host name": "Nothing to check" with the exact sentence, never "Not checked"', () => {
    const view = reportView(ipDiagnosis(healthyChecks().filter((c) => c.step !== 'addressing')), []);
    const step = view.steps.find((s) => s.step === 'addressing')!;
    expect(step).toMatchObject({ verdict: 'not-checked', verdictLabel: 'Nothing to check', headline: `Nothing to compare: ${IP} is already an IP address.` });
    expect(step.verdictLabel).toBe(NOTHING_TO_CHECK_LABEL);
    expect(view.steps.filter((s) => s.step !== 'addressing').map((s) => s.verdictLabel)).toEqual(['Passed', 'Passed', 'Passed', 'Passed']);
  });

  it('a step whose checks did not run is still "Not checked"', () => {
    const skipped: CheckResult = { ...check('addressing', 'addressing', 'skipped', {}), reason: 'No address was found.' };
    const view = reportView(ipDiagnosis([...healthyChecks().filter((c) => c.step !== 'addressing'), skipped]), []);
    expect(view.steps.find((s) => s.step === 'addressing')).toMatchObject({ verdictLabel: 'Not checked', headline: 'Not checked: No address was found.' });
  });

  it('verdictLabel reads the flag on a "not-checked" verdict only', () => {
    expect(verdictLabel({ verdict: 'not-checked', nothingToCheck: true })).toBe(NOTHING_TO_CHECK_LABEL);
    expect(verdictLabel({ verdict: 'not-checked' })).toBe(VERDICT_LABEL['not-checked']);
    expect(verdictLabel({ verdict: 'cancelled', nothingToCheck: true })).toBe(VERDICT_LABEL.cancelled);
  });
});
