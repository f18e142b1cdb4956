import { describe, expect, it } from 'vitest';
import type { CheckResult, Diagnosis, Finding } from '../model';
import { stepVerdictSchema } from '../model';
import { CHECK_STEPS } from '../steps';
import { NOT_WINDOWS_REASON } from '../checks/windows/ids';
import { overallVerdict, rankFindings, runRules, stepVerdicts } from './index';
import { leftToFix } from './verdicts';
import { IP, IP6, attempt, check, credsspCheck, failure, healthyChecks, listenerCheck, replace, ruleInput, stabilityCheck, tcpCheck, tlsAttempts, tlsCheck, REQUESTED, certificate } from './testing/netFixtures';

const finding = (id: string, severity: Finding['severity'], step: Finding['step'] = 'certificate'): Finding => ({
  id,
  severity,
  step,
  title: id,
  plain: '',
  detail: '',
  evidence: [],
  fixes: [],
});

function diagnosisOf(checks: CheckResult[], extra: Partial<Diagnosis> = {}): Pick<Diagnosis, 'findings' | 'verdicts' | 'checks' | 'cancelled' | 'skips'> {
  const findings = runRules(ruleInput(checks));
  return { checks, findings, verdicts: stepVerdicts(CHECK_STEPS, checks, findings), cancelled: false, ...extra };
}

