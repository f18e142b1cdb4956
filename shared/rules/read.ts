/**
 * Reading check results for the rules: only checks that actually ran (not skipped, not errored),
 * and only data that matches the check's schema. Anything else yields no finding.
 */
import type { z } from 'zod';
import type { CheckResult, Evidence, Finding, Severity } from '../model';
import { buildFinding, NET_FINDINGS, type FixContext, type NetFindingId, type TemplateVars } from '../catalog';
import type { CheckStepId } from '../steps';
import type { RuleInput } from './types';

export interface Usable<T> {
  check: CheckResult;
  data: T;
}

/** The results of check `id` that ran, with their data parsed by `schema`. */
export function usable<T>(checks: readonly CheckResult[], id: string, schema: z.ZodType<T>): Usable<T>[] {
  const out: Usable<T>[] = [];
  for (const check of checks) {
    if (check.id !== id || check.status === 'skipped' || check.status === 'error') continue;
    const parsed = schema.safeParse(check.data);
    if (parsed.success) out.push({ check, data: parsed.data });
  }
  return out;
}

export function fixContext(input: RuleInput, extra: Partial<Pick<FixContext, 'workingAddress' | 'certificate' | 'pathMtu'>> = {}): FixContext {
  return {
    target: input.target,
    platform: input.context.platform,
    targetIsLocal: input.context.targetIsLocal,
    ...extra,
  };
}

export interface NetFindingInput {
  evidence: Evidence[];
  /** The step this instance belongs to, where it differs from the catalogue's (a reset seen while checking reachability). */
  step?: CheckStepId;
  /** The severity of this instance, where the situation decides it (old TLS: error where this client refuses it). */
  severity?: Severity;
  vars?: TemplateVars;
  address?: string;
  fix?: Partial<Pick<FixContext, 'workingAddress' | 'certificate' | 'pathMtu'>>;
}

export function netFinding(input: RuleInput, id: NetFindingId, args: NetFindingInput): Finding {
  const def = NET_FINDINGS[id];
  return buildFinding({ ...def, ...(args.step ? { step: args.step } : {}), ...(args.severity ? { severity: args.severity } : {}) }, {
    ctx: fixContext(input, args.fix),
    evidence: args.evidence,
    ...(args.vars ? { vars: args.vars } : {}),
    ...(args.address ? { address: args.address } : {}),
  });
}
