/**
 * In-process fault injectors: small node:net servers that misbehave in one precise way at the start
 * of an RDP connection. No child processes; stop() closes the listener and destroys every socket.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import tls, { type SecureVersion } from 'node:tls';
import { generateCert, type CertInfo, type CertKind } from './certs';
import { LOOPBACK } from './ports';
import { track } from './registry';
import type { RunningServer } from './types';
import {
  encodeBareConnectionConfirm,
  encodeConnectionConfirm,
  encodeNegotiationFailure,
  FAILURE,
  parseConnectInitial,
  parseConnectionRequest,
  PROTOCOL,
  RECORDED_CONNECT_RESPONSE,
} from './x224';

export type FaultKind =
  /** RST as soon as the TCP connection is accepted. */
  | 'reset-on-connect'
  /** Accepts and reads, never answers. */
  | 'accept-then-silence'
  /** Sends a non-RDP banner on accept (default "SSH-2.0-OpenSSH_9.2\r\n"), closes once the client sends anything. */
  | 'banner'
  /** Answers the request with a broken TPKT (see FaultOptions.malformed), then closes. */
  | 'malformed-tpkt'
  /** Answers with a TPKT header announcing 65535 bytes, then drips one byte per dripIntervalMs. */
  | 'oversized-tpkt'
  /** Sends a correct confirm one byte per dripIntervalMs, then carries on like 'tls-ok'. */
  | 'slow-drip'
  /** Waits delayMs before a correct confirm, then carries on like 'tls-ok'. */
  | 'slow-confirm'
  /** After the request, streams garbage until the client closes (capped at maxBytes). */
  | 'megabytes'
  /** Confirm selecting a protocol the client did not request (or FaultOptions.selectedProtocol). */
  | 'wrong-selected-protocol'
  /** RDP_NEG_FAILURE with FaultOptions.failureCode (default 5), then FIN. 'neg-failure-3' etc. set the code in the name. */
  | 'neg-failure'
  | `neg-failure-${number}`
  /** Correct confirm, then RST. */
  | 'reset-after-x224'
  /** Correct confirm, then FIN. */
  | 'close-after-x224'
  /** Correct confirm selecting TLS, then RST as soon as the ClientHello arrives (the classic 0x904 picture). */
  | 'reset-after-client-hello'
  /** Correct confirm selecting TLS, then silence: the ClientHello is read and never answered (a stalled TLS handshake). */
  | 'stall-after-x224'
  /** Correct confirm, full TLS handshake, then RST after delayMs (default 0). */
  | 'tls-then-reset'
  /** Every everyNth connection (default 2nd, 4th, ...) is reset on its request; the others behave like 'tls-ok'. */
  | 'flaky'
  /** Every everyNth connection (default 2nd, 4th, ...) is reset right after its TLS handshake; the others behave like 'tls-ok'. */
  | 'flaky-after-tls'
  /**
   * A well-behaved TLS listener: confirm, TLS handshake, then answers an MCS Connect-Initial with a
   * recorded MCS Connect-Response (no CredSSP) and holds the connection open.
   */
  | 'tls-ok';

export const FAULT_KINDS: readonly FaultKind[] = [
  'reset-on-connect', 'accept-then-silence', 'banner', 'malformed-tpkt', 'oversized-tpkt', 'slow-drip', 'slow-confirm',
  'megabytes', 'wrong-selected-protocol', 'neg-failure', 'reset-after-x224', 'close-after-x224', 'reset-after-client-hello',
  'stall-after-x224', 'tls-then-reset', 'flaky', 'flaky-after-tls', 'tls-ok',
];

export type MalformedVariant =
  | 'bad-version' // a 19-byte confirm whose TPKT version byte is 4
  | 'short-length' // TPKT length field 5 (less than the 7-byte minimum)
  | 'not-a-confirm'; // a well-framed TPKT whose X.224 code is Data (F0), not Connection Confirm (D0)

