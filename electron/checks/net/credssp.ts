/**
 * CredSSP (MS-CSSP) far enough to read the server's NTLM CHALLENGE without credentials:
 * X.224 asking for CredSSP, TLS, one TSRequest carrying an NTLM NEGOTIATE, one TSRequest back.
 * Pure TSRequest encoder/decoder plus `probeCredssp`.
 */
import { PROTOCOL, type CredsspData, type X224Reply } from '../../../shared/checks/net';
import { children, contextTag, decodeInteger, der, derElementLength, DerError, expectTag, readTlv, TAG, type DerNode } from './der';
import { now, readFromSocket, since, writeSafely, type ProbeOptions, type ReadDecision } from './io';
import { decodeNtlmChallenge, encodeNtlmNegotiate, type NtlmChallenge } from './ntlm';
import { classifyPostTls } from './postTls';
import { startTls } from './tls';
import { describeReply, REQUEST_TLS_AND_CREDSSP, x224Exchange } from './x224';

/** The CredSSP version we announce (servers answer with theirs, at most ours). */
export const CREDSSP_VERSION = 6;

export interface TsRequest {
  version: number;
  negoTokens: Buffer[];
  authInfo?: Buffer;
  pubKeyAuth?: Buffer;
  /** NTSTATUS the server reports (version 3+), unsigned. */
  errorCode?: number;
  clientNonce?: Buffer;
}

/** TSRequest { version [0], negoTokens [1] SEQUENCE OF SEQUENCE { negoToken [0] OCTET STRING } }. */
export function encodeTsRequest(request: { version: number; negoTokens?: Uint8Array[]; errorCode?: number }): Buffer {
  const parts: Buffer[] = [der.explicit(0, der.integer(request.version))];
  if (request.negoTokens && request.negoTokens.length > 0) {
    parts.push(der.explicit(1, der.sequence(...request.negoTokens.map((token) => der.sequence(der.explicit(0, der.octetString(token)))))));
  }
  if (request.errorCode !== undefined) parts.push(der.explicit(4, der.integer(request.errorCode)));
  return der.sequence(...parts);
}

export type TsRequestDecode = { ok: true; request: TsRequest } | { ok: false; error: string };

function explicitInner(node: DerNode, what: string): DerNode {
  const [inner] = children(node);
  if (!inner) throw new DerError(`${what} is empty`);
  return inner;
}