describe('stepVerdicts', () => {
  it('passes every step of a healthy server, noting the informational findings', () => {
    const checks = healthyChecks();
    const verdicts = stepVerdicts(CHECK_STEPS, checks, runRules(ruleInput(checks)));
    expect(verdicts.map((v) => `${v.step}:${v.verdict}`)).toEqual(['reachability:pass', 'certificate:pass', 'security:pass', 'addressing:pass', 'stability:pass']);
    const certificateStep = verdicts.find((v) => v.step === 'certificate')!;
    expect(certificateStep.headline).toBe('The connection can be secured: the certificate is usable. Note: The remote computer uses its own (self-signed) certificate.');
    expect(certificateStep.findingIds).toEqual(['cert-self-signed']);
    for (const v of verdicts) expect(stepVerdictSchema.safeParse(v).success).toBe(true);
  });

  it('fails a step with an error finding and names it; warns on warnings only', () => {
    const checks = replace(healthyChecks(), listenerCheck(failure(REQUESTED, 3, 'SSL_CERT_NOT_ON_SERVER')), credsspCheck({ clockSkewSeconds: 900 }));
    const verdicts = stepVerdicts(['certificate', 'security'], checks, runRules(ruleInput(checks)));
    const cert = verdicts.find((v) => v.step === 'certificate')!;
    expect(cert.verdict).toBe('fail');
    expect(cert.headline).toBe(`The remote computer has no usable certificate (server at ${IP}).`);
    expect(cert.findingIds).toEqual(['tls-cert-not-on-server', 'clock-skew', 'cert-self-signed']);
    const twoErrors = stepVerdicts(['certificate'], checks, [...runRules(ruleInput(checks)), finding('cert-expired', 'error')]);
    expect(twoErrors[0]!.headline).toBe(`The remote computer has no usable certificate (server at ${IP}), and 1 more problem.`);
    // No usable certificate: the session cannot be secured, so the security step does not pass either.
    const security = verdicts.find((v) => v.step === 'security')!;
    expect(security).toMatchObject({ verdict: 'fail', causeIds: ['tls-cert-not-on-server'] });
  });

  it('is not-checked, with the reason, when every check of the step was skipped', () => {
    const skipped: CheckResult = { ...check('addressing', 'addressing', 'skipped', {}), reason: 'Only one address: nothing to compare.' };
    const [v] = stepVerdicts(['addressing'], [skipped], []);
    expect(v).toEqual({ step: 'addressing', verdict: 'not-checked', headline: 'Not checked: Only one address: nothing to compare.', findingIds: [] });
    const [none] = stepVerdicts(['stability'], [], []);
    expect(none!.verdict).toBe('not-checked');
  });

  it('is not-checked when the check the step speaks for did not run, whatever else passed there', () => {
    const skippedStability: CheckResult = { ...check('stability', 'stability', 'skipped', {}), reason: 'No Remote Desktop listener was found.' };
    const udpPass = check('udp', 'stability', 'pass', {});
    const [v] = stepVerdicts(['stability'], [skippedStability, udpPass], []);
    expect(v).toMatchObject({ verdict: 'not-checked', headline: 'Not checked: No Remote Desktop listener was found.' });
    const [cert] = stepVerdicts(['certificate'], [{ ...check('tls', 'certificate', 'skipped', {}), reason: 'No TLS.' }, check('win-cert-store', 'certificate', 'pass', {})], []);
    expect(cert!.verdict).toBe('not-checked');
    // With the check there, the other checks' passes count as before.
    const [ok] = stepVerdicts(['stability'], [stabilityCheck(), udpPass], []);
    expect(ok!.verdict).toBe('pass');
  });

  it('a failed check explained by another step\'s finding names that finding and step', () => {
    const notTls = [1, 2, 3].map((n) => attempt(n, false, 5, 'tls', 'not-tls'));
    const failedStability = { ...stabilityCheck({ attempts: notTls }), status: 'fail' as const, summary: 'All 3 connection attempts failed (tls not-tls).' };
    const cause = finding('tls-handshake-failed', 'error');
    const [v] = stepVerdicts(['stability'], [failedStability], [{ ...cause, step: 'certificate', title: 'The secure connection fails to start' }]);
    expect(v).toMatchObject({ verdict: 'fail', headline: 'All 3 connection attempts failed (tls not-tls). Cause: The secure connection fails to start (see Certificate).', causeIds: ['tls-handshake-failed'] });
  });

  it('never passes the security step while the TLS handshake fails (a TLS alert, a reset after X.224)', () => {
    const attempts = tlsAttempts({
      TLSv1: { outcome: 'reset', errorCode: 'ECONNRESET', cipher: undefined },
      'TLSv1.1': { outcome: 'reset', errorCode: 'ECONNRESET', cipher: undefined },
      'TLSv1.2': { outcome: 'alert', alert: 'handshake_failure', cipher: undefined, cipherStandardName: undefined },
      'TLSv1.3': { outcome: 'alert', alert: 'handshake_failure', cipher: undefined, cipherStandardName: undefined },
    });
    const checks = replace(healthyChecks(), { ...tlsCheck({ attempts, certificate: undefined, nameMatch: null }), status: 'fail' });
    const findings = runRules(ruleInput(checks));
    expect(findings.map((f) => f.id)).toContain('tls-handshake-failed');
    const security = stepVerdicts(['security'], checks, findings)[0]!;
    expect(security.verdict).toBe('fail');
    expect(security.headline).toBe('The session cannot be secured: The secure connection fails to start (see Certificate).');
    expect(security.headline).not.toContain('agree on how to secure');
    expect(security.causeIds).toEqual(['tls-handshake-failed']);
    // Without the failure the same checks pass.
    expect(stepVerdicts(['security'], healthyChecks(), runRules(ruleInput(healthyChecks())))[0]!.verdict).toBe('pass');
  });

  it('no step passes while an error or warning finding of that step, or one named as its cause, stands', () => {
    const scenarios = [
      healthyChecks(),
      replace(healthyChecks(), tcpCheck({ outcome: 'refused' })),
      replace(healthyChecks(), credsspCheck({ clockSkewSeconds: 900 })),
      replace(healthyChecks(), listenerCheck(failure(REQUESTED, 3, 'SSL_CERT_NOT_ON_SERVER'))),
      replace(healthyChecks(), tlsCheck({ certificate: certificate({ validTo: '2024-11-01T00:00:00Z' }) })),
      replace(healthyChecks(), stabilityCheck({ attempts: [attempt(1, true, 40), attempt(2, false, 9, 'tls', 'reset')] })),
    ];
    for (const checks of scenarios) {
      const findings = runRules(ruleInput(checks));
      for (const v of stepVerdicts(CHECK_STEPS, checks, findings)) {
        const standing = findings.filter((f) => f.severity !== 'info' && (f.step === v.step || (v.causeIds ?? []).includes(f.id)));
        if (standing.length > 0) expect(v.verdict, `${v.step}: ${standing.map((f) => f.id).join(', ')}`).not.toBe('pass');
      }
    }
  });

  it('never passes over a failed check that no rule explained', () => {
    const failed = { ...check('udp', 'stability', 'fail', {}), summary: 'UDP 3389: ICMP port unreachable.' };
    const [v] = stepVerdicts(['stability'], [failed, stabilityCheck()], []);
    expect(v).toMatchObject({ verdict: 'fail', headline: 'UDP 3389: ICMP port unreachable.' });
  });

  it('mentions checks that could not run beside ones that passed', () => {
    const skipped: CheckResult = { ...check('win-client-firewall', 'reachability', 'skipped', {}), reason: 'Not elevated: run as administrator.' };
    const [v] = stepVerdicts(['reachability'], [tcpCheck(), skipped], []);
    expect(v!.verdict).toBe('pass');
    expect(v!.headline).toContain('(1 of 2 checks could not run.)');
  });

  it('does not count checks that do not apply on this system as "could not run"', () => {
    const notHere = (id: string): CheckResult => ({ ...check(id, 'reachability', 'skipped', {}), reason: NOT_WINDOWS_REASON, summary: NOT_WINDOWS_REASON });
    const elevated: CheckResult = { ...check('win-vpn', 'reachability', 'skipped', {}), reason: 'Not elevated.' };
    const [alone] = stepVerdicts(['reachability'], [tcpCheck(), notHere('win-client-firewall'), notHere('win-security-suites')], []);
    expect(alone!.verdict).toBe('pass');
    expect(alone!.headline).not.toContain('could not run');
    const [mixed] = stepVerdicts(['reachability'], [tcpCheck(), notHere('win-client-firewall'), elevated], []);
    expect(mixed!.headline).toContain('(1 of 2 checks could not run.)');
  });

  it('says where a finding was seen without reading as a name in it', () => {
    const mismatch = { ...finding('cert-name-mismatch', 'warning'), step: 'certificate' as const, title: 'The certificate is made out to a different name', address: '127.0.0.1' };
    const [v] = stepVerdicts(['certificate'], [], [mismatch]);
    expect(v!.headline).toBe('The certificate is made out to a different name (server at 127.0.0.1).');
  });

  it('marks a step with no check at all for this target as nothing to check, exact for an IP target', () => {
    const ipv4 = { host: IP, kind: 'ipv4' as const };
    const [v4] = stepVerdicts(['addressing'], [], [], ipv4);
    expect(v4).toEqual({ step: 'addressing', verdict: 'not-checked', nothingToCheck: true, headline: `Nothing to compare: ${IP} is already an IP address.`, findingIds: [] });
    expect(stepVerdictSchema.safeParse(v4).success).toBe(true);
    const [v6] = stepVerdicts(['addressing'], [], [], { host: IP6, kind: 'ipv6' });
    expect(v6!.headline).toBe(`Nothing to compare: ${IP6} is already an IP address.`);
    // Without the target, or for a name, or another step: the general sentence, still nothing to check.
    const general = 'Nothing to check here for this target (an IP address, for example, has no other addresses to compare).';
    for (const [step, target] of [['addressing', undefined], ['addressing', { host: 'rdp.example.test', kind: 'dns' as const }], ['stability', ipv4]] as const) {
      const [v] = stepVerdicts([step], [], [], target);
      expect(v, step).toMatchObject({ verdict: 'not-checked', nothingToCheck: true, headline: general });
    }
  });

  it('never marks nothing to check when a check of the step was there, run or not', () => {
    const skipped: CheckResult = { ...check('addressing', 'addressing', 'skipped', {}), reason: 'No address was found.' };
    const ipv4 = { host: IP, kind: 'ipv4' as const };
    for (const checks of [[skipped], healthyChecks()]) {
      const [v] = stepVerdicts(['addressing'], checks, runRules(ruleInput(checks)), ipv4);
      expect(v!.nothingToCheck).toBeUndefined();
    }
    // The contract: the flag belongs to a "not-checked" verdict only.
    expect(stepVerdictSchema.safeParse({ step: 'addressing', verdict: 'pass', headline: 'x', findingIds: [], nothingToCheck: true }).success).toBe(false);
  });

  it('keeps wizard order and only the requested steps', () => {
    expect(stepVerdicts(['stability', 'reachability'], [], []).map((v) => v.step)).toEqual(['reachability', 'stability']);
  });
});

