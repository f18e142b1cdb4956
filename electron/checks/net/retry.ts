/**
 * One failure does not end the diagnosis: a connection that the server (or the path) reset or closed
 * before it answered the X.224 request is tried again, a few times at most, so the checks that read
 * a working connection (certificate, security layers, stability) still run against a server that
 * cuts only some connections. The cuts seen on the way are kept for the record.
 */
import type { X224Reply } from '../../../shared/checks/net';

/** Tries after the first one (bounded: at most 1 + CUT_RETRIES connections per request). */
export const CUT_RETRIES = 2;

/** The X.224 request was cut before any answer: worth another connection. */
export function cutBeforeAnswer(reply: Pick<X224Reply, 'kind'>): boolean {
  return reply.kind === 'reset' || reply.kind === 'closed';
}

export interface Retried<T> {
  result: T;
  /** The results that were cut, in order, before `result`. */
  earlier: T[];
}

/** Run `attempt` again while `cut(result)` and tries remain and the signal has not aborted. Never throws unless `attempt` does. */
export async function retryWhenCut<T>(attempt: () => Promise<T>, cut: (result: T) => boolean, options: { signal?: AbortSignal; retries?: number } = {}): Promise<Retried<T>> {
  const retries = Math.max(0, Math.min(5, options.retries ?? CUT_RETRIES));
  const earlier: T[] = [];
  let result = await attempt();
  for (let i = 0; i < retries && cut(result) && !options.signal?.aborted; i++) {
    earlier.push(result);
    result = await attempt();
  }
  return { result, earlier };
}
