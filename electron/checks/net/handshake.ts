/**
 * One full connection start, as mstsc does it up to "Securing remote connection":
 * TCP connect, X.224 negotiation, TLS handshake. Per-stage timings and the stage that failed.
 */
import type { HandshakeAttempt, TcpData, X224Reply } from '../../../shared/checks/net';
import { PROTOCOL } from '../../../shared/checks/net';
import { now, since, type ProbeOptions } from './io';
import { tcpConnect } from './tcp';
import { startTls } from './tls';
import { certificateNames as certificateNamesOf } from './x509';
import { REQUEST_TLS_AND_CREDSSP, x224Exchange } from './x224';

export interface HandshakeOptions extends ProbeOptions {
  requestedProtocols?: number;
  /** The name the user typed (SNI for DNS names). */
  servername?: string;
  cookie?: string;
  /** Attempt number, for the record. */
  n?: number;
  /** Read the names in the server certificate (default true); the stability attempts do not need them. */
  readCertificate?: boolean;
}

export interface HandshakeResult {
  attempt: HandshakeAttempt;
  tcp: TcpData;
  x224?: X224Reply;
  /** Negotiated TLS version and cipher when TLS completed. */
  tlsProtocol?: string;
  cipher?: string;
  /** Names in the server certificate (CN, DNS SANs), when TLS completed. */
  certificateNames?: string[];
}

/** Outcome words for an X.224 reply that does not lead on to TLS. */
export function x224Outcome(reply: X224Reply): string {
  if (reply.kind === 'failure') return reply.failureName ?? 'failure';
  if (reply.kind === 'confirm' && reply.unexpectedSelection) return 'unexpected-selection';
  return reply.kind;
}

/** TCP + X.224 + TLS. Never throws. */
export async function fullHandshake(address: string, port: number, options: HandshakeOptions): Promise<HandshakeResult> {
  const started = now();
  const startedAt = new Date().toISOString();
  const n = options.n ?? 1;
  const signal = options.signal ? { signal: options.signal } : {};
  const requested = options.requestedProtocols ?? REQUEST_TLS_AND_CREDSSP;

  const tcp = await tcpConnect(address, port, { timeoutMs: options.timeoutMs, keepOpen: true, ...signal });
  const tcpMs = tcp.data.connectMs;
  if (!tcp.socket) {
    return {
      tcp: tcp.data,
      attempt: { n, ok: false, stage: 'tcp', outcome: tcp.data.outcome, durationMs: since(started), ...(tcpMs !== undefined ? { tcpMs } : {}), startedAt },
    };
  }
  const exchange = await x224Exchange(address, port, requested, {
    timeoutMs: options.timeoutMs,
    socket: tcp.socket,
    keepOpen: true,
    ...signal,
    ...(options.cookie !== undefined ? { cookie: options.cookie } : {}),
  });
  const reply = exchange.reply;
  const x224Ms = reply.durationMs;
  const timings = { ...(tcpMs !== undefined ? { tcpMs } : {}), x224Ms };
  const selected = reply.selectedProtocol ?? 0;
  const standardRdp = (reply.kind === 'confirm' && selected === PROTOCOL.RDP) || reply.kind === 'confirm-no-negotiation';
  if (standardRdp) {
    // No TLS with standard RDP security: the connection start ends here.
    exchange.socket?.destroy();
    return { tcp: tcp.data, x224: reply, attempt: { n, ok: true, stage: 'done', outcome: 'standard-rdp-security', durationMs: since(started), ...timings, startedAt } };
  }
  if (!exchange.socket || reply.kind !== 'confirm' || reply.unexpectedSelection) {
    exchange.socket?.destroy();
    return { tcp: tcp.data, x224: reply, attempt: { n, ok: false, stage: 'x224', outcome: x224Outcome(reply), durationMs: since(started), ...timings, startedAt } };
  }
  const readCertificate = options.readCertificate !== false;
  const tls = await startTls(exchange.socket, {
    timeoutMs: options.timeoutMs,
    certificates: readCertificate ? 'leaf' : 'none',
    ...signal,
    ...(options.servername ? { servername: options.servername } : {}),
  });
  const tlsMs = tls.durationMs;
  if (tls.outcome !== 'accepted') {
    const outcome = tls.alert ? `alert ${tls.alert}` : tls.outcome;
    return { tcp: tcp.data, x224: reply, attempt: { n, ok: false, stage: 'tls', outcome, durationMs: since(started), ...timings, tlsMs, startedAt } };
  }
  const leaf = tls.certificates?.[0];
  const certificateNames = leaf ? (certificateNamesOf(leaf) ?? undefined) : undefined;
  return {
    tcp: tcp.data,
    x224: reply,
    ...(tls.protocol ? { tlsProtocol: tls.protocol } : {}),
    ...(tls.cipher ? { cipher: tls.cipher } : {}),
    ...(certificateNames ? { certificateNames } : {}),
    attempt: { n, ok: true, stage: 'done', outcome: tls.protocol ?? 'ok', durationMs: since(started), ...timings, tlsMs, startedAt },
  };
}
