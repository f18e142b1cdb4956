/**
 * One stage past "Securing remote connection", as mstsc goes before it asks for credentials:
 * with TLS (or standard RDP security) the MCS Connect-Initial and the server's Connect-Response;
 * with CredSSP the TSRequest carrying the NTLM NEGOTIATE and the server's CHALLENGE. A server (or a
 * middlebox) that lets TLS finish and then cuts the connection shows here. Never throws.
 */
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { PROTOCOL, type PostTls } from '../../../shared/checks/net';
import { CREDSSP_VERSION, encodeTsRequest, interpretCredsspReply, tsRequestReadDecision } from './credssp';
import { hexPreview, readFromSocket, writeSafely, type ProbeOptions, type ReadResult } from './io';
import { decodeMcsReply, encodeConnectInitial, MAX_TPKT, mcsReadDecision } from './mcs';
import { encodeNtlmNegotiate } from './ntlm';

export type PostTlsKind = PostTls['kind'];

/** CredSSP for HYBRID / HYBRID_EX; MCS for TLS and standard RDP security. */
export function postTlsKind(selectedProtocol: number): PostTlsKind {
  return selectedProtocol & (PROTOCOL.HYBRID | PROTOCOL.HYBRID_EX) ? 'credssp' : 'mcs';
}

/** What we send first after the connection is secured. */
export function firstPdu(kind: PostTlsKind, selectedProtocol: number): Buffer {
  if (kind === 'credssp') return encodeTsRequest({ version: CREDSSP_VERSION, negoTokens: [encodeNtlmNegotiate()] });
  return encodeConnectInitial(selectedProtocol);
}

const MAX_BYTES = MAX_TPKT + 1024;

function cutWords(kind: PostTlsKind, how: string, received: number): string {
  const what = kind === 'mcs' ? 'the MCS Connect-Initial' : 'the CredSSP NTLM NEGOTIATE';
  return `The server ${how} the connection after ${what}${received > 0 ? `, ${received} bytes into its answer` : ', before answering'}.`;
}

/** Classify what came back (or did not) for the first PDU. Pure. */
export function classifyPostTls(kind: PostTlsKind, read: Pick<ReadResult, 'bytes' | 'end'>, timeoutMs: number): Omit<PostTls, 'bytesSent' | 'durationMs'> {
  const received = read.bytes.length;
  const base = { kind, bytesReceived: received, ...(received > 0 ? { bytesHex: hexPreview(read.bytes) } : {}) };
  const complete = read.end === 'complete' || (read.end === 'cap' && received > 0);
  if (complete && kind === 'mcs') {
    const reply = decodeMcsReply(read.bytes);
    switch (reply.kind) {
      case 'connect-response': {
        const r = reply.response;
        const server = r.server;
        const fields = {
          mcsResult: r.resultName,
          ...(server?.version !== undefined ? { serverVersion: `0x${server.version.toString(16).padStart(8, '0')}` } : {}),
          ...(server?.encryptionMethod !== undefined ? { encryptionMethod: server.encryptionMethod } : {}),
          ...(server?.encryptionLevel !== undefined ? { encryptionLevel: server.encryptionLevel } : {}),
        };
        if (r.result !== 0) return { ...base, ...fields, outcome: 'refused', detail: `The server answered the MCS Connect-Initial with ${r.resultName}.` };
        return { ...base, ...fields, outcome: 'answered', detail: `MCS Connect-Response rt-successful${r.gccError ? ` (server data unreadable: ${r.gccError})` : ''}.`.slice(0, 300) };
      }
      case 'disconnect':
        return { ...base, outcome: 'disconnect', detail: `The server refused the MCS Connect-Initial with an ${reply.detail}.` };
      case 'malformed':
      case 'oversized':
        return { ...base, outcome: 'malformed', detail: `The answer to the MCS Connect-Initial could not be read: ${reply.detail}.`.slice(0, 300) };
    }
  }
  if (complete) {
    const credssp = interpretCredsspReply(read.bytes, Date.now());
    if (credssp.outcome === 'malformed') return { ...base, outcome: 'malformed', detail: (credssp.detail ?? 'The CredSSP answer could not be read.').slice(0, 300) };
    return {
      ...base,
      outcome: 'answered',
      ...(credssp.tsRequestVersion !== undefined ? { tsRequestVersion: credssp.tsRequestVersion } : {}),
      detail: (credssp.outcome === 'challenge' ? `TSRequest version ${credssp.tsRequestVersion ?? '?'} with an NTLM CHALLENGE.` : (credssp.detail ?? 'A TSRequest without a CHALLENGE.')).slice(0, 300),
    };
  }
  switch (read.end) {
    case 'reset':
    case 'error':
      return { ...base, outcome: 'reset', detail: cutWords(kind, 'reset', received) };
    case 'closed':
      return { ...base, outcome: 'closed', detail: cutWords(kind, 'closed', received) };
    case 'aborted':
      return { ...base, outcome: 'aborted', detail: 'Cancelled after the connection was secured.' };
    default:
      return { ...base, outcome: 'timeout', detail: `No complete answer to the ${kind === 'mcs' ? 'MCS Connect-Initial' : 'CredSSP NTLM NEGOTIATE'} within ${timeoutMs} ms${received > 0 ? ` (${received} bytes arrived)` : ''}.` };
  }
}

/** The post-TLS stage worked: the server answered as a Remote Desktop server does. */
export function postTlsOk(result: Pick<PostTls, 'outcome'>): boolean {
  return result.outcome === 'answered';
}

/** The server (or the path) cut the connection after it was secured. */
export function postTlsCut(result: Pick<PostTls, 'outcome'>): boolean {
  return result.outcome === 'reset' || result.outcome === 'closed';
}

/**
 * Send the first PDU on `socket` (the TLS socket, or the raw socket with standard RDP security)
 * and read one answer. Leaves the socket to the caller (who destroys it). Never throws.
 */
export async function postTlsExchange(socket: Socket | TLSSocket, selectedProtocol: number, options: ProbeOptions): Promise<PostTls> {
  const started = performance.now();
  const kind = postTlsKind(selectedProtocol);
  const pdu = firstPdu(kind, selectedProtocol);
  const readPromise = readFromSocket(socket, kind === 'mcs' ? mcsReadDecision : tsRequestReadDecision, {
    timeoutMs: options.timeoutMs,
    maxBytes: MAX_BYTES,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  await writeSafely(socket, pdu);
  const read = await readPromise;
  return { ...classifyPostTls(kind, read, options.timeoutMs), bytesSent: pdu.length, durationMs: Math.round((performance.now() - started) * 10) / 10 };
}
