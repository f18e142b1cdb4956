/**
 * The diagnosis rules: check results → findings → verdicts. `runRules` applies the network rules
 * of this folder and the Windows rules of ./windows, merges duplicates and ranks the result.
 */
import type { Evidence, Finding } from '../model';
import { CHECK_STEPS } from '../steps';
import { addressFailsRule, namePointsElsewhereRule } from './addressing';
import { certificateRule, clockSkewRule, tlsHandshakeRule } from './certificate';
import { dnsRule, listenerRule, tcpRule } from './reachability';
import { securityLayersRule, tlsVersionsRule } from './security';
import { tlsInspectionRule } from './inspection';
import { cutAfterTlsRule } from './postTls';
import { pathMtuRule } from './pathMtu';
import { stabilityRule } from './stability';
import type { Rule, RuleInput } from './types';
import { rankFindings } from './verdicts';
import { windowsRules } from './windows';

export type { Rule, RuleContext, RuleInput } from './types';
export { overallVerdict, rankFindings, stepVerdicts } from './verdicts';

export const netRules: readonly Rule[] = [
  dnsRule,
  tcpRule,
  listenerRule,
  tlsHandshakeRule,
  certificateRule,
  tlsInspectionRule,
  clockSkewRule,
  securityLayersRule,
  tlsVersionsRule,
  addressFailsRule,
  namePointsElsewhereRule,
  stabilityRule,
  cutAfterTlsRule,
  pathMtuRule,
];

const MAX_EVIDENCE = 50;
const evidenceKey = (e: Evidence): string => `${e.label}\u0000${e.value}\u0000${e.checkId ?? ''}`;

/**
 * One finding per (id, address): the same fact seen by several checks (for example failure code 3
 * from the listener probe, the security-layer probe and the TLS probe) becomes one finding whose
 * evidence lists every observation (per check) once.
 */
export function mergeFindings(findings: readonly Finding[]): Finding[] {
  const merged = new Map<string, Finding>();
  for (const finding of findings) {
    const key = `${finding.id}\u0000${finding.address ?? ''}`;
    const existing = merged.get(key);
    if (!existing) {
      merged.set(key, finding);
      continue;
    }
    const seen = new Set(existing.evidence.map(evidenceKey));
    const extra = finding.evidence.filter((e) => !seen.has(evidenceKey(e)));
    if (extra.length > 0) merged.set(key, { ...existing, evidence: [...existing.evidence, ...extra].slice(0, MAX_EVIDENCE) });
  }
  return [...merged.values()];
}

/** Every rule over one run's checks: merged, grouped in wizard order, errors first. */
export function runRules(input: RuleInput): Finding[] {
  const findings = [...netRules, ...windowsRules].flatMap((rule) => rule(input));
  const byStep = mergeFindings(findings)
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => CHECK_STEPS.indexOf(a.finding.step) - CHECK_STEPS.indexOf(b.finding.step) || a.index - b.index)
    .map(({ finding }) => finding);
  return rankFindings(byStep);
}
