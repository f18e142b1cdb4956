/**
 * How many connections a run spends on one server, planned from what its first answer cost.
 * The listener check's answer (TCP connect + X.224 reply) is the price of every later connection to
 * that server: a server that takes 2.5 s to answer must not be asked five more times in a row, and a
 * handshake that stalls until the timeout is not worth repeating until the attempts run out.
 * Pure: the numbers are unit-tested here, the probes only follow them.
 */

/** The repeated handshakes spend at least this long before a slow server cuts their number down. */
export const STABILITY_BUDGET_MS = 2000;
/** ...and this much per attempt asked for (so --attempts 50 against a quick server still makes 50). */
export const STABILITY_MS_PER_ATTEMPT = 200;

export interface StabilityPlan {
  /** Attempts asked for (--attempts). */
  requested: number;
  /** Attempts the plan allows, from the first answer's cost. */
  planned: number;
  /** What the server's first answer cost (TCP connect + X.224 reply), when the listener check measured it. */
  answerMs: number | null;
  /** The time the attempts may take together; no attempt starts that would not fit in what is left. */
  budgetMs: number;
}

export function stabilityBudgetMs(requested: number): number {
  return Math.max(STABILITY_BUDGET_MS, requested * STABILITY_MS_PER_ATTEMPT);
}

/** Fewer attempts when each costs more: as many as the first answer's cost fits in the budget (at least one). */
export function planStability(requested: number, answerMs: number | null): StabilityPlan {
  const budgetMs = stabilityBudgetMs(requested);
  const planned = answerMs === null || !(answerMs > 0) ? requested : Math.max(1, Math.min(requested, Math.floor(budgetMs / answerMs)));
  return { requested, planned, answerMs, budgetMs };
}

/**
 * Before the next attempt: go on while one more attempt as slow as the slowest so far still fits in
 * what is left of the budget. Returns why not, in words, or null to go on.
 */
export function stopReason(plan: StabilityPlan, made: number, elapsedMs: number, slowestMs: number): string | null {
  if (made >= plan.planned) {
    if (plan.planned < plan.requested && plan.answerMs !== null) {
      return `${plan.planned} of ${plan.requested} attempts: the server took ${Math.round(plan.answerMs)} ms to answer the first request, and ${plan.requested} such attempts would take ${Math.round((plan.requested * plan.answerMs) / 1000)} s.`;
    }
    return null;
  }
  if (made > 0 && elapsedMs + slowestMs > plan.budgetMs) {
    return `Stopped after ${made} of ${plan.requested} attempts: they took ${Math.round(elapsedMs)} ms (the slowest ${Math.round(slowestMs)} ms), and another would pass the ${Math.round(plan.budgetMs / 100) / 10} s set aside for them.`;
  }
  return null;
}

/**
 * A server whose first answer took at least this long is slow: the connection plan spends fewer
 * connections on it (TLS versions from one handshake, the listener's answer reused by the security
 * layers, fewer stability attempts).
 */
export const SLOW_ANSWER_MS = 1000;

export function slowServer(answerMs: number | null | undefined): answerMs is number {
  return typeof answerMs === 'number' && answerMs >= SLOW_ANSWER_MS;
}

/** Why the TLS versions came from one handshake, in words (null: one connection per version as usual). */
export function oneHandshakeReason(answerMs: number | null | undefined): string | null {
  if (!slowServer(answerMs)) return null;
  return `The server took ${Math.round(answerMs)} ms to answer the first request, so the TLS versions were learnt from one handshake offering them all (the best one it accepts), not one connection each.`;
}
