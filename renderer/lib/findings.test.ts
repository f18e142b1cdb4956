import { describe, expect, it } from 'vitest';
import { canLeave } from '../store/wizard';
import { verdictPasses } from './findings';
import { fixParams } from './fixParams';

describe('leaving a step', () => {
  it('needs a passing verdict or a skip reason', () => {
    expect(verdictPasses('pass')).toBe(true);
    expect(verdictPasses('warn')).toBe(true);
    expect(verdictPasses('fail')).toBe(false);
    expect(verdictPasses('not-checked')).toBe(false);
    const run = (verdict: 'pass' | 'fail') => ({
      runId: 'r', state: 'done' as const, plannedChecks: 1, running: [], labels: {}, results: [], diagnosis: null, error: null, startedAt: 0, finishedAt: 1, recheck: false,
      verdict: { step: 'certificate' as const, verdict, headline: '', findingIds: [] },
    });
    expect(canLeave({ runs: { certificate: run('fail') }, skips: {} }, 'certificate')).toBe(false);
    expect(canLeave({ runs: { certificate: run('fail') }, skips: { certificate: { reason: 'later', at: '' } } }, 'certificate')).toBe(true);
    expect(canLeave({ runs: { certificate: run('pass') }, skips: {} }, 'certificate')).toBe(true);
    expect(canLeave({ runs: {}, skips: {} }, 'certificate')).toBe(false);
    expect(canLeave({ runs: {}, skips: {} }, 'summary')).toBe(true);
  });
});

describe('fixParams', () => {
  it('keeps only the primitive values the fix requests accept', () => {
    expect(fixParams({ params: { a: 'x', b: 2, c: true, d: null, e: { nested: 1 }, f: [1] } })).toEqual({ a: 'x', b: 2, c: true, d: null });
    expect(fixParams({})).toEqual({});
  });
});
