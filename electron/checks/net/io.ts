/**
 * Shared I/O plumbing for the probes: a bounded socket reader (deadline, byte cap, cancellation),
 * errno classification, timing, and a small concurrency limiter. Every wait here is bounded by a
 * timer of ours; nothing waits on the operating system's own retry timers.
 */
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';

/** What every probe's I/O function takes. */
export interface ProbeOptions {
  /** Bound for one network operation (connect, one reply, one handshake). */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The error code a probe reports when it was cancelled. */
export const ABORTED = 'ABORT_ERR';

export function now(): number {
  return performance.now();
}

export function since(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10;
}

export type ErrnoClass = 'refused' | 'reset' | 'unreachable' | 'timeout' | 'closed' | 'aborted' | 'other';

export function errorCode(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string') return code;
    if (typeof code === 'number') return String(code);
  }
  return undefined;
}

export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 300);
}

export function classifyErrno(code: string | undefined): ErrnoClass {
  switch (code) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'ECONNRESET':
    case 'ECONNABORTED':
      return 'reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
    case 'EADDRNOTAVAIL':
      return 'unreachable';
    case 'ETIMEDOUT':
      return 'timeout';
    case 'EPIPE':
    case 'ERR_STREAM_DESTROYED':
    case 'ERR_STREAM_WRITE_AFTER_END':
      return 'closed';
    case ABORTED:
      return 'aborted';
    default:
      return 'other';
  }
}

/** What `decide` says after each chunk: stop, keep reading, or keep reading for at most graceMs more. */
export type ReadDecision = 'done' | 'more' | { graceMs: number };

export type ReadEnd = 'complete' | 'closed' | 'reset' | 'timeout' | 'grace' | 'aborted' | 'cap' | 'error';

export interface ReadResult {
  bytes: Buffer;
  end: ReadEnd;
  errorCode?: string;
  errorMessage?: string;
  durationMs: number;
}

export interface ReadOptions {
  timeoutMs: number;
  /** Stop (and destroy the socket) once this many bytes arrived without a decision. */
  maxBytes: number;
  signal?: AbortSignal;
}

/**
 * Read from `socket` until `decide` says done, the peer closes or resets, the deadline passes,
 * `maxBytes` is exceeded, or the signal aborts. On `complete` the socket is left open and paused
 * with our listeners removed (ready for a TLS upgrade); on every other end the caller owns cleanup,
 * except `cap` and `aborted`, where the socket is destroyed here to stop the flow at once.
 */
export function readFromSocket(socket: Socket | TLSSocket, decide: (bytes: Buffer) => ReadDecision, options: ReadOptions): Promise<ReadResult> {
  const started = now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;

    const finish = (end: ReadEnd, error?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (graceTimer) clearTimeout(graceTimer);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onClose);
      socket.off('error', onError);
      options.signal?.removeEventListener('abort', onAbort);
      if (end === 'complete') socket.pause();
      if (end === 'cap' || end === 'aborted') socket.destroy();
      const bytes = Buffer.concat(chunks, total);
      const result: ReadResult = { bytes, end, durationMs: since(started) };
      if (error !== undefined) {
        const code = errorCode(error);
        if (code) result.errorCode = code;
        result.errorMessage = errorMessage(error);
      }
      if (end === 'aborted') result.errorCode = ABORTED;
      resolve(result);
    };

    const onData = (chunk: Buffer): void => {
      if (settled) return;
      const room = options.maxBytes - total;
      if (chunk.length > room) {
        if (room > 0) {
          chunks.push(chunk.subarray(0, room));
          total += room;
        }
        // Give decide a last look: the complete PDU may sit inside the capped bytes.
        if (decideSafely(Buffer.concat(chunks, total)) === 'done') finish('complete');
        else finish('cap');
        return;
      }
      chunks.push(chunk);
      total += chunk.length;
      const decision = decideSafely(Buffer.concat(chunks, total));
      if (decision === 'done') finish('complete');
      else if (typeof decision === 'object' && !graceTimer) {
        graceTimer = setTimeout(() => finish('grace'), Math.max(0, decision.graceMs));
      }
    };
    const decideSafely = (bytes: Buffer): ReadDecision => {
      try {
        return decide(bytes);
      } catch {
        return 'done';
      }
    };
    const onEnd = (): void => finish('closed');
    const onClose = (): void => finish('closed');
    const onError = (error: unknown): void => {
      const kind = classifyErrno(errorCode(error));
      finish(kind === 'reset' ? 'reset' : kind === 'closed' ? 'closed' : 'error', error);
    };
    const onAbort = (): void => finish('aborted');

    const timer = setTimeout(() => finish('timeout'), Math.max(0, options.timeoutMs));
    if (options.signal?.aborted) {
      finish('aborted');
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('close', onClose);
    socket.on('error', onError);
    if (socket.destroyed || socket.readableEnded) finish('closed');
    else socket.resume();
  });
}

/** Write and report a failure instead of throwing. */
export function writeSafely(socket: Socket | TLSSocket, bytes: Uint8Array): Promise<{ ok: true } | { ok: false; errorCode?: string; message: string }> {
  return new Promise((resolve) => {
    if (socket.destroyed || !socket.writable) {
      resolve({ ok: false, errorCode: 'EPIPE', message: 'the connection is already closed' });
      return;
    }
    try {
      socket.write(bytes, (error) => {
        if (error) {
          const code = errorCode(error);
          resolve({ ok: false, message: errorMessage(error), ...(code ? { errorCode: code } : {}) });
        } else resolve({ ok: true });
      });
    } catch (error) {
      const code = errorCode(error);
      resolve({ ok: false, message: errorMessage(error), ...(code ? { errorCode: code } : {}) });
    }
  });
}

/** Sleep that ends early (resolving false) when the signal aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve(false);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Run tasks with at most `limit` in flight; results keep the input order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** Hex of the first `max` bytes, space-separated, upper-case. */
export function hexPreview(bytes: Uint8Array, max = 64): string {
  return Array.from(bytes.subarray(0, max), (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

/** Colon-separated upper-case hex (fingerprints). */
export function colonHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}
