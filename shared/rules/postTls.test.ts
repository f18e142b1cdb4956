import { describe, expect, it } from 'vitest';
import { findingSchema, type CheckResult, type Finding } from '../model';
import type { PostTls } from '../checks/net';
import { runRules } from './index';
import { postTlsFailed, postTlsLine } from './postTls';
import { IP, attempt, credsspCheck, healthyChecks, listenerCheck, replace, ruleInput, stabilityCheck } from './testing/netFixtures';

const run = (checks: CheckResult[]): Finding[] => runRules(ruleInput(checks));
const post = (outcome: PostTls['outcome'], kind: PostTls['kind'] = 'mcs'): PostTls => ({ kind, outcome, detail: `${kind} ${outcome}`, bytesSent: 373, bytesReceived: 0, durationMs: 4 });
const cutAttempt = (n: number, p: PostTls) => ({ ...attempt(n, false, 30, 'post-tls', p.outcome), tlsMs: 12, postTlsMs: p.durationMs, postTls: p, bytesSent: 801, bytesReceived: 1884 });

describe('cut-after-tls', () => {
  it('every repeated handshake cut right after TLS: an error with the stage, the bytes and the time in its evidence', () => {
    const findings = run(replace(healthyChecks(), stabilityCheck({ attempts: [1, 2, 3].map((n) => cutAttempt(n, post('reset'))) })));
    const f = findings.find((x) => x.id === 'cut-after-tls')!;
    expect(f).toMatchObject({ severity: 'error', step: 'stability', address: IP });
    expect(findingSchema.safeParse(f).success).toBe(true);
    expect(f.plain).toContain('reset, 3 of 3 attempts');
    expect(f.detail).toContain('the MCS Connect-Initial that follows');
    expect(f.evidence[0]).toMatchObject({ label: 'Attempt 1 (stage: after TLS, MCS Connect-Initial)', checkId: 'stability' });
    expect(f.evidence[0]!.value).toBe('MCS Connect-Initial: reset after 373 bytes sent and 0 received, 4 ms (the connection: 801 bytes sent, 1884 received, ended at 30 ms). mcs reset');
    expect(f.fixes.map((x) => x.id)).toEqual(expect.arrayContaining(['check-server-events', 'check-security-software', 'ask-network-admin']));
    // Not the pre-TLS finding: the handshake itself completed.
    expect(findings.map((x) => x.id)).not.toContain('reset-during-handshake');
  });

  it('some attempts cut after TLS: the cut and the intermittent rate, both', () => {
    const ids = run(replace(healthyChecks(), stabilityCheck({ attempts: [attempt(1, true, 40), cutAttempt(2, post('closed')), attempt(3, true, 41)] }))).map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['cut-after-tls', 'intermittent-failures']));
  });

  it('the NLA check cut after TLS is the same finding, shown in the security step', () => {
    const findings = run(replace(healthyChecks(), credsspCheck({ outcome: 'reset', detail: 'reset', postTls: post('reset', 'credssp') })));
    expect(findings.find((f) => f.id === 'cut-after-tls')).toMatchObject({ severity: 'error', step: 'security' });
    // An unreadable answer, an answer, or a cancel are not cuts.
    for (const outcome of ['malformed', 'answered', 'aborted'] as const) {
      const none = run(replace(healthyChecks(), credsspCheck({ postTls: post(outcome, 'credssp') })));
      expect(none.map((f) => f.id), outcome).not.toContain('cut-after-tls');
    }
  });

  it('a healthy run has none; a listener try that was cut and retried counts in the intermittent rate', () => {
    expect(run(healthyChecks()).map((f) => f.id)).not.toContain('cut-after-tls');
    const retried = listenerCheck();
    (retried.data as { earlier?: unknown[] }).earlier = [{ requestedProtocols: 11, kind: 'reset', durationMs: 2 }];
    const f = run(replace(healthyChecks(), retried)).find((x) => x.id === 'intermittent-failures');
    expect(f?.detail).toMatch(/^1 of \d+ connections to .* failed \(\d+%\); each, with the stage where it ended: listener try 1 failed at x224: reset/);
  });

  it('postTlsFailed and postTlsLine', () => {
    expect(postTlsFailed(post('timeout'))).toBe(true);
    expect(postTlsFailed(post('answered'))).toBe(false);
    expect(postTlsLine(post('timeout', 'credssp'))).toBe('CredSSP NTLM NEGOTIATE: timeout after 373 bytes sent and 0 received, 4 ms. credssp timeout');
  });
});
