import { describe, expect, it } from 'vitest';
import { NET_CHECK_IDS } from '../../shared/checks/net';
import { DEFAULT_RUN_OPTIONS, type CheckResult } from '../../shared/model';
import { CHECK_STEPS, type CheckStepId } from '../../shared/steps';
import { parseTarget, type Target } from '../../shared/target';
import { netChecks } from '../checks/net';
import { windowsChecks } from '../checks/windows';
import { dependencies, orderSteps, runEngine, type EngineRun } from './run';
import type { CheckDefinition } from './types';

function target(text = '127.0.0.1:3389'): Target {
  const parsed = parseTarget(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.target;
}

function engineRun(overrides: Partial<EngineRun> = {}): EngineRun {
  return { target: target(), steps: [...CHECK_STEPS], options: DEFAULT_RUN_OPTIONS, signal: new AbortController().signal, platform: 'linux', ...overrides };
}

function pass(id: string, step: CheckStepId): CheckResult {
  return { id, step, status: 'pass', durationMs: 1, summary: `${id} ok`, data: {} };
}

/** A promise with its resolve function, to decide by hand when a check finishes. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** A check that records when it starts and finishes, finishing when its gate opens. */
function gated(id: string, step: CheckStepId, log: string[], done: Promise<void>, after?: string[]): CheckDefinition {
  return {
    id,
    step,
    label: id,
    ...(after ? { after } : {}),
    plan: () => [
      {
        id,
        label: id,
        run: async () => {
          log.push(`start ${id}`);
          await done;
          log.push(`end ${id}`);
          return pass(id, step);
        },
      },
    ],
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('runEngine scheduling', () => {
  it('without `after`, a check waits for every check before it', async () => {
    const log: string[] = [];
    const a = gate();
    const b = gate();
    const running = runEngine([gated('a', 'reachability', log, a.promise), gated('b', 'certificate', log, b.promise)], engineRun());
    await tick();
    expect(log).toEqual(['start a']);
    a.open();
    await tick();
    expect(log).toEqual(['start a', 'end a', 'start b']);
    b.open();
    const outcome = await running;
    expect(outcome.checks.map((c) => c.id)).toEqual(['a', 'b']);
  });

  it('a check whose dependencies are done starts while an unrelated one is still running', async () => {
    const log: string[] = [];
    const slow = gate();
    const fast = gate();
    const running = runEngine(
      [gated('root', 'reachability', log, Promise.resolve(), []), gated('slow', 'certificate', log, slow.promise, ['root']), gated('fast', 'stability', log, fast.promise, ['root'])],
      engineRun(),
    );
    for (let i = 0; i < 5 && !log.includes('start fast'); i++) await tick();
    expect(log).toContain('start slow');
    expect(log).toContain('start fast');
    expect(log).not.toContain('end slow');
    fast.open();
    for (let i = 0; i < 5 && !log.includes('end fast'); i++) await tick();
    expect(log.indexOf('end fast')).toBeGreaterThan(-1);
    expect(log).not.toContain('end slow');
    slow.open();
    const outcome = await running;
    // Results in wizard order even though "fast" finished first.
    expect(outcome.checks.map((c) => c.id)).toEqual(['root', 'slow', 'fast']);
  });

  it('emits step events in wizard order, each after its own checks, whatever finished first', async () => {
    const log: string[] = [];
    const cert = gate();
    const events: string[] = [];
    const running = runEngine(
      [gated('r', 'reachability', log, Promise.resolve(), []), gated('c', 'certificate', log, cert.promise, ['r']), gated('s', 'stability', log, Promise.resolve(), ['r'])],
      engineRun({ steps: ['reachability', 'certificate', 'stability'], events: { stepFinished: (step, results) => events.push(`${step}:${results.map((r) => r.id).join(',')}`), checkFinished: (r) => events.push(`done ${r.id}`) } }),
    );
    for (let i = 0; i < 10 && !events.includes('done s'); i++) await tick();
    expect(events).toEqual(['done r', 'reachability:r', 'done s']);
    cert.open();
    await running;
    expect(events).toEqual(['done r', 'reachability:r', 'done s', 'done c', 'certificate:c', 'stability:s']);
  });

  it('ignores a dependency that is not part of the run, and runs only the requested steps', async () => {
    const log: string[] = [];
    const outcome = await runEngine(
      [gated('r', 'reachability', log, Promise.resolve(), []), gated('c', 'certificate', log, Promise.resolve(), ['r'])],
      engineRun({ steps: ['certificate'] }),
    );
    expect(outcome.checks.map((c) => c.id)).toEqual(['c']);
    expect(log).toEqual(['start c', 'end c']);
  });

  it('runs steps in wizard order whatever order they were asked in', () => {
    expect(orderSteps(['stability', 'reachability', 'certificate'])).toEqual(['reachability', 'certificate', 'stability']);
  });

  it('a plan that throws and a result that does not match the contract become error results', async () => {
    const outcome = await runEngine(
      [
        { id: 'boom', step: 'reachability', label: 'boom', after: [], plan: () => Promise.reject(new Error('no plan\nsecond line')) },
        { id: 'bad', step: 'certificate', label: 'bad', after: [], plan: () => [{ id: 'bad', label: 'bad', run: async () => ({ id: 'bad' }) as unknown as CheckResult }] },
      ],
      engineRun(),
    );
    expect(outcome.checks.map((c) => [c.id, c.status, c.reason])).toEqual([
      ['boom', 'error', 'no plan'],
      ['bad', 'error', expect.any(String)],
    ]);
  });

  it('cancellation: checks not yet started report nothing, units in flight report skipped', async () => {
    const controller = new AbortController();
    const log: string[] = [];
    const outcome = await runEngine(
      [
        {
          id: 'first',
          step: 'reachability',
          label: 'first',
          after: [],
          plan: () => [
            {
              id: 'first',
              label: 'first',
              run: async () => {
                controller.abort();
                throw new Error('aborted');
              },
            },
          ],
        },
        gated('second', 'certificate', log, Promise.resolve(), ['first']),
      ],
      engineRun({ signal: controller.signal }),
    );
    expect(outcome.cancelled).toBe(true);
    expect(outcome.checks.map((c) => [c.id, c.status])).toEqual([['first', 'skipped']]);
    expect(log).toEqual([]);
    expect(outcome.interruptedSteps).toEqual(['reachability', 'certificate']);
  });

  it('a step whose checks all finished before the cancel is not interrupted', async () => {
    const controller = new AbortController();
    const hold = gate();
    const log: string[] = [];
    const running = runEngine(
      [gated('done-first', 'reachability', log, Promise.resolve(), []), gated('slow', 'certificate', log, hold.promise, ['done-first']), gated('never', 'security', log, Promise.resolve(), ['slow'])],
      engineRun({ signal: controller.signal, steps: ['reachability', 'certificate', 'security'] }),
    );
    for (let i = 0; i < 10 && !log.includes('start slow'); i++) await tick();
    controller.abort();
    hold.open();
    const outcome = await running;
    expect(outcome.checks.map((c) => `${c.id}:${c.status}`)).toEqual(['done-first:pass', 'slow:pass']);
    expect(outcome.interruptedSteps).toEqual(['certificate', 'security']);
  });
});

describe('the real check list', () => {
  const all = [...netChecks, ...windowsChecks];
  const ordered = orderSteps([...CHECK_STEPS]).flatMap((step) => all.filter((d) => d.step === step));

  it('every `after` names a check that runs earlier (a later or unknown name would be silently ignored)', () => {
    ordered.forEach((definition, index) => {
      for (const name of definition.after ?? []) {
        const at = ordered.findIndex((d) => d.id === name);
        expect(at, `${definition.id} after ${name}`).toBeGreaterThanOrEqual(0);
        expect(at, `${definition.id} after ${name}`).toBeLessThan(index);
      }
    });
  });

  it('the certificate, security-layer and stability checks need only the listener, not one another', () => {
    const deps = dependencies(ordered);
    const idsBefore = (id: string): string[] => deps[ordered.findIndex((d) => d.id === id)]!.map((j) => ordered[j]!.id);
    expect(idsBefore(NET_CHECK_IDS.tls)).not.toContain(NET_CHECK_IDS.securityLayers);
    expect(idsBefore(NET_CHECK_IDS.stability)).not.toContain(NET_CHECK_IDS.tls);
    expect(idsBefore(NET_CHECK_IDS.stability)).not.toContain(NET_CHECK_IDS.securityLayers);
    expect(idsBefore(NET_CHECK_IDS.stability)).toContain(NET_CHECK_IDS.rdpListener);
    expect(idsBefore(NET_CHECK_IDS.addressing)).toEqual(expect.arrayContaining([NET_CHECK_IDS.tls, NET_CHECK_IDS.credssp]));
  });
});
