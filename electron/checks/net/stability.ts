/**
 * Connection stability: N full handshakes (TCP + X.224 + TLS) to one address, one after another
 * (each starts when the previous one has ended, so they never overlap), with the median and the
 * worst time of the ones that completed. How many is planned from what the server's first answer
 * cost, and no attempt starts that would not fit in the time set aside for them (plan.ts).
 */
import type { StabilityData } from '../../../shared/checks/net';
import { pause, type ProbeOptions } from './io';
import { fullHandshake } from './handshake';
import { planStability, stopReason } from './plan';
import { REQUEST_TLS_AND_CREDSSP } from './x224';

export interface StabilityOptions extends ProbeOptions {
  attempts: number;
  slowThresholdMs: number;
  /**
   * Pause between attempts (default 0: back to back). The attempts are sequential already; a pause
   * of a few milliseconds adds no information (nor protection for the server), only time.
   */
  spacingMs?: number;
  requestedProtocols?: number;
  servername?: string;
  cookie?: string;
  /** What the server's first answer cost (the listener check's TCP connect + X.224 reply), when known. */
  answerMs?: number | null;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  const value = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(value * 10) / 10;
}

/** Attempts run one after another; cancellation stops between and within attempts. Never throws. */
export async function probeStability(address: string, port: number, options: StabilityOptions): Promise<StabilityData> {
  const count = Math.max(1, Math.min(50, Math.floor(options.attempts)));
  const plan = planStability(count, options.answerMs ?? null);
  const requestedProtocols = options.requestedProtocols ?? REQUEST_TLS_AND_CREDSSP;
  const attempts: StabilityData['attempts'] = [];
  const started = performance.now();
  let stopped: string | null = null;
  for (let n = 1; n <= count; n++) {
    if (options.signal?.aborted) break;
    stopped = stopReason(plan, attempts.length, performance.now() - started, Math.max(0, ...attempts.map((a) => a.durationMs)));
    if (stopped !== null || attempts.length >= plan.planned) break;
    const result = await fullHandshake(address, port, {
      n,
      timeoutMs: options.timeoutMs,
      readCertificate: false,
      requestedProtocols,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.servername ? { servername: options.servername } : {}),
      ...(options.cookie !== undefined ? { cookie: options.cookie } : {}),
    });
    attempts.push(result.attempt);
    if (n < count && !(await pause(options.spacingMs ?? 0, options.signal))) break;
  }
  const okDurations = attempts.filter((a) => a.ok).map((a) => a.durationMs);
  return {
    address,
    requestedProtocols,
    attempts,
    slowThresholdMs: options.slowThresholdMs,
    medianMs: median(okDurations),
    maxMs: okDurations.length ? Math.max(...okDurations) : null,
    plan: { ...plan, ...(stopped !== null ? { stopped } : {}) },
  };
}
