/**
 * X.224 Connection Request / Confirm with RDP negotiation (MS-RDPBCGR 2.2.1.1, 2.2.1.2).
 * Pure encoder and decoder, plus `x224Exchange`: one TCP connection, one request, one classified reply.
 */
import type { Socket } from 'node:net';
import { NEG_FAILURE_NAMES, PROTOCOL, protocolFlagNames, type TcpData, type X224Reply } from '../../../shared/checks/net';
import { hexPreview, now, readFromSocket, since, writeSafely, type ProbeOptions, type ReadDecision, type ReadEnd } from './io';
import { tcpConnect, type TcpProbeResult } from './tcp';
import { encodeTpkt, scanTpkt, TPKT_HEADER_LENGTH } from './tpkt';

export const X224_CONNECTION_REQUEST = 0xe0;
export const X224_CONNECTION_CONFIRM = 0xd0;
export const NEG_TYPE = { REQ: 0x01, RSP: 0x02, FAILURE: 0x03 } as const;
export const NEG_LENGTH = 8;

/** requestedProtocols for "TLS, CredSSP or CredSSP with early user authorization", as mstsc asks. */
export const REQUEST_TLS_AND_CREDSSP = PROTOCOL.SSL | PROTOCOL.HYBRID | PROTOCOL.HYBRID_EX;

export const FAILURE_NAMES = NEG_FAILURE_NAMES;

/** Plain words for each failure code. */
export const FAILURE_MEANINGS: Readonly<Record<number, string>> = {
  1: 'the server requires TLS',
  2: 'the server does not allow TLS (standard RDP security only)',
  3: 'the server has no usable certificate, so TLS cannot start',
  4: 'the server found the requested protocols inconsistent',
  5: 'the server requires Network Level Authentication (CredSSP)',
  6: 'the server requires TLS with user authentication',
};

export const RSP_FLAG_NAMES: Readonly<Record<number, string>> = {
  0x01: 'EXTENDED_CLIENT_DATA_SUPPORTED',
  0x02: 'DYNVC_GFX_PROTOCOL_SUPPORTED',
  0x04: 'NEGRSP_FLAG_RESERVED',
  0x08: 'RESTRICTED_ADMIN_MODE_SUPPORTED',
  0x10: 'REDIRECTED_AUTHENTICATION_MODE_SUPPORTED',
};

/** Names of the bits of a requestedProtocols / selectedProtocol value ('RDP' for 0). */
export const protocolNames = protocolFlagNames;

/** One protocol in the user's words. */
export function protocolLabel(value: number): string {
  switch (value) {
    case PROTOCOL.RDP:
      return 'standard RDP security';
    case PROTOCOL.SSL:
      return 'TLS';
    case PROTOCOL.HYBRID:
      return 'CredSSP (NLA)';
    case PROTOCOL.HYBRID_EX:
      return 'CredSSP with early user authorization (NLA)';
    case PROTOCOL.RDSTLS:
      return 'RDSTLS';
    case PROTOCOL.RDSAAD:
      return 'Entra ID authentication';
    default:
      return protocolNames(value).join('+');
  }
}

export function flagNames(flags: number, table: Readonly<Record<number, string>>): string[] {
  const names: string[] = [];
  for (let bit = 1; bit <= 0x80; bit <<= 1) {
    if (flags & bit) names.push(table[bit] ?? `0x${bit.toString(16).padStart(2, '0')}`);
  }
  return names;
}

export function failureName(code: number): string {
  return FAILURE_NAMES[code] ?? `UNKNOWN_FAILURE_${code}`;
}

// ---------------------------------------------------------------- encoder

export interface ConnectionRequestOptions {
  requestedProtocols: number;
  /** Sent as `Cookie: mstshash=NAME\r\n` (printable ASCII only; at most 64 characters). */
  cookie?: string;
  /** RDP_NEG_REQ flags (default 0). */
  negotiationFlags?: number;
  /** Leave out RDP_NEG_REQ (a pre-RDP 5.2 client). Default false. */
  omitNegotiation?: boolean;
}

