/**
 * TCP connect to one address, classified: open, refused, filtered (no answer within OUR timeout,
 * never the OS's SYN retry timer), unreachable, reset, error. Optionally hands the open socket back
 * for the next stage (X.224) so one probe costs one connection.
 */
import { connect, isIP, type Socket } from 'node:net';
import type { TcpData } from '../../../shared/checks/net';
import { currentConnectionSlots } from '../../engine/connectionSlots';
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

/**
 * One TCP connection attempt. Never throws. Inside an engine run it first waits for one of the
 * run's connection slots for this destination (engine/connectionSlots.ts); the timeout counts from
 * the connection request, not the wait. The slot is given back when the socket closes, also when a
 * later stage took the socket over.
 */
export async function tcpConnect(address: string, port: number, options: TcpProbeOptions): Promise<TcpProbeResult> {
  const base = { address, port, timeoutMs: options.timeoutMs };
  if (options.signal?.aborted) return { data: { ...base, outcome: 'error', errorCode: ABORTED }, detail: 'Cancelled before connecting.' };
  if (isIP(address) === 0) return { data: { ...base, outcome: 'error', errorCode: 'EINVAL' }, detail: `"${address}" is not an IP address.` };
  const slots = currentConnectionSlots();
  const release = slots ? await slots.acquire(address, port, options.timeoutMs, options.signal) : () => undefined;
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
