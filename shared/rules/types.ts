/**
 * What a rule is: a pure function from the check results of one run to findings.
 * Network rules live in this folder; the Windows rules in ./windows/ (its index exports `windowsRules`).
 */
import type { CheckResult, Finding } from '../model';
import type { Target } from '../target';

export interface RuleContext {
  /** process.platform of the machine running the checks (win32, darwin, linux ...). */
  platform: string;
  /** The target is this machine: server-side fixes can be applied here. */
  targetIsLocal: boolean;
  /** The time the rules run; certificate dates use the check's own time when it recorded one. */
  now: Date;
}

export interface RuleInput {
  target: Target;
  checks: readonly CheckResult[];
  context: RuleContext;
}

export type Rule = (input: RuleInput) => Finding[];
