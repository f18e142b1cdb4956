import { describe, expect, it } from 'vitest';
import { CONNECTIONS_PER_DESTINATION, ConnectionSlots, currentConnectionSlots, withConnectionSlots } from './connectionSlots';

const tick = (ms = 10): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('ConnectionSlots', () => {
  it(`grants ${CONNECTIONS_PER_DESTINATION} per destination at once, the next one when one is released, in order`, async () => {
    const slots = new ConnectionSlots();
    const first = await Promise.all([slots.acquire('192.0.2.1', 3389, 5000), slots.acquire('192.0.2.1', 3389, 5000)]);
    const order: number[] = [];
    const third = slots.acquire('192.0.2.1', 3389, 5000).then((r) => (order.push(3), r));
    const fourth = slots.acquire('192.0.2.1', 3389, 5000).then((r) => (order.push(4), r));
    // Another destination (other port, other address) is not held up.
    expect(await slots.acquire('192.0.2.1', 3390, 5000)).not.toBeNull();
    expect(await slots.acquire('192.0.2.2', 3389, 5000)).not.toBeNull();
    await tick();
    expect(order).toEqual([]);
    expect(slots.open('192.0.2.1', 3389)).toBe(2);
    first[0]!();
    first[0]!(); // idempotent: one release frees one slot
    await tick();
    expect(order).toEqual([3]);
    first[1]!();
    await tick();
    expect(order).toEqual([3, 4]);
    (await third)!();
    (await fourth)!();
    expect(slots.open('192.0.2.1', 3389)).toBe(0);
  });

  it('cancelling while waiting resolves null and leaves the queue; a slot never released holds others only for maxWaitMs', async () => {
    const slots = new ConnectionSlots();
    const held = await Promise.all([slots.acquire('192.0.2.1', 3389, 1000), slots.acquire('192.0.2.1', 3389, 1000)]);
    const controller = new AbortController();
    const waiting = slots.acquire('192.0.2.1', 3389, 5000, controller.signal);
    controller.abort();
    expect(await waiting).toBeNull();
    const started = performance.now();
    const late = await slots.acquire('192.0.2.1', 3389, 120);
    expect(late).not.toBeNull();
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    for (const release of [...held, late]) release!();
    expect(slots.open('192.0.2.1', 3389)).toBe(0);
  });

  it('a scope per run: each run has its own limit, and outside a run there is none', async () => {
    expect(currentConnectionSlots()).toBeUndefined();
    const a = new ConnectionSlots();
    const b = new ConnectionSlots();
    const seen = await Promise.all([
      withConnectionSlots(async () => {
        await tick();
        return currentConnectionSlots();
      }, a),
      withConnectionSlots(async () => {
        await tick();
        return currentConnectionSlots();
      }, b),
    ]);
    expect(seen[0]).toBe(a);
    expect(seen[1]).toBe(b);
    expect(currentConnectionSlots()).toBeUndefined();
  });
});
