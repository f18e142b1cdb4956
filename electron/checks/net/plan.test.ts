import { describe, expect, it } from 'vitest';
import { oneHandshakeReason, planStability, slowServer, SLOW_ANSWER_MS, stabilityBudgetMs, stopReason } from './plan';

describe('connection plan from the first answer', () => {
  it('keeps every attempt asked for when the server answers quickly, or when its cost is unknown', () => {
    expect(planStability(5, 3)).toMatchObject({ requested: 5, planned: 5, budgetMs: 2000 });
    expect(planStability(5, null).planned).toBe(5);
    expect(planStability(50, 20)).toMatchObject({ planned: 50, budgetMs: 10_000 });
  });

  it('makes fewer attempts when each costs more, and at least one', () => {
    expect(planStability(5, 600).planned).toBe(3);
    expect(planStability(5, 1000).planned).toBe(2);
    // The slow-confirm server of the benchmark: 2.5 s to answer X.224.
    expect(planStability(5, 2500).planned).toBe(1);
    expect(planStability(50, 2500).planned).toBe(4);
    expect(planStability(5, 60_000).planned).toBe(1);
  });

  it('budgets at least 2 s and 200 ms per attempt asked for', () => {
    expect(stabilityBudgetMs(1)).toBe(2000);
    expect(stabilityBudgetMs(50)).toBe(10_000);
  });

  it('stops before an attempt that would not fit (a stalled handshake is not repeated until the attempts run out)', () => {
    const plan = planStability(5, 4);
    expect(stopReason(plan, 0, 0, 0)).toBeNull();
    expect(stopReason(plan, 2, 60, 30)).toBeNull();
    // The first attempt waited out a 5 s TLS timeout: no second one.
    expect(stopReason(plan, 1, 5010, 5010)).toMatch(/^Stopped after 1 of 5 attempts/);
    // --attempts 50 against the same stall: two attempts (10 s budget), not fifty.
    const fifty = planStability(50, 4);
    expect(stopReason(fifty, 1, 5000, 5000)).toBeNull();
    expect(stopReason(fifty, 2, 10_000, 5000)).toMatch(/^Stopped after 2 of 50/);
  });

  it('says why the plan made fewer attempts than asked', () => {
    const plan = planStability(5, 2500);
    expect(stopReason(plan, 1, 2600, 2600)).toMatch(/^1 of 5 attempts: the server took 2500 ms/);
    expect(stopReason(planStability(5, 3), 5, 20, 5)).toBeNull();
  });
});

describe('a slow server', () => {
  it('is one whose first answer took a second or more: its TLS versions come from one handshake, with the reason', () => {
    expect(SLOW_ANSWER_MS).toBe(1000);
    expect(slowServer(null)).toBe(false);
    expect(slowServer(999)).toBe(false);
    expect(slowServer(2500)).toBe(true);
    expect(oneHandshakeReason(20)).toBeNull();
    expect(oneHandshakeReason(2512.4)).toMatch(/took 2512 ms to answer the first request, so the TLS versions were learnt from one handshake/);
  });
});