/** Encode TPKT + X.224 Connection Request (+ cookie) (+ RDP_NEG_REQ). */
export function encodeConnectionRequest(options: ConnectionRequestOptions): Buffer {
  const parts: Buffer[] = [];
  if (options.cookie !== undefined) {
    const name = options.cookie.replace(/[^\x21-\x7e]/g, '').slice(0, 64);
    parts.push(Buffer.from(`Cookie: mstshash=${name}\r\n`, 'latin1'));
  }
  if (!options.omitNegotiation) {
    const neg = Buffer.alloc(NEG_LENGTH);
    neg[0] = NEG_TYPE.REQ;
    neg[1] = (options.negotiationFlags ?? 0) & 0xff;
    neg.writeUInt16LE(NEG_LENGTH, 2);
    neg.writeUInt32LE(options.requestedProtocols >>> 0, 4);
    parts.push(neg);
  }
  const variable = Buffer.concat(parts);
  const fixed = Buffer.from([6 + variable.length, X224_CONNECTION_REQUEST, 0x00, 0x00, 0x00, 0x00, 0x00]);
  return encodeTpkt(Buffer.concat([fixed, variable]));
}

// ---------------------------------------------------------------- decoder

export interface DecodedConfirm {
  kind: 'confirm' | 'confirm-no-negotiation' | 'failure' | 'malformed';
  selectedProtocol?: number;
  flags?: number;
  flagNames?: string[];
  failureCode?: number;
  failureName?: string;
  unexpectedSelection?: boolean;
  detail?: string;
}

/**
 * A selection is unexpected when it names a protocol the client did not request. 0 (standard RDP
 * security) is always a legal answer: for a TLS request it means the server does not offer TLS.
 */
export function isUnexpectedSelection(requested: number, selected: number): boolean {
  if (selected === PROTOCOL.RDP) return false;
  return ((selected >>> 0) & ~(requested >>> 0)) !== 0;
}

/** Decode one complete TPKT carrying an X.224 Connection Confirm. Never throws. */
export function decodeConnectionConfirm(tpkt: Uint8Array, requestedProtocols: number): DecodedConfirm {
  const bytes = Buffer.from(tpkt.buffer, tpkt.byteOffset, tpkt.byteLength);
  const malformed = (detail: string): DecodedConfirm => ({ kind: 'malformed', detail });
  if (bytes.length < TPKT_HEADER_LENGTH + 1) return malformed(`Only ${bytes.length} bytes: too short for TPKT and X.224.`);
  if (bytes[0] !== 0x03 || bytes[1] !== 0x00) return malformed('Not a TPKT header.');
  const length = bytes.readUInt16BE(2);
  if (length !== bytes.length) return malformed(`TPKT length ${length} does not match the ${bytes.length} bytes received.`);
  const li = bytes[4]!;
  if (li !== length - TPKT_HEADER_LENGTH - 1) {
    return malformed(`X.224 length indicator ${li} is inconsistent with TPKT length ${length} (expected ${length - TPKT_HEADER_LENGTH - 1}).`);
  }
  if (li < 6) return malformed(`X.224 length indicator ${li} is below the 6 bytes of a Connection Confirm header.`);
  const code = bytes[5]!;
  if ((code & 0xf0) !== X224_CONNECTION_CONFIRM) {
    const known: Record<number, string> = { 0xe0: 'Connection Request', 0x80: 'Disconnect Request', 0xf0: 'Data', 0x70: 'Error' };
    return malformed(`X.224 TPDU code 0x${code.toString(16)} (${known[code & 0xf0] ?? 'unknown'}) instead of a Connection Confirm (0xD0).`);
  }
  const notes: string[] = [];
  const klass = bytes[10]!;
  if (klass !== 0) notes.push(`X.224 class option 0x${klass.toString(16)} (expected 0).`);
  const variable = bytes.subarray(11, 5 + li);
  const withNotes = (decoded: DecodedConfirm): DecodedConfirm => {
    const all = [decoded.detail, ...notes].filter((x): x is string => Boolean(x));
    return all.length ? { ...decoded, detail: all.join(' ') } : decoded;
  };
  if (variable.length === 0) {
    return withNotes({ kind: 'confirm-no-negotiation', detail: 'The server confirmed without negotiation data (an old server: standard RDP security only).' });
  }
  if (variable.length < NEG_LENGTH) return withNotes(malformed(`Negotiation data is ${variable.length} bytes, shorter than the 8 of RDP_NEG_RSP / RDP_NEG_FAILURE.`));
  const type = variable[0]!;
  const flags = variable[1]!;
  const negLength = variable.readUInt16LE(2);
  const value = variable.readUInt32LE(4);
  if (negLength !== NEG_LENGTH) return withNotes(malformed(`Negotiation structure length field is ${negLength}, not 8.`));
  if (variable.length > NEG_LENGTH) notes.push(`${variable.length - NEG_LENGTH} extra bytes after the negotiation structure.`);
  if (type === NEG_TYPE.RSP) {
    const decoded: DecodedConfirm = {
      kind: 'confirm',
      selectedProtocol: value,
      flags,
      flagNames: flagNames(flags, RSP_FLAG_NAMES),
      unexpectedSelection: isUnexpectedSelection(requestedProtocols, value),
    };
    if (decoded.unexpectedSelection) {
      decoded.detail = `The server selected ${protocolNames(value).join('+')} (0x${value.toString(16)}), which was not requested (0x${requestedProtocols.toString(16)}).`;
    } else if (value !== PROTOCOL.RDP && (value & (value - 1)) !== 0) {
      decoded.detail = `The server selected several protocols at once (0x${value.toString(16)}).`;
    }
    return withNotes(decoded);
  }
  if (type === NEG_TYPE.FAILURE) {
    const decoded: DecodedConfirm = { kind: 'failure', failureCode: value, failureName: failureName(value) };
    if (flags !== 0) notes.push(`RDP_NEG_FAILURE flags 0x${flags.toString(16)} (expected 0).`);
    return withNotes(decoded);
  }
  return withNotes(malformed(`Negotiation type 0x${type.toString(16)} is neither RDP_NEG_RSP (2) nor RDP_NEG_FAILURE (3).`));
}

