import { describe, expect, it } from 'vitest';
import type { HandshakeAttempt } from '../checks/net';
import { itTermsIn } from './plainWords';
import { STAGE_PLAIN, STAGE_PLAIN_LABEL, STAGE_STATE_PLAIN, stageRow, stageRowText, stagesFailedInWords } from './stages';

const base = { startedAt: '2026-01-01T00:00:00Z', tcpMs: 1, x224Ms: 2 };

describe('stage rows', () => {
  it('a connection cut after TLS: the MCS cell is marked, plain words and IT detail with bytes and ms', () => {
    const a: HandshakeAttempt = {
      ...base, n: 2, ok: false, stage: 'post-tls', outcome: 'reset', durationMs: 19, tlsMs: 10, postTlsMs: 4, bytesSent: 801, bytesReceived: 1884,
      postTls: { kind: 'mcs', outcome: 'reset', detail: 'The server reset the connection after the MCS Connect-Initial, before answering.', bytesSent: 373, bytesReceived: 0, durationMs: 4 },
    };
    const row = stageRow(a);
    expect(row.cells.map((c) => `${c.label}:${c.state}`)).toEqual(['TCP:ok', 'X.224:ok', 'TLS:ok', 'MCS:failed']);
    expect(row.failedAt).toBe('post-tls');
    expect(row.plain).toBe(STAGE_PLAIN['post-tls']);
    expect(row.plain).toMatch(/^The connection is cut right after it is secured/);
    expect(row.detail).toBe('#2 ended at MCS (after TLS): reset after 19 ms, 801 bytes sent and 1884 received; after TLS: The server reset the connection after the MCS Connect-Initial, before answering.');
    expect(stageRowText(row)).toBe('TCP ✓  X.224 ✓  TLS ✓  MCS ✗');
  });

  it('a reset at X.224: later stages not reached', () => {
    const row = stageRow({ ...base, n: 1, ok: false, stage: 'x224', outcome: 'reset', durationMs: 3 });
    expect(stageRowText(row)).toBe('TCP ✓  X.224 ✗  TLS ·  after TLS ·');
    expect(row.plain).toContain('as soon as Remote Desktop is asked for');
  });

  it('a complete attempt, and standard RDP security (no TLS stage used)', () => {
    const ok = stageRow({ ...base, n: 3, ok: true, stage: 'done', outcome: 'TLSv1.3', durationMs: 30, tlsMs: 20, postTlsMs: 5, postTls: { kind: 'credssp', outcome: 'answered', detail: 'TSRequest version 6 with an NTLM CHALLENGE.', bytesSent: 57, bytesReceived: 162, durationMs: 5 } });
    expect(stageRowText(ok)).toBe('TCP ✓  X.224 ✓  TLS ✓  CredSSP ✓');
    expect(ok.plain).toBe('The connection got through every stage.');
    const rdp = stageRow({ ...base, n: 4, ok: true, stage: 'done', outcome: 'standard-rdp-security', durationMs: 8, postTlsMs: 3, postTls: { kind: 'mcs', outcome: 'answered', detail: 'MCS Connect-Response rt-successful.', bytesSent: 373, bytesReceived: 521, durationMs: 3 } });
    expect(stageRowText(rdp)).toBe('TCP ✓  X.224 ✓  TLS –  MCS ✓');
  });

  it('the stages at which attempts ended, once each in stage order, and plain labels without IT terms', () => {
    const rows = [
      stageRow({ ...base, n: 1, ok: false, stage: 'tls', outcome: 'reset', durationMs: 3 }),
      stageRow({ ...base, n: 2, ok: true, stage: 'done', outcome: 'TLSv1.3', durationMs: 9, tlsMs: 4 }),
      stageRow({ ...base, n: 3, ok: false, stage: 'x224', outcome: 'reset', durationMs: 3 }),
      stageRow({ ...base, n: 4, ok: false, stage: 'tls', outcome: 'reset', durationMs: 3 }),
    ];
    expect(stagesFailedInWords(rows)).toEqual([
      { stage: 'x224', count: 1, plain: STAGE_PLAIN.x224 },
      { stage: 'tls', count: 2, plain: STAGE_PLAIN.tls },
    ]);
    expect(stagesFailedInWords([rows[1]!])).toEqual([]);
    for (const text of [...Object.values(STAGE_PLAIN_LABEL), ...Object.values(STAGE_STATE_PLAIN), ...Object.values(STAGE_PLAIN)]) expect(itTermsIn(text), text).toEqual([]);
  });
});
