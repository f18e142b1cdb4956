/**
 * Connection stability: repeated full handshakes (TCP, X.224, TLS) to one address.
 */
import type { Finding } from '../model';
import { NET_CHECK_IDS, rdpListenerDataSchema, stabilityDataSchema, tlsDataSchema, type HandshakeAttempt, type X224Reply } from '../checks/net';
import { evidence } from '../catalog';
import { durationWords, ms } from './describe';
import { tlsFailed } from './certificate';
import { certNotOnServer } from './negotiation';
import { netFinding, usable } from './read';
import type { Rule, RuleInput } from './types';

/** Outcomes where the server (or the path) ended the handshake; not-tls: it answered the ClientHello with something else. */
const CUT = /reset|closed|close|econnreset|epipe|eof|hang ?up|aborted|not-tls/i;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function attemptLine(a: HandshakeAttempt): string {
  return a.ok ? `#${a.n} ok in ${ms(a.durationMs)}` : `#${a.n} failed at ${a.stage}: ${a.outcome} after ${ms(a.durationMs)}`;
}

/**
 * The certificate step already explains cuts at this address when TLS never completed there
 * (tls-handshake-failed) or the server has no certificate (tls-cert-not-on-server).
 */
function explainedBySecuring(input: RuleInput, address: string): boolean {
  return usable(input.checks, NET_CHECK_IDS.tls, tlsDataSchema).some(
    ({ data }) => data.address === address && (tlsFailed(data) || certNotOnServer(data.x224)),
  );
}

/** The listener check's tries at this address that were reset or closed before an answer (then tried again). */
function listenerCutsAt(input: RuleInput, address: string): Array<{ reply: X224Reply; line: string }> {
  return usable(input.checks, NET_CHECK_IDS.rdpListener, rdpListenerDataSchema)
    .filter(({ data }) => data.address === address)
    .flatMap(({ data }) => (data.earlier ?? []).map((reply, i) => ({ reply, line: `listener try ${i + 1} failed at x224: ${reply.kind} after ${ms(reply.durationMs)}` })));
}

export const stabilityRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { check, data } of usable(input.checks, NET_CHECK_IDS.stability, stabilityDataSchema)) {
    const total = data.attempts.length;
    if (total === 0) continue;
    const ok = data.attempts.filter((a) => a.ok);
    const failed = data.attempts.filter((a) => !a.ok);
    const cut = failed.filter((a) => (a.stage === 'x224' || a.stage === 'tls') && CUT.test(a.outcome));

    if (cut.length > 0 && !explainedBySecuring(input, data.address)) {
      out.push(
        netFinding(input, 'reset-during-handshake', {
          address: data.address,
          vars: {
            what: `${cut.length} of ${total} attempts`,
            stages: `Handshakes to ${data.address}: ${cut.map(attemptLine).join('; ')}`,
          },
          evidence: cut.map((a) => evidence(`Attempt ${a.n}`, attemptLine(a), check.id)),
        }),
      );
    }

    // The listener check's own tries that were cut (and retried) count too: they are connections like these.
    const listenerCuts = listenerCutsAt(input, data.address);
    if (ok.length > 0 && failed.length + listenerCuts.length > 0) {
      const lines = [...listenerCuts.map((c) => c.line), ...data.attempts.map(attemptLine)];
      const failedCount = failed.length + listenerCuts.length;
      const all = total + listenerCuts.length;
      out.push(
        netFinding(input, 'intermittent-failures', {
          address: data.address,
          vars: { failed: failedCount, total: all, rate: `${Math.round((failedCount / all) * 100)}%`, list: lines.join('; ') },
          evidence: [
            ...listenerCuts.map((c) => evidence('Listener check (tried again)', c.line, NET_CHECK_IDS.rdpListener)),
            ...data.attempts.map((a) => evidence(`Attempt ${a.n}`, attemptLine(a), check.id)),
          ],
        }),
      );
    }

    // A handshake slower than the threshold is slow-handshake (RunOptions.slowHandshakeMs).
    const slow = ok.filter((a) => a.durationMs > data.slowThresholdMs);
    if (slow.length > 0) {
      const med = median(ok.map((a) => a.durationMs)) ?? 0;
      const slowest = Math.max(...ok.map((a) => a.durationMs));
      const stage = (pick: (a: HandshakeAttempt) => number | undefined): string => {
        const m = median(ok.map(pick).filter((v): v is number => v !== undefined));
        return m === null ? 'not measured' : ms(m);
      };
      out.push(
        netFinding(input, 'slow-handshake', {
          address: data.address,
          vars: {
            slowest: durationWords(slowest),
            threshold: `${Number((data.slowThresholdMs / 1000).toFixed(1))} seconds`,
            slowCount: slow.length,
            medianMs: Math.round(med),
            maxMs: Math.round(slowest),
            okCount: ok.length,
            thresholdMs: data.slowThresholdMs,
            stages: `TCP ${stage((a) => a.tcpMs)}, X.224 ${stage((a) => a.x224Ms)}, TLS ${stage((a) => a.tlsMs)}`,
          },
          evidence: slow.map((a) => evidence(`Attempt ${a.n}`, `${attemptLine(a)} (TCP ${ms(a.tcpMs ?? 0)}, X.224 ${ms(a.x224Ms ?? 0)}, TLS ${ms(a.tlsMs ?? 0)})`, check.id)),
        }),
      );
    }
  }
  return out;
};
