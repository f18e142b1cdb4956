/**
 * The summary's combined view: the latest run of each step, merged into one diagnosis-shaped
 * object. Findings of a step come from that step's own run (a run of another step may have seen
 * only part of the evidence); findings of steps never run on their own are kept, once each.
 */
import type { CheckResult, Diagnosis, Finding, StepVerdict } from '../../shared/model';
import { CHECK_STEPS, type CheckStepId } from '../../shared/steps';
import { rankFindings } from '../../shared/rules/verdicts';
import { findingKey } from '../lib/findings';

export interface CombinedDiagnosis {
  /** The stored diagnoses this view is made of, in wizard order. */
  parts: Diagnosis[];
  target: Diagnosis['target'];
  input: string;
  createdAt: string;
  errorText?: string;
  checks: CheckResult[];
  findings: Finding[];
  verdicts: StepVerdict[];
  durationMs: number;
  cancelled: boolean;
}

export function combineDiagnoses(byStep: Partial<Record<CheckStepId, Diagnosis | null | undefined>>): CombinedDiagnosis | null {
  const parts: Diagnosis[] = [];
  const ownSteps = new Set<CheckStepId>();
  for (const step of CHECK_STEPS) {
    const d = byStep[step];
    if (d && !parts.includes(d)) parts.push(d);
    if (d) ownSteps.add(step);
  }
  const first = parts[0];
  if (!first) return null;

  const checks: CheckResult[] = [];
  const verdicts: StepVerdict[] = [];
  const findings = new Map<string, Finding>();
  for (const step of CHECK_STEPS) {
    const d = byStep[step];
    if (!d) continue;
    checks.push(...d.checks.filter((c) => c.step === step));
    const verdict = d.verdicts.find((v) => v.step === step);
    if (verdict) verdicts.push(verdict);
    for (const f of d.findings) if (f.step === step) findings.set(`${step}:${findingKey(f)}`, f);
  }
  // Findings about steps that were never run on their own (e.g. a reopened full diagnosis).
  for (const d of parts) {
    for (const f of d.findings) {
      if (ownSteps.has(f.step)) continue;
      const key = `${f.step}:${findingKey(f)}`;
      if (!findings.has(key)) findings.set(key, f);
    }
    for (const c of d.checks) if (!ownSteps.has(c.step)) checks.push(c);
  }

  const latest = parts.reduce((a, b) => (a.createdAt >= b.createdAt ? a : b));
  const errorText = parts.find((p) => p.errorText)?.errorText;
  return {
    parts,
    target: latest.target,
    input: latest.input,
    createdAt: latest.createdAt,
    ...(errorText ? { errorText } : {}),
    checks,
    findings: rankFindings([...findings.values()]),
    verdicts,
    durationMs: parts.reduce((sum, p) => sum + p.durationMs, 0),
    cancelled: parts.some((p) => p.cancelled),
  };
}

/** A stored diagnosis (reopened from history) as a combined view. */
export function viewOfDiagnosis(d: Diagnosis): CombinedDiagnosis {
  return {
    parts: [d],
    target: d.target,
    input: d.input,
    createdAt: d.createdAt,
    ...(d.errorText ? { errorText: d.errorText } : {}),
    checks: d.checks,
    findings: rankFindings(d.findings),
    verdicts: CHECK_STEPS.flatMap((s) => d.verdicts.filter((v) => v.step === s)),
    durationMs: d.durationMs,
    cancelled: d.cancelled,
  };
}