export interface FaultOptions {
  /** Listen address: '127.0.0.1' (default) or '::1'; netns.ts runs faults on an address inside a test namespace. */
  host?: string;
  /** Fixed port (default: a free one). Handy to put a fault on ::1 and a real server on 127.0.0.1 with the same port. */
  port?: number;
  /** neg-failure: the failure code (default 5 HYBRID_REQUIRED_BY_SERVER). */
  failureCode?: number;
  /** wrong-selected-protocol: the protocol to select (default: one the client did not request). */
  selectedProtocol?: number;
  /** banner: bytes sent on accept. */
  banner?: string | Buffer;
  /** malformed-tpkt: which malformation (default 'bad-version'). */
  malformed?: MalformedVariant;
  /** slow-drip and oversized-tpkt: milliseconds between bytes (default 100). */
  dripIntervalMs?: number;
  /** slow-confirm: delay before the confirm (default 3000); tls-then-reset: delay after the handshake (default 0). */
  delayMs?: number;
  /** flaky: every Nth connection is reset (default 2). */
  everyNth?: number;
  /** Certificate for the TLS part (default 'valid'). */
  cert?: CertKind;
  /** TLS versions the fault server accepts (default TLSv1.2 .. TLSv1.3). */
  tlsMinVersion?: SecureVersion;
  tlsMaxVersion?: SecureVersion;
  /** megabytes: stop after this many bytes even if the client never closes (default 256 MiB). */
  maxBytes?: number;
  /** Any connection is destroyed after this long (default 30 s): keeps every wait bounded. */
  maxConnectionMs?: number;
}

export interface FaultStats {
  /** Connections accepted so far. */
  connections: number;
  /** Connections currently open. */
  open: number;
  bytesSent: number;
  bytesReceived: number;
  /** Connections this server ended with RST. */
  resets: number;
  /** TLS handshakes completed. */
  tlsHandshakes: number;
  /** requestedProtocols of each parsed request, in order (null when the request had no RDP_NEG_REQ). Last 100. */
  requests: Array<number | null>;
}

export interface FaultInfo {
  kind: FaultKind;
  /** Resolved settings (defaults filled in). */
  failureCode: number | null;
  dripIntervalMs: number;
  delayMs: number;
  everyNth: number;
  malformed: MalformedVariant;
  banner: string;
  maxBytes: number;
  cert: CertInfo | null;
  expectedCommonName: string | null;
}

export interface FaultServer extends RunningServer<FaultInfo> {
  /** A snapshot of the counters. */
  stats(): FaultStats;
}

/** What a well-behaved TLS-capable server would select: TLS if asked, else HYBRID (TLS first), else RDP. */
function defaultSelection(requested: number): number {
  if (requested & PROTOCOL.SSL) return PROTOCOL.SSL;
  if (requested & (PROTOCOL.HYBRID | PROTOCOL.HYBRID_EX)) return PROTOCOL.HYBRID;
  return PROTOCOL.RDP;
}

/** A protocol flag the client did not ask for. */
function unrequested(requested: number): number {
  for (const p of [PROTOCOL.HYBRID, PROTOCOL.SSL, PROTOCOL.HYBRID_EX, PROTOCOL.RDSTLS, PROTOCOL.RDSAAD]) {
    if (!(requested & p)) return p;
  }
  return 0x20;
}

function malformedBytes(variant: MalformedVariant, selected: number): Buffer {
  switch (variant) {
    case 'bad-version': {
      const out = encodeConnectionConfirm(selected);
      out[0] = 4;
      return out;
    }
    case 'short-length':
      return Buffer.from([0x03, 0x00, 0x00, 0x05, 0x02, 0xf0, 0x80]);
    case 'not-a-confirm':
      return Buffer.from([0x03, 0x00, 0x00, 0x0b, 0x06, 0xf0, 0x00, 0x00, 0x12, 0x34, 0x00]);
  }
}

function parseKind(kind: FaultKind, options: FaultOptions): { base: FaultKind; failureCode: number | null } {
  const m = /^neg-failure-(\d+)$/.exec(kind);
  if (m) return { base: 'neg-failure', failureCode: Number(m[1]) };
  if (kind === 'neg-failure') return { base: kind, failureCode: options.failureCode ?? FAILURE.HYBRID_REQUIRED_BY_SERVER };
  if (!FAULT_KINDS.includes(kind)) throw new Error(`startFault: unknown kind ${kind}`);
  return { base: kind, failureCode: null };
}

const GARBAGE = (() => {
  const b = randomBytes(64 * 1024);
  b[0] = 0xff; // never looks like a TPKT header
  return b;
})();

