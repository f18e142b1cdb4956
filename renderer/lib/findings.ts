/** Grouping and counting findings for the step views and the summary (ordering comes from shared/rules). */
import type { Finding, Severity, Verdict } from '../../shared/model';
import { rankFindings } from '../../shared/rules/verdicts';
import type { CheckStepId } from '../../shared/steps';

export function findingKey(finding: Pick<Finding, 'id' | 'address'>): string {
  return finding.address ? `${finding.id}@${finding.address}` : finding.id;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** A step the user may leave with Next: it ran and found no cause of failure (risks are allowed). */
export function verdictPasses(verdict: Verdict | undefined): boolean {
  return verdict === 'pass' || verdict === 'warn';
}

/** The findings about one step, most severe first. */
export function findingsOfStep(findings: readonly Finding[], step: CheckStepId): Finding[] {
  return rankFindings(findings.filter((f) => f.step === step));
}
