/**
 * What every report shows, computed once: the HTML and Markdown renderers only lay it out.
 */
import type { FixOutcome } from '../contract';
import type { CheckResult, Diagnosis, Finding, FixSuggestion, OverallVerdict, StepVerdict, Verdict } from '../model';
import { recognizeErrorText, type RecognizedError } from '../errorCodes';
import { overallVerdict, rankFindings } from '../rules/verdicts';
import { stepDefinition, type CheckStepId } from '../steps';
import { formatTarget } from '../target';
import { stabilityDataSchema } from '../checks/net';
import { stageRow, stagesFailedInWords, type StageRow } from '../catalog/stages';
import { count, humanDateTime } from '../words';

export const OVERALL_TEXT: Record<OverallVerdict, string> = {
  healthy: 'No problems found: the remote computer accepts Remote Desktop connections from here.',
  problems: 'Problems found: at least one thing stops Remote Desktop from connecting.',
  risks: 'Nothing is broken, but there are risks worth fixing.',
  incomplete: 'Incomplete: some checks could not run, so this is not the whole picture.',
};

export const VERDICT_LABEL: Record<Verdict, string> = {
  pass: 'Passed',
  warn: 'Risk',
  fail: 'Problem',
  'not-checked': 'Not checked',
  cancelled: 'Cancelled',
};

/**
 * What a step with no check at all for this target is called (the engine's nothingToCheck): not
 * "not checked", nothing was left out. The app uses the same words (renderer/lib/status.ts).
 */
export const NOTHING_TO_CHECK_LABEL = 'Nothing to check';

/** True when the engine found nothing to check in this step for this target (shared/rules/verdicts.ts). */
export function nothingToCheck(v: Pick<StepVerdict, 'verdict' | 'nothingToCheck'>): boolean {
  return v.verdict === 'not-checked' && v.nothingToCheck === true;
}

/** A step verdict's label in the reports. */
export function verdictLabel(v: Pick<StepVerdict, 'verdict' | 'nothingToCheck'>): string {
  return nothingToCheck(v) ? NOTHING_TO_CHECK_LABEL : VERDICT_LABEL[v.verdict];
}

export const SEVERITY_LABEL: Record<Finding['severity'], string> = { error: 'Problem', warning: 'Risk', info: 'Note' };

export const WHERE_LABEL: Record<FixSuggestion['where'], string> = {
  client: 'on this computer',
  server: 'on the remote computer',
  network: 'in the network',
};

export const INVASIVENESS_LABEL: Record<FixSuggestion['invasiveness'], string> = {
  none: 'changes nothing',
  low: 'small change',
  medium: 'moderate change',
  high: 'heavy change',
};

export const FIX_STATUS_LABEL: Record<FixOutcome['status'], string> = {
  applied: 'Applied',
  failed: 'Failed',
  cancelled: 'Cancelled',
  'not-applicable': 'Not applicable',
  undone: 'Undone',
};

/** One line on what the check after a fix found: passed, still failing, or could not be read. */
export function verificationText(o: FixOutcome): string {
  if (!o.verification) return 'not checked again';
  if (o.verification.notVerified) return `not verified: ${o.verification.notVerified}`;
  return o.verification.passed ? 'checked again: passed' : 'checked again: still failing';
}

export interface ReportView {
  target: string;
  input: string;
  createdAt: string;
  /** createdAt for people: "3 December 2026, 07:35 UTC". */
  checkedAt: string;
  overall: OverallVerdict;
  overallText: string;
  counts: { errors: number; warnings: number; info: number };
  /** "1 problem · no risks · 2 notes". */
  countsText: string;
  /** Each address's repeated connections as rows of stages, and what the stages they ended at mean. */
  connections: ConnectionRows[];
  errorText?: string;
  recognized: RecognizedError | null;
  steps: Array<{ step: CheckStepId; label: string; verdict: Verdict; verdictLabel: string; headline: string }>;
  /** Steps the user skipped, with the reason they gave (their own words). */
  skips: Array<{ step: CheckStepId; label: string; reason: string }>;
  findings: Finding[];
  fixed: FixOutcome[];
  checks: CheckResult[];
  meta: { id: string; appVersion: string; platform: string; durationMs: number; cancelled: boolean; redacted: boolean; redactionNote: string };
}

export interface ConnectionRows {
  address: string;
  rows: StageRow[];
  ended: ReturnType<typeof stagesFailedInWords>;
}

/** The stability check's attempts, per address, as rows of stages (shared/catalog/stages.ts). */
export function connectionRows(checks: readonly CheckResult[]): ConnectionRows[] {
  const out: ConnectionRows[] = [];
  for (const c of checks) {
    if (c.id !== 'stability') continue;
    const parsed = stabilityDataSchema.safeParse(c.data);
    if (!parsed.success || parsed.data.attempts.length === 0) continue;
    const rows = parsed.data.attempts.map(stageRow);
    out.push({ address: parsed.data.address, rows, ended: stagesFailedInWords(rows) });
  }
  return out;
}

/** How a report was redacted: whether, and the sentence saying what was replaced or removed (Redactor.summary). */
export interface RedactionOptions {
  redacted?: boolean;
  redaction?: string;
}

const DEFAULT_REDACTION_NOTE = 'Host names, addresses, machine, domain and user names were replaced by placeholders (host-1, ip-1, ...).';

export function reportView(d: Diagnosis, fixed: readonly FixOutcome[], options: RedactionOptions = {}): ReportView {
  const redacted = options.redacted === true;
  const redactionNote = redacted ? (options.redaction ?? DEFAULT_REDACTION_NOTE) : '';
  const findings = rankFindings(d.findings);
  const overall = overallVerdict(d);
  const counts = {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    info: findings.filter((f) => f.severity === 'info').length,
  };
  return {
    target: formatTarget(d.target),
    input: d.input,
    createdAt: d.createdAt,
    checkedAt: humanDateTime(d.createdAt),
    overall,
    overallText: d.cancelled ? `${OVERALL_TEXT[overall]} The run was cancelled.` : OVERALL_TEXT[overall],
    counts,
    countsText: [count(counts.errors, 'problem'), count(counts.warnings, 'risk'), count(counts.info, 'note')].join(' · '),
    connections: connectionRows(d.checks),
    ...(d.errorText ? { errorText: d.errorText } : {}),
    recognized: d.errorText ? recognizeErrorText(d.errorText) : null,
    steps: d.verdicts.map((v) => ({ step: v.step, label: stepDefinition(v.step).label, verdict: v.verdict, verdictLabel: verdictLabel(v), headline: v.headline })),
    skips: (d.skips ?? []).map((k) => ({ step: k.step, label: stepDefinition(k.step).label, reason: k.reason })),
    findings,
    fixed: [...fixed],
    checks: d.checks,
    meta: { id: d.id, appVersion: d.appVersion, platform: d.platform, durationMs: d.durationMs, cancelled: d.cancelled, redacted, redactionNote },
  };
}

export function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function recognizedLine(r: RecognizedError): string {
  const codes = [r.code, r.extended ? `extended ${r.extended.code}` : null].filter(Boolean).join(', ');
  const steps = r.likelySteps.length > 0 ? ` Most likely found in: ${r.likelySteps.map((s) => stepDefinition(s).label).join(', ')}.` : '';
  return `${codes ? `${codes}: ` : ''}${r.meaning}${steps}`;
}
