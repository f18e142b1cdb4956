/**
 * Where a connection dies, shown: each attempt as a row of stages (TCP, X.224, TLS, the exchange
 * after TLS) with the one it failed at marked, plain words for a remote worker about that stage,
 * and the bytes and timings for IT. One home for these words: the CLI, the wizard's stability step
 * and the reports all read them from here.
 */
import type { HandshakeAttempt, PostTls } from '../checks/net';

export type RowStage = 'tcp' | 'x224' | 'tls' | 'post-tls';
export const ROW_STAGES: readonly RowStage[] = ['tcp', 'x224', 'tls', 'post-tls'];

export type StageState = 'ok' | 'failed' | 'not-reached' | 'not-used';

export interface StageCell {
  stage: RowStage;
  /** "TCP", "X.224", "TLS", "MCS" / "CredSSP" (or "after TLS" when not reached). */
  label: string;
  state: StageState;
  ms?: number;
}

export interface StageRow {
  n: number;
  ok: boolean;
  cells: StageCell[];
  /** The stage it failed at, when it failed. */
  failedAt?: RowStage;
  /** One line for people: what happened, in plain words. */
  plain: string;
  /** One line for IT: outcome, bytes and milliseconds. */
  detail: string;
}

const POST_LABEL: Record<PostTls['kind'], string> = { mcs: 'MCS', credssp: 'CredSSP' };

/** Each stage named for a remote worker (the column heads of a row in plain words). */
export const STAGE_PLAIN_LABEL: Record<RowStage, string> = {
  tcp: 'Connect',
  x224: 'Ask for Remote Desktop',
  tls: 'Secure',
  'post-tls': 'Start the session',
};

/** What a cell says in plain words. */
export const STAGE_STATE_PLAIN: Record<StageState, string> = {
  ok: 'Passed',
  failed: 'Cut here',
  'not-reached': 'Not reached',
  'not-used': 'Not used',
};

/** Plain words for a connection that ended at this stage (no jargon, one sentence each). */
export const STAGE_PLAIN: Record<RowStage, string> = {
  tcp: 'The connection is not accepted at all: the computer is off, unreachable, or a firewall blocks the port.',
  x224: 'The connection is cut as soon as Remote Desktop is asked for: this usually means a firewall or the remote computer drops Remote Desktop connections.',
  tls: 'The connection is cut while it is being secured: this usually means a problem with the remote computer\'s certificate or security settings, or a device on the way that inspects encrypted connections.',
  'post-tls': 'The connection is cut right after it is secured: this usually means the remote computer\'s Remote Desktop service cannot go on (often its certificate\'s key), or a firewall or security device cuts the connection once it is encrypted.',
};

function stageMs(a: HandshakeAttempt, stage: RowStage): number | undefined {
  return stage === 'tcp' ? a.tcpMs : stage === 'x224' ? a.x224Ms : stage === 'tls' ? a.tlsMs : a.postTlsMs;
}

const ms = (v: number): string => `${Math.round(v)} ms`;

/** One attempt as a row of stages. Pure. */
export function stageRow(a: HandshakeAttempt): StageRow {
  const failedAt: RowStage | undefined = a.ok || a.stage === 'done' ? undefined : a.stage;
  const reachedIndex = failedAt ? ROW_STAGES.indexOf(failedAt) : ROW_STAGES.length;
  // Standard RDP security has no TLS: a stage with no timing between reached ones was not used.
  const cells = ROW_STAGES.map((stage, i): StageCell => {
    const timing = stageMs(a, stage);
    const label = stage === 'post-tls' ? (a.postTls ? POST_LABEL[a.postTls.kind] : 'after TLS') : stage === 'tcp' ? 'TCP' : stage === 'x224' ? 'X.224' : 'TLS';
    let state: StageState;
    if (failedAt === stage) state = 'failed';
    else if (i > reachedIndex) state = 'not-reached';
    else if (timing === undefined && !(a.ok && stage === 'tcp')) state = a.ok && (stage === 'tls' || stage === 'post-tls') ? 'not-used' : 'not-reached';
    else state = 'ok';
    return { stage, label, state, ...(timing !== undefined ? { ms: timing } : {}) };
  });
  const bytes = a.bytesSent !== undefined && a.bytesReceived !== undefined ? `, ${a.bytesSent} bytes sent and ${a.bytesReceived} received` : '';
  const post = a.postTls ? `; after TLS: ${a.postTls.detail}` : '';
  if (!failedAt) {
    return { n: a.n, ok: true, cells, plain: 'The connection got through every stage.', detail: `#${a.n} ok (${a.outcome}) in ${ms(a.durationMs)}${bytes}${post}` };
  }
  return {
    n: a.n,
    ok: false,
    cells,
    failedAt,
    plain: STAGE_PLAIN[failedAt],
    detail: `#${a.n} ended at ${failedAt === 'post-tls' ? (a.postTls ? `${cells[3]!.label} (after TLS)` : 'the exchange after TLS') : cells[ROW_STAGES.indexOf(failedAt)]!.label}: ${a.outcome} after ${ms(a.durationMs)}${bytes}${post}`,
  };
}

/** The plain sentence for each stage at which some of these attempts ended, in stage order (each once). */
export function stagesFailedInWords(rows: readonly StageRow[]): Array<{ stage: RowStage; count: number; plain: string }> {
  return ROW_STAGES.map((stage) => ({ stage, count: rows.filter((r) => r.failedAt === stage).length, plain: STAGE_PLAIN[stage] })).filter((x) => x.count > 0);
}

/** "TCP ✓ · X.224 ✓ · TLS ✓ · MCS ✗": a row as text (CLI, Markdown). */
export function stageRowText(row: StageRow): string {
  const mark: Record<StageState, string> = { ok: '✓', failed: '✗', 'not-reached': '·', 'not-used': '–' };
  return row.cells.map((c) => `${c.label} ${mark[c.state]}`).join('  ');
}
