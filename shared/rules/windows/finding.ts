/**
 * How a Windows rule is written: it judges each result of one Windows check that ran (skipped and
 * errored checks show nothing: the step verdict says "not checked"), and builds each finding from a
 * definition that says what it means, with the fixes the rule chose for what it saw. A fix is
 * `automatic` only on Windows, and a server fix only when the target is this computer.
 */
import type { z } from 'zod';
import type { WindowsCheckId } from '../../checks/windows/ids';
import { buildFinding, evidence, type FindingDefinition, type FixContext, type TemplateVars } from '../../catalog';
import type { CheckResult, Evidence, Finding, FixSuggestion, Severity } from '../../model';
import type { CheckStepId } from '../../steps';
import { fixContext, usable } from '../read';
import type { Rule, RuleInput } from '../types';
import { windowsFindingText, type WindowsFindingTextId } from './findingTexts';

/** What a Windows finding says; its fixes depend on what the rule saw, so the rule gives them. */
export type WindowsFindingDefinition = Omit<FindingDefinition, 'fixes'>;

/** A Windows finding: what decides it here, its words from findingTexts.json. */
export function windowsFindingDefinition(id: WindowsFindingTextId, severity: Severity, step: CheckStepId): WindowsFindingDefinition {
  return { id, severity, step, ...windowsFindingText(id) };
}

export interface WindowsFindingInput {
  evidence: Evidence[];
  fixes: ReadonlyArray<FixSuggestion | null>;
  vars?: TemplateVars;
  /** Where the situation decides it (a VPN is a warning when the network checks saw trouble). */
  severity?: Severity;
  /** Default: this run's fix context. */
  ctx?: FixContext;
}

export function windowsFinding(input: RuleInput, def: WindowsFindingDefinition, args: WindowsFindingInput): Finding {
  const ctx = args.ctx ?? fixContext(input);
  return buildFinding({ ...def, severity: args.severity ?? def.severity, fixes: () => args.fixes }, { ctx, evidence: args.evidence, ...(args.vars ? { vars: args.vars } : {}) });
}

/** One result of a Windows check that ran, with what a rule needs to judge it. */
export interface Judged<T> {
  check: CheckResult;
  data: T;
  input: RuleInput;
  /** This run's fix context. */
  ctx: FixContext;
  /** Evidence from this check. */
  ev: (label: string, value: string) => Evidence;
  /** A finding of this run (with this run's fix context unless the rule gives its own). */
  found: (def: WindowsFindingDefinition, args: WindowsFindingInput) => Finding;
}

/** What one result of a check shows: nothing, one finding, or several. */
export type Judge<T> = (result: Judged<T>) => Finding | readonly Finding[] | null;

/** A rule that judges each result of Windows check `id` that ran, with its data parsed by `schema`. */
export function eachResult<T>(id: WindowsCheckId, schema: z.ZodType<T>, judge: Judge<T>): Rule {
  return (input) =>
    usable(input.checks, id, schema).flatMap(({ check, data }) => {
      const ctx = fixContext(input);
      const ev = (label: string, value: string) => evidence(label, value, check.id);
      const found = (def: WindowsFindingDefinition, args: WindowsFindingInput) => windowsFinding(input, def, { ctx, ...args });
      return judge({ check, data, input, ctx, ev, found }) ?? [];
    });
}
