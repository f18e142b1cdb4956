/**
 * Turning a catalogue definition plus what a rule saw into a Finding: templates filled,
 * fixes built for the situation (repairs first, least invasive first among them), lengths kept within the model's limits.
 */
import type { Evidence, Finding, FixSuggestion, Severity } from '../model';
import type { CheckStepId } from '../steps';
import { formatTarget } from '../target';
import type { FixContext } from './fix';
import { orderFixes } from './fixOrder';

export type TemplateVars = Record<string, string | number | undefined>;

/** One catalogue entry: a stable id and everything a finding of that id says. */
export interface FindingDefinition {
  id: string;
  severity: Severity;
  step: CheckStepId;
  title: string;
  /** Plain words for a remote worker: what it means, one next action. Template with {name} fields. */
  plain: string;
  /** IT detail: codes, values, where to look. Template with {name} fields. */
  detail: string;
  /**
   * What a remote worker tells IT when the repair is not on their computer: one plain sentence,
   * lower-case start, no full stop ("the remote computer's certificate expired on {validToDate}").
   * Template with {name} fields. Absent: the title says it.
   */
  forIt?: string;
  /** The fixes for this situation, any order; null entries (not applicable) are dropped. */
  fixes(ctx: FixContext, vars: TemplateVars): ReadonlyArray<FixSuggestion | null>;
}

export function defineFindings<const T extends readonly FindingDefinition[]>(defs: T): Record<T[number]['id'], FindingDefinition> {
  return Object.fromEntries(defs.map((d) => [d.id, d])) as Record<T[number]['id'], FindingDefinition>;
}

/** `{name}` → vars.name; a missing value reads "unknown" rather than leaving a brace behind. */
/** A {name} placeholder in the catalogue's texts. */
export const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** Replaces each {name} by value(name), in one pass: a filled-in value is never read as a placeholder. */
export function fillPlaceholders(template: string, value: (name: string) => string): string {
  return template.replace(PLACEHOLDER, (_, name: string) => value(name));
}

export function fillTemplate(template: string, vars: TemplateVars): string {
  return fillPlaceholders(template, (name) => {
    const value = vars[name];
    return value === undefined || value === '' ? 'unknown' : String(value);
  });
}

export function clampText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function evidence(label: string, value: string, checkId?: string): Evidence {
  return { label: clampText(label, 200), value: clampText(value, 4000), ...(checkId ? { checkId } : {}) };
}

export interface FindingInput {
  ctx: FixContext;
  vars?: TemplateVars;
  evidence: Evidence[];
  address?: string;
}

export function buildFinding(def: FindingDefinition, input: FindingInput): Finding {
  const vars: TemplateVars = {
    host: input.ctx.target.host,
    port: input.ctx.target.port,
    target: formatTarget(input.ctx.target),
    address: input.address,
    ...input.vars,
  };
  return {
    id: def.id,
    severity: def.severity,
    step: def.step,
    title: clampText(def.title, 200),
    plain: clampText(fillTemplate(def.plain, vars), 2000),
    detail: clampText(fillTemplate(def.detail, vars), 4000),
    ...(def.forIt ? { forIt: clampText(fillTemplate(def.forIt, vars), 500) } : {}),
    evidence: input.evidence.slice(0, 50).map((e) => evidence(e.label, e.value, e.checkId)),
    fixes: orderFixes(def.fixes(input.ctx, vars)).slice(0, 20),
    ...(input.address ? { address: input.address.slice(0, 64) } : {}),
  };
}