/** Starts an in-process fault server on a free loopback port. */
export async function startFault(kind: FaultKind, options: FaultOptions = {}): Promise<FaultServer> {
  const { base, failureCode } = parseKind(kind, options);
  const host = options.host ?? LOOPBACK;
  const dripIntervalMs = options.dripIntervalMs ?? 100;
  const delayMs = options.delayMs ?? (base === 'slow-confirm' ? 3000 : 0);
  const everyNth = Math.max(1, options.everyNth ?? 2);
  const malformed = options.malformed ?? 'bad-version';
  const bannerBytes = Buffer.isBuffer(options.banner) ? options.banner : Buffer.from(options.banner ?? 'SSH-2.0-OpenSSH_9.2\r\n', 'latin1');
  const maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
  const maxConnectionMs = options.maxConnectionMs ?? 30_000;
  const usesTls = !['reset-on-connect', 'accept-then-silence', 'banner', 'malformed-tpkt', 'oversized-tpkt', 'megabytes', 'wrong-selected-protocol', 'neg-failure'].includes(base);
  const cert = usesTls ? await generateCert(options.cert ?? 'valid') : null;
  const secureContext = cert
    ? tls.createSecureContext({
        key: cert.keyPem,
        cert: cert.certPem,
        minVersion: options.tlsMinVersion ?? 'TLSv1.2',
        maxVersion: options.tlsMaxVersion ?? 'TLSv1.3',
        ciphers: 'DEFAULT:@SECLEVEL=0',
      })
    : null;

  const stats: FaultStats = { connections: 0, open: 0, bytesSent: 0, bytesReceived: 0, resets: 0, tlsHandshakes: 0, requests: [] };
  const sockets = new Set<net.Socket>();
  // bytesRead of closed sockets; open ones are added in stats(). (No extra 'data' listener on the
  // raw socket: it would swallow a ClientHello that arrives before the TLS socket is in place.)
  let closedBytesReceived = 0;
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const send = (socket: net.Socket, bytes: Buffer): boolean => {
    if (socket.destroyed) return false;
    stats.bytesSent += bytes.length;
    return socket.write(bytes);
  };

  const reset = (socket: net.Socket): void => {
    if (socket.destroyed) return;
    stats.resets++;
    socket.resetAndDestroy();
  };

  /** Sends bytes one at a time, then calls done (unless the socket went away). */
  const drip = (socket: net.Socket, bytes: Buffer, done: () => void): void => {
    let i = 0;
    const step = (): void => {
      if (socket.destroyed || stopped) return;
      send(socket, bytes.subarray(i, i + 1));
      i++;
      // done() runs in the same tick as the last byte: the client's next message (a ClientHello)
      // must find the TLS socket already in place.
      if (i >= bytes.length) done();
      else later(dripIntervalMs, step);
    };
    if (bytes.length === 0) done();
    else step();
  };

  /** Answers an MCS Connect-Initial with the recorded Connect-Response; anything else is read and ignored. */
  const answerMcs = (stream: net.Socket | tls.TLSSocket): void => {
    let pending = Buffer.alloc(0);
    let answered = false;
    stream.on('data', (chunk: Buffer) => {
      if (answered) return;
      pending = Buffer.concat([pending, chunk]);
      const parsed = parseConnectInitial(pending);
      if (parsed.status === 'incomplete') {
        if (pending.length > 64 * 1024) stream.destroy();
        return;
      }
      answered = true;
      if (parsed.status === 'connect-initial' && !stream.destroyed) {
        stats.bytesSent += RECORDED_CONNECT_RESPONSE.length;
        stream.write(RECORDED_CONNECT_RESPONSE);
      }
    });
  };

  /** TLS server handshake over the raw socket; afterwards: answer MCS and hold, or reset ('tls-then-reset', 'flaky-after-tls'). */
  const startTls = (socket: net.Socket, index: number): void => {
    if (!secureContext || socket.destroyed) return;
    const tlsSocket = new tls.TLSSocket(socket, { isServer: true, secureContext });
    tlsSocket.on('error', () => socket.destroy());
    const cutAfterTls = base === 'tls-then-reset' || (base === 'flaky-after-tls' && index % everyNth === 0);
    tlsSocket.once('secure', () => {
      stats.tlsHandshakes++;
      if (cutAfterTls) later(delayMs, () => reset(socket));
    });
    if (cutAfterTls) tlsSocket.on('data', () => undefined);
    else answerMcs(tlsSocket);
  };

  const confirmThen = (socket: net.Socket, index: number, requested: number | null, confirm: Buffer, selected: number): void => {
    const next = (): void => {
      if (socket.destroyed) return;
      if (base === 'reset-after-x224') {
        // Let the confirm reach the client before the RST (resetAndDestroy discards unsent data).
        socket.write(Buffer.alloc(0), () => later(50, () => reset(socket)));
        return;
      }
      if (base === 'close-after-x224') {
        socket.end();
        return;
      }
      if (base === 'reset-after-client-hello') {
        socket.once('data', () => reset(socket));
        return;
      }
      if (base === 'stall-after-x224') {
        socket.on('data', () => undefined);
        return;
      }
      if (requested !== null && selected !== PROTOCOL.RDP) startTls(socket, index);
      // RDP security selected: MCS follows on the plain connection (the recorded answer is a TLS one:
      // enough for a client that stops at the Connect-Response), then the connection is held.
      else answerMcs(socket);
    };
    if (base === 'slow-drip') drip(socket, confirm, next);
    else {
      send(socket, confirm);
      next();
    }
  };

  const onRequest = (socket: net.Socket, index: number, requested: number | null): void => {
    const asked = requested ?? 0;
    switch (base) {
      case 'accept-then-silence':
        return;
      case 'malformed-tpkt':
        send(socket, malformedBytes(malformed, defaultSelection(asked)));
        socket.end();
        return;
      case 'oversized-tpkt': {
        send(socket, Buffer.from([0x03, 0x00, 0xff, 0xff, 0x0e, 0xd0, 0x00, 0x00, 0x12, 0x34, 0x00]));
        drip(socket, Buffer.alloc(65535 - 11), () => socket.end());
        return;
      }
      case 'megabytes': {
        let sentHere = 0;
        const pump = (): void => {
          while (!socket.destroyed && !stopped && socket.writable) {
            if (sentHere >= maxBytes) {
              socket.end();
              return;
            }
            sentHere += GARBAGE.length;
            if (!send(socket, GARBAGE)) {
              socket.once('drain', pump);
              return;
            }
          }
        };
        pump();
        return;
      }
      case 'wrong-selected-protocol': {
        const selected = options.selectedProtocol ?? unrequested(asked);
        send(socket, encodeConnectionConfirm(selected));
        return;
      }
      case 'neg-failure':
        send(socket, encodeNegotiationFailure(failureCode ?? FAILURE.HYBRID_REQUIRED_BY_SERVER));
        socket.end();
        return;
      case 'flaky':
        if (index % everyNth === 0) {
          reset(socket);
          return;
        }
        break;
      default:
        break;
    }
    if (requested === null) {
      confirmThen(socket, index, null, encodeBareConnectionConfirm(), PROTOCOL.RDP);
      return;
    }
    const selected = defaultSelection(asked);
    const respond = (): void => confirmThen(socket, index, requested, encodeConnectionConfirm(selected), selected);
    if (base === 'slow-confirm') later(delayMs, respond);
    else respond();
  };

  const onConnection = (socket: net.Socket): void => {
    if (stopped) {
      socket.destroy();
      return;
    }
    stats.connections++;
    stats.open++;
    const index = stats.connections;
    sockets.add(socket);
    socket.setNoDelay(true);
    const cap = setTimeout(() => socket.destroy(), maxConnectionMs);
    socket.once('close', () => {
      clearTimeout(cap);
      sockets.delete(socket);
      stats.open--;
      closedBytesReceived += socket.bytesRead;
    });
    socket.on('error', () => undefined);

    if (base === 'reset-on-connect') {
      reset(socket);
      return;
    }
    if (base === 'banner') {
      send(socket, bannerBytes);
      socket.once('data', () => socket.end());
      return;
    }

    let buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buffer = Buffer.concat([buffer, chunk]);
      const parsed = parseConnectionRequest(buffer);
      if (parsed.status === 'incomplete') {
        if (buffer.length > 64 * 1024) socket.destroy();
        return;
      }
      socket.removeListener('data', onData);
      if (parsed.status === 'invalid') {
        // What a real listener does with a bad first PDU: drop the connection.
        socket.destroy();
        return;
      }
      stats.requests.push(parsed.requestedProtocols);
      if (stats.requests.length > 100) stats.requests.shift();
      const rest = buffer.subarray(parsed.length);
      if (rest.length > 0) socket.unshift(rest);
      onRequest(socket, index, parsed.requestedProtocols);
    };
    socket.on('data', onData);
  };

  const server = net.createServer({ pauseOnConnect: false }, onConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: options.port ?? 0, exclusive: true }, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  server.on('error', () => undefined);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const info: FaultInfo = {
    kind,
    failureCode,
    dripIntervalMs,
    delayMs,
    everyNth,
    malformed,
    banner: bannerBytes.toString('latin1'),
    maxBytes,
    cert,
    expectedCommonName: cert?.commonName ?? null,
  };

  const tracked = track<FaultInfo>({
    host,
    port,
    name: `fault:${kind}`,
    info,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await Promise.race([closed, new Promise((r) => setTimeout(r, 2000))]);
    },
    async logs() {
      const now = snapshot();
      return `fault:${kind} on ${host}:${port} ${JSON.stringify({ ...now, requests: now.requests.slice(-10) })}`;
    },
  });
  const snapshot = (): FaultStats => {
    let bytesReceived = closedBytesReceived;
    for (const s of sockets) bytesReceived += s.bytesRead;
    return { ...stats, bytesReceived, requests: [...stats.requests] };
  };
  return { ...tracked, stats: snapshot };
}