describe('overallVerdict', () => {
  it('healthy for a healthy server (info findings do not count)', () => {
    expect(overallVerdict(diagnosisOf(healthyChecks()))).toBe('healthy');
  });

  it('problems on an error, risks on warnings only', () => {
    expect(overallVerdict(diagnosisOf(replace(healthyChecks(), tcpCheck({ outcome: 'refused' }))))).toBe('problems');
    expect(overallVerdict(diagnosisOf(replace(healthyChecks(), credsspCheck({ clockSkewSeconds: 900 }))))).toBe('risks');
    expect(overallVerdict(diagnosisOf(replace(healthyChecks(), tlsCheck({ certificate: certificate({ validTo: '2024-11-20T00:00:00Z' }) }))))).toBe('risks');
  });

  it('incomplete when cancelled, when a check errored, when nothing ran, or when the user skipped a step in which nothing ran', () => {
    expect(overallVerdict(diagnosisOf(healthyChecks(), { cancelled: true }))).toBe('incomplete');
    const errored = replace(healthyChecks(), { ...stabilityCheck(), status: 'error', reason: 'socket: EMFILE' });
    expect(overallVerdict(diagnosisOf(errored))).toBe('incomplete');
    expect(overallVerdict(diagnosisOf([]))).toBe('incomplete');
    expect(overallVerdict({ ...diagnosisOf(healthyChecks()), verdicts: [] })).toBe('incomplete');
    const withoutStability = healthyChecks().filter((c) => c.step !== 'stability');
    expect(overallVerdict(diagnosisOf(withoutStability, { skips: [{ step: 'stability', reason: 'No time for this today.' }] }))).toBe('incomplete');
    // Skipped after its checks ran: what ran still counts.
    expect(overallVerdict(diagnosisOf(healthyChecks(), { skips: [{ step: 'stability', reason: 'Seen enough.' }] }))).toBe('healthy');
  });

  it('a step with nothing to check for this target (no checks at all, not skipped by the user) keeps a diagnosis healthy', () => {
    const ipTarget = healthyChecks().filter((c) => c.step !== 'addressing');
    const d = diagnosisOf(ipTarget);
    expect(d.verdicts.find((v) => v.step === 'addressing')?.verdict).toBe('not-checked');
    expect(overallVerdict(d)).toBe('healthy');
  });

  it('a step skipped as not applicable (IP target, nothing to compare) keeps a diagnosis healthy', () => {
    const checks = replace(healthyChecks(), { ...check('addressing', 'addressing', 'skipped', {}), reason: 'The target is an IP address: nothing to compare.' });
    expect(overallVerdict(diagnosisOf(checks))).toBe('healthy');
  });

  it('problems when a step failed on a check no rule explained', () => {
    const d = diagnosisOf(healthyChecks());
    expect(overallVerdict({ ...d, verdicts: d.verdicts.map((v) => (v.step === 'stability' ? { ...v, verdict: 'fail' as const } : v)) })).toBe('problems');
  });

  it('intermittent failures make a diagnosis risky, a cut handshake makes it a problem', () => {
    const cut = replace(healthyChecks(), stabilityCheck({ attempts: [attempt(1, true, 40), attempt(2, false, 9, 'tls', 'reset')] }));
    expect(overallVerdict(diagnosisOf(cut))).toBe('problems');
    const flaky = replace(healthyChecks(), stabilityCheck({ attempts: [attempt(1, true, 40), attempt(2, false, 5000, 'tcp', 'timeout')] }));
    expect(overallVerdict(diagnosisOf(flaky))).toBe('risks');
  });
});