/** Decode one TSRequest. Never throws. */
export function decodeTsRequest(bytes: Uint8Array): TsRequestDecode {
  try {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const root = expectTag(readTlv(buf, 0, buf.length), TAG.SEQUENCE, 'TSRequest');
    const request: TsRequest = { version: -1, negoTokens: [] };
    for (const field of children(root)) {
      if (field.tagClass !== 'context' || !field.constructed) throw new DerError(`unexpected tag 0x${field.tag.toString(16)} in TSRequest`);
      const inner = explicitInner(field, `TSRequest [${field.tagNumber}]`);
      switch (field.tag) {
        case contextTag(0): {
          const version = decodeInteger(expectTag(inner, TAG.INTEGER, 'version').content);
          if (version < 0n || version > 0xffffn) throw new DerError(`version ${version} out of range`);
          request.version = Number(version);
          break;
        }
        case contextTag(1):
          for (const item of children(expectTag(inner, TAG.SEQUENCE, 'negoTokens'))) {
            const [tokenWrapper] = children(expectTag(item, TAG.SEQUENCE, 'NegoDataItem'));
            if (!tokenWrapper || tokenWrapper.tag !== contextTag(0)) throw new DerError('NegoDataItem without negoToken [0]');
            request.negoTokens.push(Buffer.from(expectTag(explicitInner(tokenWrapper, 'negoToken'), TAG.OCTET_STRING, 'negoToken').content));
          }
          break;
        case contextTag(2):
          request.authInfo = Buffer.from(expectTag(inner, TAG.OCTET_STRING, 'authInfo').content);
          break;
        case contextTag(3):
          request.pubKeyAuth = Buffer.from(expectTag(inner, TAG.OCTET_STRING, 'pubKeyAuth').content);
          break;
        case contextTag(4):
          request.errorCode = Number(BigInt.asUintN(32, decodeInteger(expectTag(inner, TAG.INTEGER, 'errorCode').content)));
          break;
        case contextTag(5):
          request.clientNonce = Buffer.from(expectTag(inner, TAG.OCTET_STRING, 'clientNonce').content);
          break;
        default:
          break; // later versions may add fields
      }
    }
    if (request.version < 0) throw new DerError('TSRequest has no version');
    if (root.end !== buf.length) throw new DerError(`${buf.length - root.end} bytes after the TSRequest`);
    return { ok: true, request };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Reader policy: one complete DER element (the TSRequest). */
export function tsRequestReadDecision(bytes: Buffer): ReadDecision {
  if (bytes.length > 0 && bytes[0] !== TAG.SEQUENCE) return 'done';
  try {
    const length = derElementLength(bytes, 0);
    return length !== null && bytes.length >= length ? 'done' : 'more';
  } catch {
    return 'done';
  }
}

const NTSTATUS_NAMES: Readonly<Record<number, string>> = {
  0xc000006d: 'STATUS_LOGON_FAILURE',
  0xc0000022: 'STATUS_ACCESS_DENIED',
  0xc00000bb: 'STATUS_NOT_SUPPORTED',
  0xc0000388: 'STATUS_DOWNGRADE_DETECTED',
  0x80090302: 'SEC_E_UNSUPPORTED_FUNCTION',
  0x80090308: 'SEC_E_INVALID_TOKEN',
  0x8009030c: 'SEC_E_LOGON_DENIED',
  0x8009030e: 'SEC_E_NO_CREDENTIALS',
  0x80090311: 'SEC_E_NO_AUTHENTICATING_AUTHORITY',
};

export function ntstatusName(code: number): string {
  const hex = `0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
  const name = NTSTATUS_NAMES[code >>> 0];
  return name ? `${name} (${hex})` : hex;
}

/** The NTLM part of credsspDataSchema from a decoded CHALLENGE. */
export function ntlmData(challenge: NtlmChallenge): NonNullable<CredsspData['ntlm']> {
  return {
    ...(challenge.targetName !== undefined ? { targetName: challenge.targetName } : {}),
    ...(challenge.netbiosComputer !== undefined ? { netbiosComputer: challenge.netbiosComputer } : {}),
    ...(challenge.netbiosDomain !== undefined ? { netbiosDomain: challenge.netbiosDomain } : {}),
    ...(challenge.dnsComputer !== undefined ? { dnsComputer: challenge.dnsComputer } : {}),
    ...(challenge.dnsDomain !== undefined ? { dnsDomain: challenge.dnsDomain } : {}),
    ...(challenge.dnsTree !== undefined ? { dnsTree: challenge.dnsTree } : {}),
    ...(challenge.version ? { osVersion: { major: challenge.version.major, minor: challenge.version.minor, build: challenge.version.build } } : {}),
    ...(challenge.serverTime !== undefined ? { serverTime: challenge.serverTime } : {}),
    negotiateFlags: challenge.flags,
  };
}

/** server clock - local clock, seconds (one decimal). */
export function clockSkewSeconds(serverTimeIso: string, localMs: number): number | undefined {
  const server = Date.parse(serverTimeIso);
  if (Number.isNaN(server)) return undefined;
  return Math.round((server - localMs) / 100) / 10;
}

/** Turn the server's reply bytes into credssp data fields. Pure. */
export function interpretCredsspReply(bytes: Buffer, receivedAtMs: number): Pick<CredsspData, 'outcome' | 'tsRequestVersion' | 'ntlm' | 'clockSkewSeconds' | 'detail'> {
  const decoded = decodeTsRequest(bytes);
  if (!decoded.ok) return { outcome: 'malformed', detail: `The server's CredSSP reply could not be read: ${decoded.error}` };
  const request = decoded.request;
  const error = request.errorCode !== undefined ? ` The server reported ${ntstatusName(request.errorCode)}.` : '';
  const token = request.negoTokens[0];
  if (!token) {
    return { outcome: 'no-challenge', tsRequestVersion: request.version, detail: `The server answered CredSSP without an authentication token.${error}` };
  }
  if (!token.subarray(0, 8).equals(Buffer.from('NTLMSSP\0', 'latin1'))) {
    const kind = token[0] === 0x60 || token[0] === 0xa1 ? 'a SPNEGO/Kerberos token' : 'a token that is not NTLM';
    return { outcome: 'no-challenge', tsRequestVersion: request.version, detail: `The server answered with ${kind} instead of an NTLM CHALLENGE.${error}` };
  }
  const challenge = decodeNtlmChallenge(token);
  if (!challenge.ok) return { outcome: 'malformed', tsRequestVersion: request.version, detail: `The NTLM CHALLENGE could not be read: ${challenge.error}` };
  const ntlm = ntlmData(challenge.challenge);
  const skew = ntlm.serverTime ? clockSkewSeconds(ntlm.serverTime, receivedAtMs) : undefined;
  return {
    outcome: 'challenge',
    tsRequestVersion: request.version,
    ntlm,
    ...(skew !== undefined ? { clockSkewSeconds: skew } : {}),
    ...(error ? { detail: error.trim() } : {}),
  };
}

export interface CredsspProbeOptions extends ProbeOptions {
  /** The name the user typed (SNI for DNS names). */
  name?: string;
  cookie?: string;
  requestedProtocols?: number;
  version?: number;
}

export interface CredsspProbeResult {
  data: CredsspData;
  /** The X.224 reply that preceded it. */
  x224?: X224Reply;
}

const MAX_TSREQUEST_BYTES = 64 * 1024;

/** X.224 (CredSSP), TLS, NEGOTIATE, CHALLENGE. Never throws. */
export async function probeCredssp(address: string, port: number, options: CredsspProbeOptions): Promise<CredsspProbeResult> {
  const started = now();
  const signal = options.signal ? { signal: options.signal } : {};
  const done = (fields: Omit<CredsspData, 'address' | 'durationMs'>, x224?: X224Reply): CredsspProbeResult => ({
    data: { address, ...fields, durationMs: since(started) },
    ...(x224 ? { x224 } : {}),
  });
  const requested = options.requestedProtocols ?? REQUEST_TLS_AND_CREDSSP;
  const exchange = await x224Exchange(address, port, requested, {
    timeoutMs: options.timeoutMs,
    keepOpen: true,
    ...signal,
    ...(options.cookie !== undefined ? { cookie: options.cookie } : {}),
  });
  const reply = exchange.reply;
  const selected = reply.selectedProtocol ?? 0;
  if (!exchange.socket || reply.kind !== 'confirm' || !(selected & (PROTOCOL.HYBRID | PROTOCOL.HYBRID_EX)) || reply.unexpectedSelection) {
    exchange.socket?.destroy();
    const detail = `Asked for CredSSP: ${describeReply(reply)}.`;
    if (reply.kind === 'confirm' || reply.kind === 'confirm-no-negotiation' || reply.kind === 'failure') return done({ outcome: 'not-offered', detail }, reply);
    if (reply.kind === 'reset' || reply.kind === 'closed') return done({ outcome: 'reset', detail }, reply);
    if (reply.kind === 'timeout') return done({ outcome: 'timeout', detail }, reply);
    return done({ outcome: 'error', detail }, reply);
  }
  const tls = await startTls(exchange.socket, { timeoutMs: options.timeoutMs, keepOpen: true, ...signal, ...(options.name ? { servername: options.name } : {}) });
  if (tls.outcome !== 'accepted' || !tls.tlsSocket) {
    tls.tlsSocket?.destroy();
    return done({ outcome: 'tls-failed', detail: `TLS before CredSSP: ${tls.outcome}${tls.alert ? ` (${tls.alert})` : ''}${tls.detail ? `: ${tls.detail}` : ''}`.slice(0, 300) }, reply);
  }
  const socket = tls.tlsSocket;
  try {
    const request = encodeTsRequest({ version: options.version ?? CREDSSP_VERSION, negoTokens: [encodeNtlmNegotiate()] });
    const readPromise = readFromSocket(socket, tsRequestReadDecision, { timeoutMs: options.timeoutMs, maxBytes: MAX_TSREQUEST_BYTES, ...signal });
    const sentAt = now();
    const written = await writeSafely(socket, request);
    const read = await readPromise;
    const receivedAt = Date.now();
    // The exchange after TLS, classified the same way as in the full handshakes (postTls.ts).
    const postTls = { ...classifyPostTls('credssp', read, options.timeoutMs), bytesSent: request.length, durationMs: since(sentAt) };
    if (read.end === 'complete' || (read.bytes.length > 0 && read.end === 'cap')) {
      return done({ ...interpretCredsspReply(read.bytes, receivedAt), postTls }, reply);
    }
    const partial = read.bytes.length > 0 ? ` after ${read.bytes.length} bytes of a reply` : '';
    switch (read.end) {
      case 'reset':
      case 'error':
        return done({ outcome: 'reset', detail: `The server reset the connection during CredSSP${partial}.`, postTls }, reply);
      case 'closed':
        if (read.bytes.length > 0) return done({ outcome: 'malformed', detail: `The CredSSP reply was cut short${partial}.`, postTls }, reply);
        return done({ outcome: 'no-challenge', detail: `The server closed the connection instead of answering the NTLM NEGOTIATE${written.ok ? '' : ` (sending failed: ${written.message})`}.`, postTls }, reply);
      case 'aborted':
        return done({ outcome: 'error', detail: 'Cancelled during CredSSP.' }, reply);
      default:
        return done({ outcome: 'timeout', detail: `No CredSSP reply within ${options.timeoutMs} ms${partial}.`, postTls }, reply);
    }
  } finally {
    socket.destroy();
  }
}

