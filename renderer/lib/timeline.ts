/**
 * Layout of the connection stability timeline: one row per handshake attempt, its bar split into
 * the stages it went through (TCP, X.224, TLS, the first exchange after TLS), scaled against the slowest attempt or the
 * slow-handshake threshold, whichever is larger. Pure, so it is unit-tested.
 */
import type { HandshakeAttempt, HandshakeStage } from '../../shared/checks/net';

export type AttemptTone = 'ok' | 'slow' | 'failed';
export type SegmentStage = Exclude<HandshakeStage, 'done'>;

export interface TimelineSegment {
  stage: SegmentStage;
  /** Offset and width in percent of the scale. */
  left: number;
  width: number;
  ms: number;
  /** The stage where the attempt failed. */
  failedHere: boolean;
}

export interface TimelineRow {
  n: number;
  tone: AttemptTone;
  segments: TimelineSegment[];
  durationMs: number;
  /** Where the attempt ended, in percent of the scale. */
  end: number;
  stage: HandshakeStage;
  outcome: string;
}

export interface TimelineLayout {
  rows: TimelineRow[];
  scaleMs: number;
  /** Position of the slow-handshake threshold, in percent. */
  thresholdAt: number;
  counts: Record<AttemptTone, number>;
}

const STAGES: SegmentStage[] = ['tcp', 'x224', 'tls', 'post-tls'];

function stageMs(attempt: HandshakeAttempt, stage: SegmentStage): number | undefined {
  return stage === 'tcp' ? attempt.tcpMs : stage === 'x224' ? attempt.x224Ms : stage === 'tls' ? attempt.tlsMs : attempt.postTlsMs;
}

const pct = (ms: number, scale: number): number => Math.round((Math.max(0, ms) / scale) * 10_000) / 100;

export function toneOf(attempt: HandshakeAttempt, slowThresholdMs: number): AttemptTone {
  if (!attempt.ok) return 'failed';
  return attempt.durationMs > slowThresholdMs ? 'slow' : 'ok';
}

export function layoutTimeline(attempts: readonly HandshakeAttempt[], slowThresholdMs: number): TimelineLayout {
  const longest = attempts.reduce((m, a) => Math.max(m, a.durationMs), 0);
  const scaleMs = Math.max(longest, slowThresholdMs, 1) * 1.08;
  const counts: Record<AttemptTone, number> = { ok: 0, slow: 0, failed: 0 };
  const rows = [...attempts]
    .sort((a, b) => a.n - b.n)
    .map((attempt): TimelineRow => {
      const tone = toneOf(attempt, slowThresholdMs);
      counts[tone] += 1;
      const segments: TimelineSegment[] = [];
      let at = 0;
      // A failed attempt's last stage is the one it failed in; stages after it never ran.
      // A completed attempt ends with the last stage it has a timing for (older data and standard RDP security have no after-TLS stage).
      const lastIndex = attempt.stage === 'done' ? (attempt.postTlsMs !== undefined ? STAGES.length - 1 : STAGES.indexOf('tls')) : STAGES.indexOf(attempt.stage);
      for (let i = 0; i <= lastIndex; i++) {
        const stage = STAGES[i]!;
        let ms = stageMs(attempt, stage);
        // The failing stage usually has no own timing: it took the rest of the attempt.
        if (ms === undefined && i === lastIndex) ms = Math.max(0, attempt.durationMs - at);
        if (ms === undefined) continue;
        segments.push({ stage, left: pct(at, scaleMs), width: pct(ms, scaleMs), ms, failedHere: !attempt.ok && i === lastIndex });
        at += ms;
      }
      return { n: attempt.n, tone, segments, durationMs: attempt.durationMs, end: pct(attempt.durationMs, scaleMs), stage: attempt.stage, outcome: attempt.outcome };
    });
  return { rows, scaleMs, thresholdAt: pct(slowThresholdMs, scaleMs), counts };
}

export const STAGE_LABEL: Record<HandshakeStage, string> = { tcp: 'TCP', x224: 'X.224', tls: 'TLS', 'post-tls': 'after TLS', done: 'complete' };
