/**
 * From findings and check statuses to a verdict per step, one overall verdict, and the order in
 * which findings are shown.
 */
import type { CheckResult, Diagnosis, Finding, OverallVerdict, Severity, StepVerdict } from '../model';
import { CHECK_STEPS, stepDefinition, type CheckStepId } from '../steps';
import { clampText } from '../catalog';
import { NET_CHECK_IDS } from '../checks/net';
import { NOT_WINDOWS_REASON } from '../checks/windows/ids';
import type { Target } from '../target';

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then info; findings of equal severity keep their order. */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] || a.index - b.index)
    .map(({ finding }) => finding);
}

const PASS_HEADLINES: Record<CheckStepId, string> = {
  reachability: 'The Remote Desktop port answers, and Remote Desktop is what answers.',
  certificate: 'The connection can be secured: the certificate is usable.',
  security: 'This computer and the server agree on how to secure the session.',
  addressing: 'Every address of this name behaves the same.',
  stability: 'The connection held up on every try, in good time.',
};

const ran = (c: CheckResult): boolean => c.status !== 'skipped' && c.status !== 'error';

/**
 * The check each step's pass headline speaks for. When it did not run, the step is "not checked"
 * whatever else passed there (UDP, the Windows settings): "the connection held up on every try"
 * needs the tries.
 */
const PRIMARY_CHECK: Record<CheckStepId, string> = {
  reachability: NET_CHECK_IDS.tcp,
  certificate: NET_CHECK_IDS.tls,
  security: NET_CHECK_IDS.securityLayers,
  addressing: NET_CHECK_IDS.addressing,
  stability: NET_CHECK_IDS.stability,
};

function problemsHeadline(list: Finding[], kind: string): string {
  const first = list[0]!;
  const more = list.length - 1;
  // "(server at 127.0.0.1)": the address is where it was seen, never a name the finding is about.
  return `${first.title}${first.address ? ` (server at ${first.address})` : ''}${more > 0 ? `, and ${more} more ${more === 1 ? kind : `${kind}s`}` : ''}.`;
}

/** The finding of another step that explains a check of `step` (the same address), if one does. */
function causeOf(check: CheckResult, step: CheckStepId, findings: readonly Finding[]): Finding | undefined {
  return rankFindings(findings).find(
    (f) => f.step !== step && f.severity !== 'info' && (check.address === undefined || f.address === undefined || f.address === check.address),
  );
}

const seeStep = (cause: Finding): string => `${cause.title} (see ${stepDefinition(cause.step).label})`;

/**
 * What a step's pass needs from another step: "agree on how to secure the session" needs the TLS
 * handshake to start. While one of these findings stands the step cannot pass, whatever its own
 * checks saw (the security layers were negotiated, then the TLS handshake broke off).
 */
export const STEP_NEEDS: Partial<Record<CheckStepId, { findings: readonly string[]; headline: string }>> = {
  security: {
    findings: ['tls-handshake-failed', 'tls-cert-not-on-server'],
    headline: 'The session cannot be secured',
  },
};

/** "Not checked", with the first reason one of these checks gives. */
function notCheckedWhy(list: readonly CheckResult[]): string {
  return `Not checked: ${list.find((c) => c.reason)?.reason ?? list[0]!.summary}`;
}

/**
 * The headline of a step with no check at all for this target: exact for "IP instead of host name"
 * when the target is an IP address (the target is known), else the general sentence.
 */
function nothingToCheckHeadline(step: CheckStepId, target: Pick<Target, 'host' | 'kind'> | undefined): string {
  if (step === 'addressing' && target && target.kind !== 'dns') return `Nothing to compare: ${target.host} is already an IP address.`;
  return 'Nothing to check here for this target (an IP address, for example, has no other addresses to compare).';
}

