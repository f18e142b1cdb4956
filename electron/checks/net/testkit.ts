/**
 * Test helpers for the network probes (not shipped code paths): certificates built with our own DER
 * writer and signed with node:crypto, and small loopback servers that play an RDP listener, a TLS
 * listener, a CredSSP/NTLM server, a UDP RDP endpoint, a DNS server, or misbehave precisely.
 * Every server listens on 127.0.0.1 (or ::1) only, and close() destroys every socket it accepted.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { TLSSocket, type SecureVersion } from 'node:tls';
import { der, TAG, tlv } from './der';
import { encodeTpkt } from './tpkt';

// ---------------------------------------------------------------- certificates

export interface TestCertOptions {
  cn: string;
  dnsNames?: string[];
  ipAddresses?: string[];
  notBefore?: Date;
  notAfter?: Date;
  key?: 'rsa' | 'ec';
  rsaBits?: number;
  hash?: 'sha256' | 'sha1';
  eku?: string[];
  serial?: number;
  issuerCn?: string;
}

export interface TestCert {
  der: Buffer;
  certPem: string;
  keyPem: string;
  key: KeyObject;
}

function time(date: Date): Buffer {
  const iso = date.toISOString();
  const compact = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const year = date.getUTCFullYear();
  if (year >= 1950 && year < 2050) return tlv(TAG.UTC_TIME, Buffer.from(compact.slice(2), 'latin1'));
  return tlv(TAG.GENERALIZED_TIME, Buffer.from(compact, 'latin1'));
}

function name(cn: string): Buffer {
  return der.sequence(der.set(der.sequence(der.oid('2.5.4.3'), der.utf8(cn))));
}

function ipBytes(ip: string): Buffer {
  if (ip.includes('.')) return Buffer.from(ip.split('.').map(Number));
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

/** A self-signed (or "issued by issuerCn", signed by its own key) X.509 v3 certificate. */
export function makeCertificate(options: TestCertOptions): TestCert {
  const keyKind = options.key ?? 'rsa';
  const pair =
    keyKind === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: options.rsaBits ?? 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const hash = options.hash ?? 'sha256';
  const sigOid = keyKind === 'rsa' ? (hash === 'sha256' ? '1.2.840.113549.1.1.11' : '1.2.840.113549.1.1.5') : hash === 'sha256' ? '1.2.840.10045.4.3.2' : '1.2.840.10045.4.1';
  const algId = keyKind === 'rsa' ? der.sequence(der.oid(sigOid), der.null()) : der.sequence(der.oid(sigOid));
  const general: Buffer[] = [
    ...(options.dnsNames ?? []).map((n) => tlv(0x82, Buffer.from(n, 'latin1'))),
    ...(options.ipAddresses ?? []).map((ip) => tlv(0x87, ipBytes(ip))),
  ];
  const extensions: Buffer[] = [der.sequence(der.oid('2.5.29.19'), tlv(TAG.BOOLEAN, Buffer.from([0xff])), der.octetString(der.sequence()))];
  if (general.length) extensions.push(der.sequence(der.oid('2.5.29.17'), der.octetString(der.sequence(...general))));
  if (options.eku) extensions.push(der.sequence(der.oid('2.5.29.37'), der.octetString(der.sequence(...options.eku.map((o) => der.oid(o))))));
  const now = Date.now();
  const tbs = der.sequence(
    der.explicit(0, der.integer(2)),
    der.integer(options.serial ?? 0x1234),
    algId,
    name(options.issuerCn ?? options.cn),
    der.sequence(time(options.notBefore ?? new Date(now - 86_400_000)), time(options.notAfter ?? new Date(now + 365 * 86_400_000))),
    name(options.cn),
    pair.publicKey.export({ type: 'spki', format: 'der' }),
    der.explicit(3, der.sequence(...extensions)),
  );
  const signature = sign(hash, tbs, pair.privateKey);
  const cert = der.sequence(tbs, algId, der.bitString(signature));
  const b64 = cert.toString('base64').match(/.{1,64}/g)!.join('\n');
  return {
    der: cert,
    certPem: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`,
    keyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    key: pair.privateKey,
  };
}

let sharedCert: TestCert | undefined;
/** One RSA 2048 certificate for localhost / 127.0.0.1, made once per test file. */
export function localhostCert(): TestCert {
  sharedCert ??= makeCertificate({ cn: 'localhost', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', '::1'], eku: ['1.3.6.1.5.5.7.3.1'] });
  return sharedCert;
}

// ---------------------------------------------------------------- X.224 replies

export function confirmBytes(selectedProtocol: number, flags = 0x01): Buffer {
  const neg = Buffer.alloc(8);
  neg[0] = 0x02;
  neg[1] = flags;
  neg.writeUInt16LE(8, 2);
  neg.writeUInt32LE(selectedProtocol, 4);
  return encodeTpkt(Buffer.concat([Buffer.from([0x0e, 0xd0, 0x00, 0x00, 0x12, 0x34, 0x00]), neg]));
}

export function failureBytes(code: number): Buffer {
  const neg = Buffer.alloc(8);
  neg[0] = 0x03;
  neg.writeUInt16LE(8, 2);
  neg.writeUInt32LE(code, 4);
  return encodeTpkt(Buffer.concat([Buffer.from([0x0e, 0xd0, 0x00, 0x00, 0x12, 0x34, 0x00]), neg]));
}

export function bareConfirmBytes(): Buffer {
  return encodeTpkt(Buffer.from([0x06, 0xd0, 0x00, 0x00, 0x12, 0x34, 0x00]));
}

/** requestedProtocols from a Connection Request (null when there is no RDP_NEG_REQ). */
export function requestedProtocolsOf(request: Buffer): number | null {
  if (request.length < 19) return null;
  const neg = request.subarray(request.length - 8);
  return neg[0] === 0x01 ? neg.readUInt32LE(4) : null;
}

// ---------------------------------------------------------------- TCP servers

export interface TestServer {
  host: string;
  port: number;
  /** Connections accepted so far. */
  connections: () => number;
  close: () => Promise<void>;
}

/** A loopback TCP server; `onConnection` owns each socket. */
export async function tcpServer(onConnection: (socket: Socket, index: number) => void, host = '127.0.0.1'): Promise<TestServer> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket, count++);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    host,
    port,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Read bytes until `n` have arrived (or the socket ends), then call back once. */
export function onBytes(socket: Socket, n: number, callback: (bytes: Buffer) => void): void {
  let buffer = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    buffer = Buffer.concat([buffer, chunk]);
    const length = buffer.length >= 4 && buffer[0] === 0x03 ? buffer.readUInt16BE(2) : n;
    if (buffer.length >= Math.min(n, length)) {
      socket.off('data', onData);
      callback(buffer);
    }
  };
  socket.on('data', onData);
}

/** After one X.224 request: call `reply` with the requested protocols. */
export function onRequest(socket: Socket, reply: (requested: number | null, request: Buffer) => void): void {
  onBytes(socket, 11, (bytes) => reply(requestedProtocolsOf(bytes), bytes));
}

export interface TlsServerOptions {
  cert?: TestCert;
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  /** Which protocol to select for a request, or a negotiation failure (default: SSL when asked, else RDP). */
  select?: (requested: number | null) => number | { failure: number };
  /** Called once TLS is up on a connection. */
  onSecure?: (tlsSocket: TLSSocket, raw: Socket) => void;
  /** After TLS (or after the confirm with standard RDP security): answer a TPKT with RECORDED_CONNECT_RESPONSE (default), or stay silent. */
  afterTls?: 'answer-mcs' | 'silent';
}

/** xrdp's MCS Connect-Response to a TLS client, as recorded (MS-RDPBCGR 2.2.1.4). */
export const RECORDED_CONNECT_RESPONSE = Buffer.from(
  '0300006502f0807f665b0a0100020100301a020116020103020100020101020100020101020300fff80201020437000500147c00012a14760a01010001c0004d63446e8020010c0c000400080001000000030c0800eb030000020c0c000000000000000000',
  'hex',
);

/** Answer the first whole TPKT on `stream` with the recorded Connect-Response (a test server's MCS). */
export function answerMcs(stream: Socket | TLSSocket): void {
  let pending = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    pending = Buffer.concat([pending, chunk]);
    if (pending.length < 4 || pending.length < pending.readUInt16BE(2)) return;
    stream.off('data', onData);
    if (!stream.destroyed) stream.write(RECORDED_CONNECT_RESPONSE);
  };
  stream.on('data', onData);
}

/** An RDP-like listener: X.224 confirm, then TLS on the same socket (as xrdp/Windows do). */
export async function rdpTlsServer(options: TlsServerOptions = {}): Promise<TestServer & { handshakes: () => number }> {
  const cert = options.cert ?? localhostCert();
  let handshakes = 0;
  const server = await tcpServer((socket) => {
    onRequest(socket, (requested) => {
      const choice = options.select ? options.select(requested) : requested !== null && requested & 1 ? 1 : 0;
      if (typeof choice === 'object') return void socket.end(failureBytes(choice.failure));
      const selected = choice;
      socket.write(confirmBytes(selected));
      const answer = (options.afterTls ?? 'answer-mcs') === 'answer-mcs';
      if (selected === 0) {
        if (answer) answerMcs(socket);
        return;
      }
      const secure = new TLSSocket(socket, {
        isServer: true,
        key: cert.keyPem,
        cert: cert.certPem,
        minVersion: options.minVersion ?? 'TLSv1.2',
        maxVersion: options.maxVersion ?? 'TLSv1.3',
        ciphers: 'DEFAULT:@SECLEVEL=0',
      });
      secure.on('error', () => socket.destroy());
      secure.once('secure', () => {
        handshakes++;
        options.onSecure?.(secure, socket);
      });
      if (answer && !options.onSecure) answerMcs(secure);
    });
  });
  return { ...server, handshakes: () => handshakes };
}

// ---------------------------------------------------------------- UDP

export interface TestUdpServer {
  host: string;
  port: number;
  received: () => number;
  close: () => Promise<void>;
}

/** A loopback UDP server; `reply` returns the datagram to send back, or null for silence. */
export async function udpServer(reply: (message: Buffer) => Buffer | null, host = '127.0.0.1'): Promise<TestUdpServer> {
  const socket: UdpSocket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  let received = 0;
  socket.on('message', (message, rinfo) => {
    received++;
    const answer = reply(message);
    if (answer) socket.send(answer, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, host, () => resolve()));
  return {
    host,
    port: socket.address().port,
    received: () => received,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

// ---------------------------------------------------------------- DNS

export type DnsAnswer = { rcode: number; a?: string[]; aaaa?: string[] } | 'silence';

/** A tiny authoritative DNS server on loopback UDP: answers A / AAAA per name, or stays silent. */
export async function dnsServer(answers: (name: string) => DnsAnswer): Promise<TestUdpServer> {
  return udpServer((query) => {
    if (query.length < 12) return null;
    let at = 12;
    const labels: string[] = [];
    // Bounded by the query length.
    while (at < query.length && query[at]! > 0) {
      const len = query[at]!;
      labels.push(query.subarray(at + 1, at + 1 + len).toString('latin1'));
      at += 1 + len;
    }
    const qEnd = at + 5;
    const qtype = query.readUInt16BE(at + 1);
    const answer = answers(labels.join('.').toLowerCase());
    if (answer === 'silence') return null;
    const records = qtype === 1 ? (answer.a ?? []) : qtype === 28 ? (answer.aaaa ?? []) : [];
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    header.writeUInt16BE(0x8400 | (query.readUInt16BE(2) & 0x0100) | 0x0080 | (answer.rcode & 0xf), 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answer.rcode === 0 ? records.length : 0, 6);
    const question = query.subarray(12, qEnd);
    const rrs =
      answer.rcode === 0
        ? records.map((address) => {
            const data = qtype === 1 ? Buffer.from(address.split('.').map(Number)) : ipBytes(address);
            const rr = Buffer.alloc(12);
            rr.writeUInt16BE(0xc00c, 0);
            rr.writeUInt16BE(qtype, 2);
            rr.writeUInt16BE(1, 4);
            rr.writeUInt32BE(60, 6);
            rr.writeUInt16BE(data.length, 10);
            return Buffer.concat([rr, data]);
          })
        : [];
    return Buffer.concat([header, question, ...rrs]);
  });
}

/** Wait at most `ms` for `predicate` (polling every 10 ms). */
export async function waitFor(predicate: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (predicate()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return predicate();
}
