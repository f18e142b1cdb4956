/**
 * One full connection start, as mstsc does it up to and one step past "Securing remote connection":
 * TCP connect, X.224 negotiation, TLS handshake, then the first exchange on the secured connection
 * (postTls.ts). Per-stage timings, the stage that failed, and the bytes each way when it ended.
 */
import type { HandshakeAttempt, TcpData, X224Reply } from '../../../shared/checks/net';
import { PROTOCOL } from '../../../shared/checks/net';
import { now, since, type ProbeOptions } from './io';
import { postTlsExchange, postTlsOk } from './postTls';
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
  /** Go one stage past TLS (default true): MCS Connect-Initial, or CredSSP NEGOTIATE. */
  postTls?: boolean;
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
  const raw = tcp.socket;
  const bytes = (): { bytesSent: number; bytesReceived: number } => ({ bytesSent: raw.bytesWritten, bytesReceived: raw.bytesRead });
  const selected = reply.selectedProtocol ?? 0;
  const standardRdp = (reply.kind === 'confirm' && selected === PROTOCOL.RDP && !reply.unexpectedSelection) || reply.kind === 'confirm-no-negotiation';
  const goOn = options.postTls !== false;
  if (standardRdp) {
    // No TLS with standard RDP security: the next stage (MCS) follows X.224 on the plain connection.
    if (!goOn || !exchange.socket) {
      exchange.socket?.destroy();
      return { tcp: tcp.data, x224: reply, attempt: { n, ok: true, stage: 'done', outcome: 'standard-rdp-security', durationMs: since(started), ...timings, ...bytes(), startedAt } };
    }
    const post = await postTlsExchange(exchange.socket, PROTOCOL.RDP, { timeoutMs: options.timeoutMs, ...signal });
    exchange.socket.destroy();
    const ok = postTlsOk(post);
    return {
      tcp: tcp.data,
      x224: reply,
      attempt: { n, ok, stage: ok ? 'done' : 'post-tls', outcome: ok ? 'standard-rdp-security' : post.outcome, durationMs: since(started), ...timings, postTlsMs: post.durationMs, postTls: post, ...bytes(), startedAt },
    };
  }
  if (!exchange.socket || reply.kind !== 'confirm' || reply.unexpectedSelection) {
    exchange.socket?.destroy();
    return { tcp: tcp.data, x224: reply, attempt: { n, ok: false, stage: 'x224', outcome: x224Outcome(reply), durationMs: since(started), ...timings, ...bytes(), startedAt } };
  }
  const readCertificate = options.readCertificate !== false;
  const tls = await startTls(exchange.socket, {
    timeoutMs: options.timeoutMs,
    certificates: readCertificate ? 'leaf' : 'none',
    keepOpen: goOn,
    ...signal,
    ...(options.servername ? { servername: options.servername } : {}),
  });
  const tlsMs = tls.durationMs;
  if (tls.outcome !== 'accepted') {
    tls.tlsSocket?.destroy();
    const outcome = tls.alert ? `alert ${tls.alert}` : tls.outcome;
    return { tcp: tcp.data, x224: reply, attempt: { n, ok: false, stage: 'tls', outcome, durationMs: since(started), ...timings, tlsMs, ...bytes(), tlsBytesReceived: tls.bytesReceived, startedAt } };
  }
  const leaf = tls.certificates?.[0];
  const certificateNames = leaf ? (certificateNamesOf(leaf) ?? undefined) : undefined;
  const secured = {
    tcp: tcp.data,
    x224: reply,
    ...(tls.protocol ? { tlsProtocol: tls.protocol } : {}),
    ...(tls.cipher ? { cipher: tls.cipher } : {}),
    ...(certificateNames ? { certificateNames } : {}),
  };
  const version = tls.protocol ?? 'ok';
  if (!goOn || !tls.tlsSocket) {
    tls.tlsSocket?.destroy();
    return { ...secured, attempt: { n, ok: true, stage: 'done', outcome: version, durationMs: since(started), ...timings, tlsMs, ...bytes(), startedAt } };
  }
  const post = await postTlsExchange(tls.tlsSocket, selected, { timeoutMs: options.timeoutMs, ...signal });
  tls.tlsSocket.destroy();
  const ok = postTlsOk(post);
  return {
    ...secured,
    attempt: { n, ok, stage: ok ? 'done' : 'post-tls', outcome: ok ? version : post.outcome, durationMs: since(started), ...timings, tlsMs, postTlsMs: post.durationMs, postTls: post, ...bytes(), startedAt },
  };
}
