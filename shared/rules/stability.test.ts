import { describe, expect, it } from 'vitest';
import { attempt, stabilityCheck, tlsAttempts, tlsCheck } from './testing/netFixtures';
import { run, ids, one, evidenceText } from './testing/findings';

describe('stability', () => {
  it('reset-during-handshake when handshakes are cut at TLS while the TLS check succeeded', () => {
    const checks = [tlsCheck(), stabilityCheck({ attempts: [attempt(1, true, 45), attempt(2, false, 12, 'tls', 'reset (ECONNRESET)'), attempt(3, true, 50)] })];
    const findings = run(checks);
    const f = one(findings, 'reset-during-handshake');
    expect(f.plain).toContain('1 of 3 attempts');
    expect(evidenceText(f)).toContain('#2 failed at tls: reset (ECONNRESET)');
    expect(ids(findings)).toContain('intermittent-failures');
  });

  it('leaves cuts to the certificate step when TLS never completed there', () => {
    const failed = tlsAttempts({
      TLSv1: { outcome: 'reset', cipher: undefined },
      'TLSv1.1': { outcome: 'reset', cipher: undefined },
      'TLSv1.2': { outcome: 'reset', cipher: undefined, cipherStandardName: undefined },
      'TLSv1.3': { outcome: 'reset', cipher: undefined, cipherStandardName: undefined },
    });
    const checks = [tlsCheck({ attempts: failed, certificate: undefined, nameMatch: null }), stabilityCheck({ attempts: [1, 2, 3].map((n) => attempt(n, false, 10, 'tls', 'reset')) })];
    expect(ids(run(checks))).toEqual(['tls-handshake-failed']);
  });

  it('intermittent-failures only when some attempts work and some do not', () => {
    const f = one(run([stabilityCheck({ attempts: [attempt(1, true, 40), attempt(2, false, 5000, 'tcp', 'timeout'), attempt(3, true, 42)] })]), 'intermittent-failures');
    expect(f.plain).toContain('1 of 3 attempts');
    expect(run([stabilityCheck()])).toEqual([]);
  });

  it('slow-handshake when a handshake takes longer than the threshold', () => {
    const slow = [2600, 2400, 2500, 2700, 300].map((ms, i) => attempt(i + 1, true, ms));
    const f = one(run([stabilityCheck({ attempts: slow })]), 'slow-handshake');
    expect(f.detail).toContain('Slowest 2700 ms, median 2500 ms over 5 completed handshakes');
    expect(f.plain).toContain('4 of 5 tries took longer than 2 seconds, the slowest about 2.7 seconds');
    expect(f.evidence).toHaveLength(4);
    const outlier = [40, 45, 2600, 41, 43].map((ms, i) => attempt(i + 1, true, ms));
    expect(one(run([stabilityCheck({ attempts: outlier })]), 'slow-handshake').plain).toContain('1 of 5 tries');
    expect(run([stabilityCheck({ attempts: [40, 45, 1999].map((ms, i) => attempt(i + 1, true, ms)) })])).toEqual([]);
  });
});
