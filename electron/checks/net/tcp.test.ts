import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTIONS_PER_DESTINATION, acquireConnectionSlot, openConnections, tcpConnect } from './tcp';

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

describe('connections per destination', () => {
  it(`keeps at most ${CONNECTIONS_PER_DESTINATION} connections to one address and port open; the next one starts when one closes`, async () => {
    peak = 0;
    accepted = 0;
    const pending = Array.from({ length: 5 }, () => tcpConnect('127.0.0.1', port, { timeoutMs: 5000, keepOpen: true }));
    await tick(100);
    expect(openConnections('127.0.0.1', port)).toBe(CONNECTIONS_PER_DESTINATION);
    expect(accepted).toBe(CONNECTIONS_PER_DESTINATION);
    const results = [];
    for (const p of pending) {
      const r = await p;
      expect(r.data.outcome).toBe('open');
      results.push(r);
      // Closing one lets exactly one waiting attempt through.
      r.socket!.destroy();
    }
    await tick();
    expect(peak).toBeLessThanOrEqual(CONNECTIONS_PER_DESTINATION);
    expect(accepted).toBe(5);
    expect(openConnections('127.0.0.1', port)).toBe(0);
    // The connect time counts from the connection request, not from the wait for a slot.
    for (const r of results) expect(r.data.connectMs!).toBeLessThan(1000);
  });

  it('another destination is not held up by a busy one', async () => {
    const held = await Promise.all([tcpConnect('127.0.0.1', port, { timeoutMs: 5000, keepOpen: true }), tcpConnect('127.0.0.1', port, { timeoutMs: 5000, keepOpen: true })]);
    const other = await tcpConnect('127.0.0.2', port, { timeoutMs: 2000 });
    // 127.0.0.2 has no listener on this port (the server listens on 127.0.0.1 only): refused at once, not queued.
    expect(other.data.outcome).toBe('refused');
    for (const h of held) h.socket!.destroy();
    await tick();
  });

  it('a refused or cancelled attempt gives its slot back; cancelling while waiting reports cancelled', async () => {
    const held = await Promise.all([tcpConnect('127.0.0.1', port, { timeoutMs: 5000, keepOpen: true }), tcpConnect('127.0.0.1', port, { timeoutMs: 5000, keepOpen: true })]);
    const controller = new AbortController();
    const waiting = tcpConnect('127.0.0.1', port, { timeoutMs: 5000, signal: controller.signal });
    await tick();
    controller.abort();
    const cancelled = await waiting;
    expect(cancelled.data).toMatchObject({ outcome: 'error', errorCode: 'ABORT_ERR' });
    for (const h of held) h.socket!.destroy();
    await tick();
    expect(openConnections('127.0.0.1', port)).toBe(0);
  });

  it('a slot that is never given back holds others up only for the probe timeout, never forever', async () => {
    const leaked = await Promise.all([acquireConnectionSlot('192.0.2.1', 3389, 1000), acquireConnectionSlot('192.0.2.1', 3389, 1000)]);
    const started = performance.now();
    const third = await acquireConnectionSlot('192.0.2.1', 3389, 150);
    expect(third).not.toBeNull();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    for (const release of [...leaked, third]) {
      release!();
      release!(); // idempotent
    }
    expect(openConnections('192.0.2.1', 3389)).toBe(0);
  });
});
