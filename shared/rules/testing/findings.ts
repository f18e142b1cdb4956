/** What the rule tests share: run the rules on check results, and read their findings. */
import { expect } from 'vitest';
import type { CheckResult, Finding } from '../../model';
import { runRules } from '../index';
import { ruleInput } from './netFixtures';

export const run = (checks: CheckResult[], ...rest: Parameters<typeof ruleInput> extends [unknown, ...infer R] ? R : never): Finding[] => runRules(ruleInput(checks, ...rest));
export const ids = (findings: Finding[]): string[] => findings.map((f) => f.id);
export const one = (findings: Finding[], id: string): Finding => {
  const matches = findings.filter((f) => f.id === id);
  expect(matches, `expected exactly one ${id} in ${ids(findings).join(', ')}`).toHaveLength(1);
  return matches[0]!;
};
export const evidenceText = (f: Finding): string => f.evidence.map((e) => `${e.label}: ${e.value}`).join('\n');
