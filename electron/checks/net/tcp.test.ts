import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTIONS_PER_DESTINATION, ConnectionSlots, withConnectionSlots } from '../../engine/connectionSlots';
import { tcpConnect } from './tcp';

let server: Server;
let port = 0;
let accepted = 0;
let peak = 0;
const live = new Set<Socket>();

beforeAll(async () => {
  server = createServer((socket) => {
    accepted++;
    live.add(socket);
    peak = Math.max(peak, live.size);
    socket.on('close', () => live.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  for (const s of live) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const tick = (ms = 20): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const open = (signal?: AbortSignal) => tcpConnect('127.0.0.1', port, { timeoutMs: 5000, keepOpen: true, ...(signal ? { signal } : {}) });

describe('tcpConnect inside a run: connections per destination', () => {
  it(`keeps at most ${CONNECTIONS_PER_DESTINATION} open to one address and port; the next starts when one closes`, async () => {
    const slots = new ConnectionSlots();
    await withConnectionSlots(async () => {
      peak = 0;
      accepted = 0;
      const pending = Array.from({ length: 5 }, () => open());
      await tick(100);
      expect(slots.open('127.0.0.1', port)).toBe(CONNECTIONS_PER_DESTINATION);
      expect(accepted).toBe(CONNECTIONS_PER_DESTINATION);
      for (const p of pending) {
        const r = await p;
        expect(r.data.outcome).toBe('open');
        // The connect time counts from the connection request, not from the wait for a slot.
        expect(r.data.connectMs!).toBeLessThan(1000);
        r.socket!.destroy();
      }
      await tick();
      expect(peak).toBeLessThanOrEqual(CONNECTIONS_PER_DESTINATION);
      expect(accepted).toBe(5);
      expect(slots.open('127.0.0.1', port)).toBe(0);
    }, slots);
  });

  it('cancelling while waiting for a slot reports cancelled and gives nothing away', async () => {
    const slots = new ConnectionSlots();
    await withConnectionSlots(async () => {
      const held = await Promise.all([open(), open()]);
      const controller = new AbortController();
      const waiting = open(controller.signal);
      await tick();
      controller.abort();
      expect((await waiting).data).toMatchObject({ outcome: 'error', errorCode: 'ABORT_ERR' });
      for (const h of held) h.socket!.destroy();
      await tick();
      expect(slots.open('127.0.0.1', port)).toBe(0);
    }, slots);
  });

  it('two runs (two scan targets that are the same server) do not wait for each other; outside a run there is no limit', async () => {
    const a = await withConnectionSlots(() => Promise.all([open(), open()]));
    const b = await withConnectionSlots(() => open());
    expect(b.data.outcome).toBe('open');
    const unscoped = await Promise.all([open(), open(), open()]);
    for (const r of [...a, b, ...unscoped]) {
      expect(r.data.outcome).toBe('open');
      r.socket!.destroy();
    }
    await tick();
  });
});
