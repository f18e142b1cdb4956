/**
 * At most CONNECTIONS_PER_DESTINATION of one run's connections to one address and port are open at
 * once, whichever checks they belong to. The engine overlaps checks, and a server with a short accept
 * queue (xrdp listens with a backlog of 2) drops the SYNs beyond it: the OS then retries after a
 * second, which would show up as a slow or failed handshake of our own making.
 *
 * The limit belongs to one run (AsyncLocalStorage carries it to every probe the run starts): two
 * runs, like two targets of a scan that happen to be the same server, do not wait for each other,
 * and a connection attempt outside any run is not limited.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export const CONNECTIONS_PER_DESTINATION = 2;

interface Destination {
  active: number;
  waiting: Array<() => void>;
}

export class ConnectionSlots {
  private readonly destinations = new Map<string, Destination>();

  /** Connections to this destination holding a slot now. */
  open(address: string, port: number): number {
    return this.destinations.get(`${address}|${port}`)?.active ?? 0;
  }

  /**
   * Wait for a free slot. Resolves with an idempotent release function, or null when cancelled while
   * waiting. A wait longer than `maxWaitMs` goes ahead anyway (a slot held by a connection someone
   * forgot to close must not hang a check).
   */
  acquire(address: string, port: number, maxWaitMs: number, signal?: AbortSignal): Promise<(() => void) | null> {
    const key = `${address}|${port}`;
    const slots = this.destinations.get(key) ?? { active: 0, waiting: [] };
    this.destinations.set(key, slots);
    const grant = (): (() => void) => {
      slots.active++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        slots.active--;
        const next = slots.waiting.shift();
        if (next) next();
        else if (slots.active <= 0 && slots.waiting.length === 0) this.destinations.delete(key);
      };
    };
    if (slots.active < CONNECTIONS_PER_DESTINATION) return Promise.resolve(grant());
    return new Promise((resolve) => {
      const done = (value: (() => void) | null): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const index = slots.waiting.indexOf(wake);
        if (index >= 0) slots.waiting.splice(index, 1);
        resolve(value);
      };
      const wake = (): void => done(grant());
      const onAbort = (): void => done(null);
      const timer = setTimeout(wake, Math.max(0, maxWaitMs));
      slots.waiting.push(wake);
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

const scope = new AsyncLocalStorage<ConnectionSlots>();

/** Run `fn` with a connection limit of its own (the engine does this for every run). */
export function withConnectionSlots<T>(fn: () => Promise<T>, slots: ConnectionSlots = new ConnectionSlots()): Promise<T> {
  return scope.run(slots, fn);
}

/** The limit of the run this code belongs to, if any. */
export function currentConnectionSlots(): ConnectionSlots | undefined {
  return scope.getStore();
}