function stepVerdict(step: CheckStepId, checks: readonly CheckResult[], findings: readonly Finding[], target: Pick<Target, 'host' | 'kind'> | undefined): StepVerdict {
  const stepChecks = checks.filter((c) => c.step === step);
  const stepFindings = rankFindings(findings.filter((f) => f.step === step));
  const findingIds = [...new Set(stepFindings.map((f) => f.id))];
  const verdict = (v: StepVerdict['verdict'], headline: string, cause?: Finding): StepVerdict => ({
    step,
    verdict: v,
    headline: clampText(headline, 300),
    findingIds,
    ...(cause ? { causeIds: [cause.id] } : {}),
  });

  const errors = stepFindings.filter((f) => f.severity === 'error');
  if (errors.length > 0) return verdict('fail', problemsHeadline(errors, 'problem'));
  const warnings = stepFindings.filter((f) => f.severity === 'warning');
  if (warnings.length > 0) return verdict('warn', problemsHeadline(warnings, 'risk'));

  const done = stepChecks.filter(ran);
  if (done.length === 0) {
    // Nothing was left unchecked: the one place that says so (every screen and report reads the flag).
    if (stepChecks.length === 0) return { ...verdict('not-checked', nothingToCheckHeadline(step, target)), nothingToCheck: true };
    return verdict('not-checked', notCheckedWhy(stepChecks));
  }
  // A check that saw a problem no rule named here still decides the verdict: never a pass over a
  // failed check. When a finding of another step explains it (the same address), say where.
  const failed = done.find((c) => c.status === 'fail');
  if (failed) {
    const cause = causeOf(failed, step, findings);
    return verdict('fail', cause ? `${failed.summary} Cause: ${seeStep(cause)}.` : failed.summary, cause);
  }
  const warned = done.find((c) => c.status === 'warn');
  if (warned) {
    const cause = causeOf(warned, step, findings);
    return verdict('warn', cause ? `${warned.summary} Cause: ${seeStep(cause)}.` : warned.summary, cause);
  }
  // A finding of another step this step's pass depends on (TLS that never starts): never a pass.
  const needs = STEP_NEEDS[step];
  const blocker = needs ? rankFindings(findings).find((f) => f.step !== step && f.severity === 'error' && needs.findings.includes(f.id)) : undefined;
  if (needs && blocker) return verdict('fail', `${needs.headline}: ${seeStep(blocker)}.`, blocker);
  const primary = stepChecks.filter((c) => c.id === PRIMARY_CHECK[step]);
  if (primary.length > 0 && !primary.some(ran)) return verdict('not-checked', notCheckedWhy(primary));

  // "Could not run" is for checks that should have run: not the Windows checks off Windows.
  const applicable = stepChecks.filter((c) => c.reason !== NOT_WINDOWS_REASON);
  const notRun = applicable.length - done.length;
  const info = stepFindings[0];
  return verdict(
    'pass',
    `${PASS_HEADLINES[step]}${info ? ` Note: ${info.title}.` : ''}${notRun > 0 ? ` (${notRun} of ${applicable.length} checks could not run.)` : ''}`,
  );
}

/** One verdict per requested step, in wizard order. `target`, when known, makes "nothing to check" exact. */
export function stepVerdicts(
  steps: readonly CheckStepId[],
  checks: readonly CheckResult[],
  findings: readonly Finding[],
  target?: Pick<Target, 'host' | 'kind'>,
): StepVerdict[] {
  return CHECK_STEPS.filter((s) => steps.includes(s)).map((step) => stepVerdict(step, checks, findings, target));
}

export interface LeftItem {
  severity: 'error' | 'warning';
  step: CheckStepId;
  title: string;
  /** The finding it is; absent for a step whose verdict no finding explains. */
  findingId?: string;
  address?: string;
}

/**
 * What is left to fix: every error and warning finding, and every failed or warned step that no
 * finding explains (a check saw a problem no rule named). Empty exactly when the overall verdict is
 * neither "problems" nor "risks": a summary never says "risks worth fixing" beside "Nothing".
 */
export function leftToFix(diagnosis: Pick<Diagnosis, 'findings' | 'verdicts'>): LeftItem[] {
  const items: LeftItem[] = rankFindings(diagnosis.findings)
    .filter((f) => f.severity !== 'info')
    .map((f) => ({ severity: f.severity === 'error' ? 'error' : 'warning', step: f.step, title: f.title, findingId: f.id, ...(f.address ? { address: f.address } : {}) }));
  const explained = new Set(items.map((i) => i.findingId));
  for (const v of diagnosis.verdicts) {
    if (v.verdict !== 'fail' && v.verdict !== 'warn') continue;
    if ([...v.findingIds, ...(v.causeIds ?? [])].some((id) => explained.has(id))) continue;
    items.push({ severity: v.verdict === 'fail' ? 'error' : 'warning', step: v.step, title: v.headline });
  }
  return items;
}

/**
 * problems: something is broken (an error finding or a failed step); risks: warnings only;
 * incomplete: cancelled, a check failed to run, nothing was checked, or the user skipped a step
 * in which no check ran; healthy otherwise.
 * A step with nothing to check for this target (an IP target has no other addresses to compare in
 * "IP instead of host name"; the Windows checks off Windows) does not make a diagnosis incomplete.
 */
export function overallVerdict(diagnosis: Pick<Diagnosis, 'findings' | 'verdicts' | 'checks' | 'cancelled' | 'skips'>): OverallVerdict {
  const { findings, verdicts, checks } = diagnosis;
  if (findings.some((f) => f.severity === 'error') || verdicts.some((v) => v.verdict === 'fail')) return 'problems';
  if (findings.some((f) => f.severity === 'warning') || verdicts.some((v) => v.verdict === 'warn')) return 'risks';
  if (diagnosis.cancelled || checks.some((c) => c.status === 'error') || verdicts.some((v) => v.verdict === 'cancelled')) return 'incomplete';
  if (verdicts.length === 0 || !checks.some(ran)) return 'incomplete';
  const skippedByUser = new Set((diagnosis.skips ?? []).map((s) => s.step));
  if (verdicts.some((v) => skippedByUser.has(v.step) && !checks.some((c) => c.step === v.step && ran(c)))) return 'incomplete';
  return 'healthy';
}
