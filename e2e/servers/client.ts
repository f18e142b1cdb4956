/**
 * A tiny independent RDP client for checking the harness servers from the outside (and for sanity
 * checks in Playwright setup). Not the product's probe: keep it small and obviously correct.
 */
import net from 'node:net';
import tls, { type DetailedPeerCertificate, type SecureVersion, type TLSSocket } from 'node:tls';
import { decodeConnectionConfirm, encodeConnectionRequest, type DecodedConfirm } from './x224';

export type X224Outcome =
  | { outcome: 'confirm'; confirm: DecodedConfirm; raw: Buffer; socket: net.Socket; elapsedMs: number }
  /** The server closed (FIN) or reset (RST) before a whole TPKT arrived. */
  | { outcome: 'closed'; reset: boolean; received: Buffer; elapsedMs: number }
  | { outcome: 'timeout'; received: Buffer; elapsedMs: number }
  | { outcome: 'refused'; elapsedMs: number }
  | { outcome: 'error'; message: string; received: Buffer; elapsedMs: number };

export interface X224ExchangeOptions {
  timeoutMs?: number;
  cookie?: string;
  /** Give up reading after this many bytes (garbage servers). Default 64 KiB. */
  maxBytes?: number;
}

/**
 * Connects, sends one X.224 Connection Request and reads one TPKT back. On 'confirm' the socket is
 * left open (paused, nothing buffered) so the caller can go on with TLS; otherwise it is destroyed.
 */
export function x224Exchange(host: string, port: number, requestedProtocols: number | null, options: X224ExchangeOptions = {}): Promise<X224Outcome> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxBytes = options.maxBytes ?? 64 * 1024;
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (result: X224Outcome, keepOpen = false): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeListener('data', onData);
      if (!keepOpen) socket.destroy();
      resolve(result);
    };
    const elapsed = (): number => Date.now() - started;
    const timer = setTimeout(() => finish({ outcome: 'timeout', received, elapsedMs: elapsed() }), timeoutMs);
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 4) {
        const length = received[0] === 3 ? received.readUInt16BE(2) : -1;
        if (length < 0 || length < 4) {
          finish({ outcome: 'confirm', confirm: { kind: 'invalid', reason: `TPKT header ${received.subarray(0, 4).toString('hex')}` }, raw: received, socket, elapsedMs: elapsed() });
          return;
        }
        if (received.length >= length) {
          const raw = received.subarray(0, length);
          const extra = received.subarray(length);
          socket.pause();
          if (extra.length > 0) socket.unshift(extra);
          finish({ outcome: 'confirm', confirm: decodeConnectionConfirm(raw), raw, socket, elapsedMs: elapsed() }, true);
          return;
        }
      }
      if (received.length > maxBytes) finish({ outcome: 'error', message: `more than ${maxBytes} bytes without a whole TPKT`, received, elapsedMs: elapsed() });
    };
    socket.on('data', onData);
    socket.once('connect', () => socket.write(encodeConnectionRequest(requestedProtocols, options.cookie)));
    socket.once('end', () => finish({ outcome: 'closed', reset: false, received, elapsedMs: elapsed() }));
    socket.once('close', () => finish({ outcome: 'closed', reset: false, received, elapsedMs: elapsed() }));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') finish({ outcome: 'refused', elapsedMs: elapsed() });
      else if (err.code === 'ECONNRESET') finish({ outcome: 'closed', reset: true, received, elapsedMs: elapsed() });
      else finish({ outcome: 'error', message: `${err.code ?? ''} ${err.message}`.trim(), received, elapsedMs: elapsed() });
    });
  });
}

export type TlsOutcome =
  | { ok: true; protocol: string; cipher: string; cert: DetailedPeerCertificate; socket: TLSSocket; elapsedMs: number }
  | { ok: false; error: string; code: string | undefined; elapsedMs: number };

export interface TlsUpgradeOptions {
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  /** Default 'DEFAULT:@SECLEVEL=0' so old versions and weak keys can still be looked at. */
  ciphers?: string;
  servername?: string;
  timeoutMs?: number;
}

/** Runs a TLS client handshake over an already-connected socket (after the X.224 exchange). Never verifies the certificate. */
export function tlsUpgrade(socket: net.Socket, options: TlsUpgradeOptions = {}): Promise<TlsOutcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const tlsSocket = tls.connect({
      socket,
      rejectUnauthorized: false,
      minVersion: options.minVersion ?? 'TLSv1',
      maxVersion: options.maxVersion ?? 'TLSv1.3',
      ciphers: options.ciphers ?? 'DEFAULT:@SECLEVEL=0',
      // No SNI for an IP address (Node refuses it); RDP clients send the host name.
      ...(options.servername ? { servername: options.servername } : {}),
    });
    const finish = (result: TlsOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!result.ok) tlsSocket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, error: 'TLS handshake timed out', code: 'TIMEOUT', elapsedMs: Date.now() - started }), options.timeoutMs ?? 5000);
    tlsSocket.once('secureConnect', () => {
      finish({
        ok: true,
        protocol: tlsSocket.getProtocol() ?? '',
        cipher: tlsSocket.getCipher().name,
        cert: tlsSocket.getPeerCertificate(true),
        socket: tlsSocket,
        elapsedMs: Date.now() - started,
      });
    });
    tlsSocket.once('error', (err: NodeJS.ErrnoException) => finish({ ok: false, error: err.message, code: err.code, elapsedMs: Date.now() - started }));
    tlsSocket.once('close', () => finish({ ok: false, error: 'connection closed during the TLS handshake', code: 'CLOSED', elapsedMs: Date.now() - started }));
  });
}

