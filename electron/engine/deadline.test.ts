import { afterAll, describe, expect, it } from 'vitest';
import { startFault, stopAll } from '../../e2e/servers';
import { DEFAULT_RUN_OPTIONS } from '../../shared/model';
import { CHECK_STEPS } from '../../shared/steps';
import { parseTarget } from '../../shared/target';
import { netChecks } from '../checks/net';
import { DeadlineReached, deadlineHelp, runDeadlineMs, stoppedText, withDeadline } from './deadline';
import { runEngine } from './run';

describe('run deadline', () => {
  afterAll(() => stopAll());

  it('is six timeouts plus the time set aside for the repeated handshakes', () => {
    expect(runDeadlineMs({ timeoutMs: 5000, attempts: 5 }, CHECK_STEPS)).toBe(32_000);
    expect(runDeadlineMs({ timeoutMs: 5000, attempts: 50 }, CHECK_STEPS)).toBe(40_000);
    expect(runDeadlineMs({ timeoutMs: 2000, attempts: 5 }, ['reachability', 'certificate'])).toBe(12_000);
    expect(deadlineHelp({ timeoutMs: 5000, attempts: 5 }, CHECK_STEPS)).toContain('32 s with the defaults');
  });

  it('aborts with DeadlineReached when the time is up, and with the outer reason on a cancel', async () => {
    const outer = new AbortController();
    const timed = withDeadline(outer.signal, 20);
    await new Promise<void>((resolve) => timed.signal.addEventListener('abort', () => resolve(), { once: true }));
    expect(timed.reached()).toBe(true);
    expect(timed.signal.reason).toBeInstanceOf(DeadlineReached);
    expect(stoppedText(timed.signal)).toMatch(/time limit \(0 s\)/);
    timed.dispose();
    const cancelled = withDeadline(outer.signal, 60_000);
    outer.abort();
    expect(cancelled.signal.aborted).toBe(true);
    expect(cancelled.reached()).toBe(false);
    expect(stoppedText(cancelled.signal)).toBe('Cancelled before this check finished.');
    cancelled.dispose();
  });

  it('stops a run against a server that never answers, and says why, instead of waiting out a 60 s timeout', async () => {
    const silent = await startFault('accept-then-silence', { maxConnectionMs: 120_000 });
    const parsed = parseTarget(`127.0.0.1:${silent.port}`);
    if (!parsed.ok) throw new Error(parsed.reason);
    const outcome = await runEngine(netChecks, {
      target: parsed.target,
      steps: ['reachability'],
      options: { ...DEFAULT_RUN_OPTIONS, timeoutMs: 60_000, udp: false },
      signal: new AbortController().signal,
      platform: 'linux',
      deadlineMs: 300,
    });
    expect(outcome.deadlineReached).toBe(true);
    expect(outcome.cancelled).toBe(false);
    expect(outcome.interruptedSteps).toEqual(['reachability']);
    const listener = outcome.checks.find((c) => c.id === 'rdp-listener');
    expect(listener).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/time limit/) });
  });
});
