/**
 * TCP connect to one address, classified: open, refused, filtered (no answer within OUR timeout,
 * never the OS's SYN retry timer), unreachable, reset, error. Optionally hands the open socket back
 * for the next stage (X.224) so one probe costs one connection.
 */
import { connect, isIP, type Socket } from 'node:net';
import type { TcpData } from '../../../shared/checks/net';
import { ABORTED, classifyErrno, errorCode, now, since, type ProbeOptions } from './io';

export interface TcpProbeOptions extends ProbeOptions {
  /** Keep the socket open and return it (outcome `open` only). The caller must destroy it. */
  keepOpen?: boolean;
}

export interface TcpProbeResult {
  data: TcpData;
  /** The connected socket, when `keepOpen` was asked and the port was open. */
  socket?: Socket;
  /** One line for IT staff (the OS error text, or what our timer decided). */
  detail?: string;
}

export function tcpOutcomeFromErrno(code: string | undefined): TcpData['outcome'] {
  switch (classifyErrno(code)) {
    case 'refused':
      return 'refused';
    case 'reset':
      return 'reset';
    case 'unreachable':
      return 'unreachable';
    case 'timeout':
      return 'filtered';
    default:
      return 'error';
  }
}

// ---- one destination, a few connections at a time --------------------------------------------------

/**
 * At most this many of our connections to one address and port are open at once, whichever checks
 * they belong to. Checks overlap (engine), and a server with a short accept queue (xrdp listens with
 * a backlog of 2) drops the SYNs beyond it: the OS then retries after a second, which would show up
 * as a slow or failed handshake that is our own doing.
 */
export const CONNECTIONS_PER_DESTINATION = 2;

interface Slots {
  active: number;
  waiting: Array<() => void>;
}
const destinations = new Map<string, Slots>();

/** Connections to `key` open now (for tests). */
export function openConnections(address: string, port: number): number {
  return destinations.get(`${address}|${port}`)?.active ?? 0;
}

/**
 * Wait for a free slot for this destination. Resolves with an idempotent release function, or null
 * when cancelled while waiting. A wait longer than `maxWaitMs` goes ahead anyway (a slot held by a
 * connection someone forgot to close must not hang a check).
 */
export function acquireConnectionSlot(address: string, port: number, maxWaitMs: number, signal?: AbortSignal): Promise<(() => void) | null> {
  const key = `${address}|${port}`;
  const slots = destinations.get(key) ?? { active: 0, waiting: [] };
  destinations.set(key, slots);
  const grant = (): (() => void) => {
    slots.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      slots.active--;
      const next = slots.waiting.shift();
      if (next) next();
      else if (slots.active <= 0) destinations.delete(key);
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

/**
 * One TCP connection attempt. Never throws. Waits first for one of the destination's connection
 * slots (CONNECTIONS_PER_DESTINATION); the timeout counts from the connection request, not the wait.
 * The slot is given back when the socket closes, also when a later stage took it over.
 */
export async function tcpConnect(address: string, port: number, options: TcpProbeOptions): Promise<TcpProbeResult> {
  const base = { address, port, timeoutMs: options.timeoutMs };
  if (options.signal?.aborted) return { data: { ...base, outcome: 'error', errorCode: ABORTED }, detail: 'Cancelled before connecting.' };
  if (isIP(address) === 0) return { data: { ...base, outcome: 'error', errorCode: 'EINVAL' }, detail: `"${address}" is not an IP address.` };
  const release = await acquireConnectionSlot(address, port, options.timeoutMs, options.signal);
  if (!release) return { data: { ...base, outcome: 'error', errorCode: ABORTED }, detail: 'Cancelled before connecting.' };
  return connectNow(address, port, options, release);
}

function connectNow(address: string, port: number, options: TcpProbeOptions, release: () => void): Promise<TcpProbeResult> {
  const started = now();
  const timeoutMs = options.timeoutMs;
  const base = { address, port, timeoutMs };
  return new Promise((resolve) => {
    let settled = false;
    let socket: Socket;
    const finish = (result: TcpProbeResult, keep: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.off('error', onError);
      socket.off('connect', onConnect);
      if (!keep) socket.destroy();
      resolve(result);
    };
    const onConnect = (): void => {
      const data: TcpData = { ...base, outcome: 'open', connectMs: since(started) };
      if (options.keepOpen) {
        // Keep a listener so a later reset cannot crash the process before the next stage attaches its own.
        socket.on('error', swallow);
        finish({ data, socket }, true);
      } else finish({ data }, false);
    };
    const onError = (error: unknown): void => {
      const code = errorCode(error);
      const outcome = tcpOutcomeFromErrno(code);
      finish(
        {
          data: { ...base, outcome, ...(code ? { errorCode: code } : {}), ...(outcome === 'refused' ? { connectMs: since(started) } : {}) },
          detail: error instanceof Error ? error.message.slice(0, 300) : String(error),
        },
        false,
      );
    };
    const onAbort = (): void => finish({ data: { ...base, outcome: 'error', errorCode: ABORTED }, detail: 'Cancelled while connecting.' }, false);
    const timer = setTimeout(
      () => finish({ data: { ...base, outcome: 'filtered' }, detail: `No answer to the connection request within ${timeoutMs} ms.` }, false),
      Math.max(0, timeoutMs),
    );
    try {
      socket = connect({ host: address, port, noDelay: true });
      socket.once('close', release);
    } catch (error) {
      release();
      clearTimeout(timer);
      const code = errorCode(error);
      resolve({ data: { ...base, outcome: 'error', ...(code ? { errorCode: code } : {}) }, detail: String(error).slice(0, 300) });
      return;
    }
    socket.once('connect', onConnect);
    socket.once('error', onError);
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function swallow(): void {
  // The stage that takes the socket over installs its own error handling.
}