describe('leftToFix', () => {
  it('lists every error and warning finding, and a failed or warned step no finding explains', () => {
    const d = diagnosisOf(replace(healthyChecks(), tcpCheck({ outcome: 'refused' })));
    expect(leftToFix(d).map((i) => i.findingId)).toContain('port-closed');
    const unexplained = { ...d, findings: [], verdicts: d.verdicts.map((v) => (v.step === 'certificate' ? { ...v, verdict: 'warn' as const, findingIds: ['cert-self-signed'], headline: 'TLS 1.0 only.' } : v)) };
    expect(leftToFix({ ...unexplained, verdicts: unexplained.verdicts.filter((v) => v.step === 'certificate') })).toEqual([{ severity: 'warning', step: 'certificate', title: 'TLS 1.0 only.' }]);
  });

  it('is empty exactly when the overall verdict is neither problems nor risks (never "risks" beside "Nothing")', () => {
    const base = diagnosisOf(healthyChecks());
    const variants = [
      base,
      diagnosisOf(replace(healthyChecks(), credsspCheck({ clockSkewSeconds: 900 }))),
      { ...base, verdicts: base.verdicts.map((v) => (v.step === 'certificate' ? { ...v, verdict: 'warn' as const } : v)) },
      { ...base, verdicts: base.verdicts.map((v) => (v.step === 'stability' ? { ...v, verdict: 'fail' as const } : v)) },
      diagnosisOf(healthyChecks(), { cancelled: true }),
    ];
    for (const d of variants) {
      const overall = overallVerdict(d);
      expect(leftToFix(d).length > 0, overall).toBe(overall === 'problems' || overall === 'risks');
    }
  });
});

describe('rankFindings', () => {
  it('puts errors first, then warnings, then info, keeping the order within a severity', () => {
    const input = [finding('a', 'info'), finding('b', 'warning'), finding('c', 'error'), finding('d', 'warning'), finding('e', 'error'), finding('f', 'info')];
    expect(rankFindings(input).map((f) => f.id)).toEqual(['c', 'e', 'b', 'd', 'a', 'f']);
    expect(input.map((f) => f.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });
});