/**
 * end() rather than destroy(): lets our last handshake message (the TLS 1.3 client Finished) reach
 * the server before the FIN; destroyed after 1 s if the server never closes its side.
 */
export function closeGracefully(socket: net.Socket): void {
  socket.on('error', () => undefined);
  socket.end();
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** X.224 exchange, then TLS when the server selected a TLS-based protocol. Closes everything before it returns. */
export async function probeTls(
  host: string,
  port: number,
  requestedProtocols: number,
  options: TlsUpgradeOptions = {},
): Promise<{ x224: X224Outcome; tls: TlsOutcome | null }> {
  const x224 = await x224Exchange(host, port, requestedProtocols, { timeoutMs: options.timeoutMs ?? 5000 });
  if (x224.outcome !== 'confirm' || x224.confirm.kind !== 'selected' || x224.confirm.selectedProtocol === 0) {
    if (x224.outcome === 'confirm') x224.socket.destroy();
    return { x224, tls: null };
  }
  const result = await tlsUpgrade(x224.socket, options);
  if (result.ok) closeGracefully(result.socket);
  else x224.socket.destroy();
  return { x224, tls: result };
}

function der(tag: number, content: Buffer): Buffer {
  const len = content.length;
  let header: Buffer;
  if (len < 0x80) header = Buffer.from([tag, len]);
  else if (len < 0x100) header = Buffer.from([tag, 0x81, len]);
  else header = Buffer.from([tag, 0x82, len >> 8, len & 0xff]);
  return Buffer.concat([header, content]);
}

/** CredSSP TSRequest (version 6) carrying an NTLM NEGOTIATE_MESSAGE (MS-CSSP 2.2.1, MS-NLMP 2.2.1.1). */
export function encodeNtlmNegotiateTsRequest(): Buffer {
  const ntlm = Buffer.alloc(40);
  ntlm.write('NTLMSSP\0', 0, 'latin1');
  ntlm.writeUInt32LE(1, 8); // NEGOTIATE
  ntlm.writeUInt32LE(0xe2088235, 12); // 56|KEY_EXCH|128|VERSION|EXTENDED_SESSIONSECURITY|ALWAYS_SIGN|NTLM|SEAL|SIGN|REQUEST_TARGET|UNICODE
  // DomainNameFields and WorkstationFields stay zero; Version: 10.0 build 19041, NTLM revision 15.
  ntlm[32] = 10;
  ntlm[33] = 0;
  ntlm.writeUInt16LE(19041, 34);
  ntlm[39] = 0x0f;
  const negoToken = der(0x30, der(0xa0, der(0x04, ntlm)));
  const negoData = der(0x30, negoToken);
  return der(0x30, Buffer.concat([der(0xa0, der(0x02, Buffer.from([6]))), der(0xa1, negoData)]));
}

/** Length of a whole DER element at the start of buf, or null while incomplete. */
function derElementLength(buf: Buffer): number | null {
  if (buf.length < 2) return null;
  const first = buf[1] ?? 0;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (buf.length < 2 + n) return null;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + (buf[2 + i] ?? 0);
  return 2 + n + len;
}

/**
 * Inside an established TLS session: sends the NTLM NEGOTIATE TSRequest and returns the server's
 * whole TSRequest answer (expected to carry an NTLM CHALLENGE_MESSAGE), or null on close/timeout.
 */
export function credsspNegotiate(socket: TLSSocket, timeoutMs = 5000): Promise<Buffer | null> {
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (value: Buffer | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeListener('data', onData);
      resolve(value);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      const whole = derElementLength(received);
      if (whole !== null && received.length >= whole) finish(received.subarray(0, whole));
    };
    socket.on('data', onData);
    socket.once('close', () => finish(null));
    socket.once('error', () => finish(null));
    socket.write(encodeNtlmNegotiateTsRequest());
  });
}

/** Finds the NTLM CHALLENGE_MESSAGE in a TSRequest and returns its TargetInfo AV pairs (id -> raw value). */
export function ntlmChallengeInfo(tsRequest: Buffer): { challenge: Buffer; targetInfo: Map<number, Buffer> } | null {
  const at = tsRequest.indexOf(Buffer.from('NTLMSSP\0', 'latin1'));
  if (at < 0 || tsRequest.length < at + 48) return null;
  const msg = tsRequest.subarray(at);
  if (msg.readUInt32LE(8) !== 2) return null;
  const challenge = msg.subarray(24, 32);
  const tiLen = msg.readUInt16LE(40);
  const tiOff = msg.readUInt32LE(44);
  const targetInfo = new Map<number, Buffer>();
  let p = tiOff;
  while (p + 4 <= tiOff + tiLen && p + 4 <= msg.length) {
    const id = msg.readUInt16LE(p);
    const len = msg.readUInt16LE(p + 2);
    if (id === 0) break;
    targetInfo.set(id, msg.subarray(p + 4, p + 4 + len));
    p += 4 + len;
  }
  return { challenge, targetInfo };
}
