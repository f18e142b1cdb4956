/** Grouping and counting findings for the step views and the summary (ordering comes from shared/rules; what a step shows comes from store/wizard). */
import type { Finding, Severity } from '../../shared/model';

export function findingKey(finding: Pick<Finding, 'id' | 'address'>): string {
  return finding.address ? `${finding.id}@${finding.address}` : finding.id;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}
