import { describe, expect, it } from 'vitest';
import type { HandshakeAttempt } from '../../shared/checks/net';
import { layoutTimeline, toneOf } from './timeline';

const attempt = (over: Partial<HandshakeAttempt>): HandshakeAttempt => ({
  n: 1,
  ok: true,
  stage: 'done',
  outcome: 'ok',
  durationMs: 100,
  tcpMs: 10,
  x224Ms: 20,
  tlsMs: 70,
  startedAt: '2025-01-01T00:00:00.000Z',
  ...over,
});

describe('layoutTimeline', () => {
  it('splits a complete handshake into its three stages, end to end', () => {
    const layout = layoutTimeline([attempt({})], 100);
    const row = layout.rows[0]!;
    expect(row.segments.map((s) => s.stage)).toEqual(['tcp', 'x224', 'tls']);
    expect(row.segments[1]!.left).toBeCloseTo(row.segments[0]!.width, 1);
    expect(row.end).toBeCloseTo(row.segments.reduce((sum, s) => sum + s.width, 0), 1);
    expect(row.tone).toBe('ok');
  });

  it('scales against the threshold when every attempt is faster', () => {
    const layout = layoutTimeline([attempt({ durationMs: 100 })], 2000);
    expect(layout.scaleMs).toBeCloseTo(2160, 5);
    expect(layout.thresholdAt).toBeCloseTo(92.59, 1);
    expect(layout.rows[0]!.end).toBeLessThan(5);
  });

  it('gives a failed attempt the rest of its time in the failing stage, and stops there', () => {
    const failed = attempt({ n: 2, ok: false, stage: 'tls', outcome: 'reset', durationMs: 300, tcpMs: 10, x224Ms: 20, tlsMs: undefined });
    const row = layoutTimeline([failed], 100).rows[0]!;
    expect(row.tone).toBe('failed');
    expect(row.segments.map((s) => [s.stage, s.ms, s.failedHere])).toEqual([
      ['tcp', 10, false],
      ['x224', 20, false],
      ['tls', 270, true],
    ]);
  });

  it('counts outcomes and orders rows by attempt number', () => {
    const layout = layoutTimeline(
      [attempt({ n: 3, durationMs: 2500 }), attempt({ n: 1 }), attempt({ n: 2, ok: false, stage: 'tcp', tcpMs: undefined, x224Ms: undefined, tlsMs: undefined })],
      2000,
    );
    expect(layout.rows.map((r) => r.n)).toEqual([1, 2, 3]);
    expect(layout.counts).toEqual({ ok: 1, slow: 1, failed: 1 });
    expect(layout.rows[1]!.segments).toHaveLength(1);
  });

  it('handles no attempts', () => {
    const layout = layoutTimeline([], 2000);
    expect(layout.rows).toEqual([]);
    expect(layout.thresholdAt).toBeGreaterThan(0);
  });

  it('calls a successful but slow handshake slow', () => {
    expect(toneOf(attempt({ durationMs: 2001 }), 2000)).toBe('slow');
    expect(toneOf(attempt({ durationMs: 2000 }), 2000)).toBe('ok');
  });
});