/** Printable start of a non-RDP reply (an SSH or HTTP banner), or undefined when there is none. */
export function printableBanner(bytes: Uint8Array, max = 120): string | undefined {
  const text = Buffer.from(bytes.subarray(0, 512)).toString('latin1');
  const cleaned = text
    .replace(/[^\x20-\x7e]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
  const letters = (cleaned.match(/[A-Za-z0-9]/g) ?? []).length;
  return letters >= 3 ? cleaned : undefined;
}

/** What a non-TPKT reply looks like, for the detail line. */
export function describeForeignReply(bytes: Uint8Array): string {
  const b0 = bytes[0];
  const b1 = bytes[1];
  const text = Buffer.from(bytes.subarray(0, 16)).toString('latin1');
  if ((b0 === 0x15 || b0 === 0x16) && b1 === 0x03) return 'A TLS endpoint answered with a TLS record: a TLS service, not an RDP listener.';
  if (text.startsWith('SSH-')) return 'An SSH server answered.';
  if (text.startsWith('HTTP/')) return 'A web server answered.';
  if (/^(220|554|421)[ -]/.test(text)) return 'A mail or FTP server answered.';
  if (text.startsWith('RFB ')) return 'A VNC server answered.';
  return 'The reply does not start with a TPKT header (0x03 0x00): this is not an RDP listener.';
}

/** Reader policy for the confirm: one full TPKT, or a short grace period to collect a foreign banner. */
export function x224ReadDecision(bytes: Buffer): ReadDecision {
  const scan = scanTpkt(bytes);
  switch (scan.state) {
    case 'need-more':
      return 'more';
    case 'not-tpkt':
      return bytes.includes(0x0a) || bytes.length >= 256 ? 'done' : { graceMs: 300 };
    default:
      return 'done';
  }
}

export type ClassifiedReply = Omit<X224Reply, 'durationMs'>;

/** Turn what the reader saw into an X224Reply (without timing). Pure; never throws. */
export function classifyX224Reply(bytes: Uint8Array, end: ReadEnd, requestedProtocols: number, errorCode?: string): ClassifiedReply {
  const base: ClassifiedReply = { requestedProtocols, kind: 'timeout' };
  if (bytes.length > 0) base.bytesHex = hexPreview(bytes, 64);
  const code = errorCode ? ` (${errorCode})` : '';
  if (bytes.length === 0) {
    switch (end) {
      case 'closed':
        return { ...base, kind: 'closed', detail: 'The server closed the connection without answering the connection request.' };
      case 'reset':
        return { ...base, kind: 'reset', detail: `The server reset the connection without answering the connection request${code}.` };
      case 'aborted':
        return { ...base, kind: 'timeout', detail: 'Cancelled before a reply arrived.' };
      case 'error':
        return { ...base, kind: 'reset', detail: `The connection failed before a reply arrived${code}.` };
      default:
        return { ...base, kind: 'timeout', detail: 'No reply to the connection request within the timeout.' };
    }
  }
  const scan = scanTpkt(bytes);
  switch (scan.state) {
    case 'not-tpkt': {
      const banner = printableBanner(bytes);
      return { ...base, kind: 'not-rdp', ...(banner ? { banner } : {}), detail: describeForeignReply(bytes) };
    }
    case 'oversized':
      return { ...base, kind: 'oversized', detail: `TPKT length ${scan.length} is beyond what an X.224 Connection Confirm can be.` };
    case 'invalid':
      return { ...base, kind: 'malformed', detail: scan.reason };
    case 'need-more': {
      if (end === 'cap') return { ...base, kind: 'oversized', detail: 'The server sent more bytes than allowed without completing a reply.' };
      if (end === 'reset' || end === 'error') return { ...base, kind: 'reset', detail: `The server reset the connection in the middle of its reply (${bytes.length} bytes received)${code}.` };
      if (end === 'closed') return { ...base, kind: 'malformed', detail: `The reply was cut short: ${bytes.length} bytes received, then the connection closed.` };
      if (end === 'aborted') return { ...base, kind: 'timeout', detail: 'Cancelled before the reply was complete.' };
      return { ...base, kind: 'timeout', detail: `Incomplete reply within the timeout (${bytes.length} bytes received).` };
    }
    case 'complete': {
      const decoded = decodeConnectionConfirm(bytes.subarray(0, scan.length), requestedProtocols);
      const extra = bytes.length - scan.length;
      const out: ClassifiedReply = { ...base, ...decoded };
      if (extra > 0) out.detail = [decoded.detail, `${extra} more bytes followed the confirm.`].filter(Boolean).join(' ');
      return out;
    }
  }
}

/** One line in plain words for a reply. */
export function describeReply(reply: Pick<X224Reply, 'kind' | 'selectedProtocol' | 'failureCode' | 'failureName' | 'banner' | 'requestedProtocols'>): string {
  switch (reply.kind) {
    case 'confirm':
      return `the server chose ${protocolLabel(reply.selectedProtocol ?? 0)}`;
    case 'confirm-no-negotiation':
      return 'the server answered without negotiation (standard RDP security only)';
    case 'failure':
      return `the server refused: ${reply.failureName} (${FAILURE_MEANINGS[reply.failureCode ?? 0] ?? 'unknown failure code'})`;
    case 'not-rdp':
      return reply.banner ? `something that is not RDP answered ("${reply.banner.slice(0, 60)}")` : 'something that is not RDP answered';
    case 'malformed':
      return 'the reply was not a valid RDP connection confirm';
    case 'oversized':
      return 'the server sent far more data than an RDP connection confirm';
    case 'closed':
      return 'the server closed the connection without answering';
    case 'reset':
      return 'the server reset the connection';
    case 'timeout':
      return 'no reply within the timeout';
    case 'connect-failed':
      return 'the TCP connection failed';
  }
}

// ---------------------------------------------------------------- I/O

/** Cap on the bytes read while waiting for a confirm: a server sending megabytes is cut off here. */
export const MAX_REPLY_BYTES = 64 * 1024;

export interface X224ExchangeOptions extends ProbeOptions {
  cookie?: string;
  /** Leave the socket open after a `confirm` (for a TLS upgrade). The caller must destroy it. */
  keepOpen?: boolean;
  /** An already connected socket to use instead of connecting. */
  socket?: Socket;
  maxBytes?: number;
}

export interface X224ExchangeResult {
  /** durationMs: the exchange itself (request written to reply decided); for connect-failed, the connect time. */
  reply: X224Reply;
  /** The TCP connect that preceded it (absent when a socket was given). */
  tcp?: TcpData;
  /** Open socket, when keepOpen was asked and the reply was a confirm (with or without negotiation data). */
  socket?: Socket;
}

/**
 * The reply when our own connect did not give us a socket. A connect that fails with a reset
 * (ECONNRESET: the server completed the TCP handshake, then reset the connection before our
 * callback ran; a refused SYN is ECONNREFUSED) is the same picture as a reset right after the
 * connect, so it is reported as `reset`, not `connect-failed`: an earlier connect to the same port
 * may have won that race and found the port open. Everything else is `connect-failed`.
 */
export function replyForFailedConnect(requestedProtocols: number, connected: Pick<TcpProbeResult, 'data' | 'detail'>, elapsedMs: number): X224Reply {
  const { outcome, errorCode, connectMs, timeoutMs } = connected.data;
  if (outcome === 'reset') {
    return {
      requestedProtocols,
      kind: 'reset',
      detail: `The server reset the connection as it opened, before the connection request could be sent (${errorCode ?? 'reset'}).`,
      durationMs: elapsedMs,
    };
  }
  return {
    requestedProtocols,
    kind: 'connect-failed',
    detail: `TCP ${outcome}${errorCode ? ` (${errorCode})` : ''}${connected.detail ? `: ${connected.detail}` : ''}`.slice(0, 300),
    durationMs: connectMs ?? timeoutMs,
  };
}

/** Connect (unless given a socket), send one Connection Request, classify the reply. Never throws. */
export async function x224Exchange(address: string, port: number, requestedProtocols: number, options: X224ExchangeOptions): Promise<X224ExchangeResult> {
  let socket = options.socket;
  let tcp: TcpData | undefined;
  if (!socket) {
    const connectStarted = now();
    const connected = await tcpConnect(address, port, { timeoutMs: options.timeoutMs, keepOpen: true, ...(options.signal ? { signal: options.signal } : {}) });
    tcp = connected.data;
    if (!connected.socket) return { tcp, reply: replyForFailedConnect(requestedProtocols, connected, since(connectStarted)) };
    socket = connected.socket;
  }
  const started = now();
  const request = encodeConnectionRequest({ requestedProtocols, ...(options.cookie !== undefined ? { cookie: options.cookie } : {}) });
  const readPromise = readFromSocket(socket, x224ReadDecision, {
    timeoutMs: options.timeoutMs,
    maxBytes: options.maxBytes ?? MAX_REPLY_BYTES,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const written = await writeSafely(socket, request);
  const read = await readPromise;
  const classified = classifyX224Reply(read.bytes, read.end, requestedProtocols, read.errorCode);
  if (!written.ok && read.bytes.length === 0 && classified.kind === 'timeout') {
    classified.kind = 'reset';
    classified.detail = `Sending the connection request failed: ${written.message}`;
  }
  const reply: X224Reply = { ...classified, durationMs: since(started) };
  // A confirm without negotiation data (standard RDP security) goes on too: MCS follows on the plain connection.
  const keep = options.keepOpen === true && (reply.kind === 'confirm' || reply.kind === 'confirm-no-negotiation') && read.end === 'complete';
  if (!keep) {
    socket.destroy();
    return { reply, ...(tcp ? { tcp } : {}) };
  }
  return { reply, socket, ...(tcp ? { tcp } : {}) };
}

/** The reply shows an RDP listener (it speaks X.224 with negotiation, even when it refuses). */
export function isRdpListener(reply: Pick<X224Reply, 'kind'>): boolean {
  return reply.kind === 'confirm' || reply.kind === 'confirm-no-negotiation' || reply.kind === 'failure';
}
