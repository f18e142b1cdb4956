/**
 * The MCS connect PDUs (T.125 7, part 2; BER) in their RDP framing (MS-RDPBCGR 2.2.1.3, 2.2.1.4):
 * TPKT, an X.224 Class 0 Data TPDU (02 F0 80), then Connect-Initial [APPLICATION 101] from the
 * client or Connect-Response [APPLICATION 102] from the server. Pure; the decoders never throw.
 */
import { encodeLength } from './der';
import { decodeConferenceCreateResponse, encodeConferenceCreateRequest, type ServerBlocks } from './gcc';
import type { ReadDecision } from './io';
import { encodeTpkt, scanTpkt, TPKT_HEADER_LENGTH } from './tpkt';

/** X.224 Data TPDU header: length indicator 2, code DT (0xF0), EOT. */
export const X224_DATA = Buffer.from([0x02, 0xf0, 0x80]);
/** X.224 Disconnect Request code (a server refusing the connection this way). */
export const X224_DISCONNECT_REQUEST = 0x80;
/** The BER identifier octets of the two connect PDUs (application class, constructed, tag 101 / 102). */
export const CONNECT_INITIAL_TAG = Buffer.from([0x7f, 0x65]);
export const CONNECT_RESPONSE_TAG = Buffer.from([0x7f, 0x66]);
/** The longest TPKT (its length field is 16 bits). */
export const MAX_TPKT = 0xffff;

/** T.125 Result. */
export const MCS_RESULTS: readonly string[] = [
  'rt-successful',
  'rt-domain-merging',
  'rt-domain-not-hierarchical',
  'rt-no-such-channel',
  'rt-no-such-domain',
  'rt-no-such-user',
  'rt-not-admitted',
  'rt-other-user-id',
  'rt-parameters-unacceptable',
  'rt-token-not-available',
  'rt-token-not-possessed',
  'rt-too-many-channels',
  'rt-too-many-tokens',
  'rt-too-many-users',
  'rt-unspecified-failure',
  'rt-user-rejected',
];

export function mcsResultName(result: number): string {
  return MCS_RESULTS[result] ?? `result ${result}`;
}

const ber = {
  tlv: (tag: Buffer | number, content: Buffer): Buffer => Buffer.concat([typeof tag === 'number' ? Buffer.from([tag]) : tag, encodeLength(content.length), content]),
  integer(value: number): Buffer {
    const bytes: number[] = [];
    let v = value;
    do {
      bytes.unshift(v & 0xff);
      v = Math.floor(v / 256);
    } while (v > 0);
    if (bytes[0]! & 0x80) bytes.unshift(0);
    return ber.tlv(0x02, Buffer.from(bytes));
  },
};

/** DomainParameters (T.125 7, part 2): eight INTEGERs. */
function domainParameters(values: readonly number[]): Buffer {
  return ber.tlv(0x30, Buffer.concat(values.map((v) => ber.integer(v))));
}

/** The values mstsc sends (MS-RDPBCGR 4.1.3): target, minimum and maximum domain parameters. */
export const TARGET_PARAMETERS = [34, 2, 0, 1, 0, 1, 0xffff, 2] as const;
export const MINIMUM_PARAMETERS = [1, 1, 1, 1, 0, 1, 0x420, 2] as const;
export const MAXIMUM_PARAMETERS = [0xffff, 0xfc17, 0xffff, 1, 0, 1, 0xffff, 2] as const;

/** MCS Connect-Initial with the GCC Conference Create Request, in TPKT + X.224 Data (MS-RDPBCGR 2.2.1.3). */
export function encodeConnectInitial(serverSelectedProtocol: number): Buffer {
  const body = Buffer.concat([
    ber.tlv(0x04, Buffer.from([0x01])), // callingDomainSelector
    ber.tlv(0x04, Buffer.from([0x01])), // calledDomainSelector
    ber.tlv(0x01, Buffer.from([0xff])), // upwardFlag TRUE
    domainParameters(TARGET_PARAMETERS),
    domainParameters(MINIMUM_PARAMETERS),
    domainParameters(MAXIMUM_PARAMETERS),
    ber.tlv(0x04, encodeConferenceCreateRequest(serverSelectedProtocol)), // userData
  ]);
  return encodeTpkt(Buffer.concat([X224_DATA, ber.tlv(CONNECT_INITIAL_TAG, body)]));
}

// ---------------------------------------------------------------- decoding

interface Tlv {
  tag: number;
  start: number;
  content: number;
  end: number;
}

/** One BER element with a one- or two-byte identifier (0x7F 0x66 for Connect-Response). Throws on a bad one. */
function readBer(bytes: Buffer, at: number, limit: number): Tlv {
  if (at >= limit) throw new Error('a BER element is missing');
  let p = at;
  let tag = bytes[p++]!;
  if ((tag & 0x1f) === 0x1f) {
    if (p >= limit) throw new Error('a BER tag is cut short');
    const next = bytes[p++]!;
    if (next & 0x80) throw new Error('a BER tag longer than two bytes');
    tag = (tag << 8) | next;
  }
  if (p >= limit) throw new Error('a BER length is missing');
  const first = bytes[p++]!;
  let length = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n === 0 || n > 3) throw new Error(`a BER length of ${n} bytes`);
    if (p + n > limit) throw new Error('a BER length is cut short');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[p++]!;
  }
  if (p + length > limit) throw new Error(`a BER element announces ${length} bytes, ${limit - p} are left`);
  return { tag, start: at, content: p, end: p + length };
}

function berUnsigned(bytes: Buffer, tlv: Tlv): number {
  const len = tlv.end - tlv.content;
  if (len < 1 || len > 4) throw new Error(`an INTEGER/ENUMERATED of ${len} bytes`);
  let v = 0;
  for (let i = tlv.content; i < tlv.end; i++) v = v * 256 + bytes[i]!;
  return v;
}

export interface ConnectResponse {
  result: number;
  resultName: string;
  /** The server's settings blocks, when the GCC part could be read. */
  server?: ServerBlocks;
  /** Why the GCC part could not be read (the MCS result still counts). */
  gccError?: string;
}

/** What the server answered to the Connect-Initial. */
export type McsReply =
  | { kind: 'connect-response'; response: ConnectResponse }
  /** X.224 Disconnect Request, or MCS Disconnect-Provider-Ultimatum: the server refuses. */
  | { kind: 'disconnect'; detail: string }
  | { kind: 'malformed'; detail: string }
  | { kind: 'oversized'; detail: string };

/** Decode one complete TPKT the server sent after our Connect-Initial. Never throws. */
export function decodeMcsReply(tpkt: Buffer): McsReply {
  const scan = scanTpkt(tpkt, MAX_TPKT);
  if (scan.state === 'not-tpkt') return { kind: 'malformed', detail: `the reply is not TPKT (first byte 0x${(tpkt[0] ?? 0).toString(16).padStart(2, '0')})` };
  if (scan.state === 'invalid') return { kind: 'malformed', detail: scan.reason };
  if (scan.state === 'oversized') return { kind: 'oversized', detail: `TPKT length ${scan.length}` };
  if (scan.state === 'need-more') return { kind: 'malformed', detail: `the reply is cut short after ${tpkt.length} bytes` };
  const pdu = tpkt.subarray(TPKT_HEADER_LENGTH, scan.length);
  const li = pdu[0]!;
  const code = (pdu[1] ?? 0) & 0xf0;
  if (code === X224_DISCONNECT_REQUEST) return { kind: 'disconnect', detail: 'X.224 Disconnect Request' };
  if (li !== 2 || code !== 0xf0 || pdu.length < 3) return { kind: 'malformed', detail: `X.224 TPDU code 0x${code.toString(16)} with length indicator ${li}, not a Data TPDU` };
  const mcs = pdu.subarray(3);
  // DomainMCSPDU choice 8 (disconnectProviderUltimatum), PER: 0x20 | reason bits.
  if (mcs.length >= 1 && (mcs[0]! & 0xfc) === 0x20) return { kind: 'disconnect', detail: 'MCS Disconnect-Provider-Ultimatum' };
  try {
    const root = readBer(mcs, 0, mcs.length);
    if (root.tag !== 0x7f66) return { kind: 'malformed', detail: `MCS PDU with tag 0x${root.tag.toString(16)}, not a Connect-Response` };
    const result = readBer(mcs, root.content, root.end);
    if (result.tag !== 0x0a) throw new Error('Connect-Response without its result');
    const value = berUnsigned(mcs, result);
    const called = readBer(mcs, result.end, root.end);
    if (called.tag !== 0x02) throw new Error('Connect-Response without calledConnectId');
    const params = readBer(mcs, called.end, root.end);
    if (params.tag !== 0x30) throw new Error('Connect-Response without domainParameters');
    const response: ConnectResponse = { result: value, resultName: mcsResultName(value) };
    if (params.end < root.end) {
      const user = readBer(mcs, params.end, root.end);
      if (user.tag !== 0x04) throw new Error('Connect-Response user data is not an OCTET STRING');
      const gcc = decodeConferenceCreateResponse(mcs.subarray(user.content, user.end));
      if (gcc.ok) response.server = gcc.blocks;
      else response.gccError = gcc.error;
    } else if (value === 0) response.gccError = 'no user data';
    return { kind: 'connect-response', response };
  } catch (error) {
    return { kind: 'malformed', detail: error instanceof Error ? error.message : String(error) };
  }
}

/** Reader policy: one complete TPKT (up to 64 KiB), or stop at once on anything else. */
export function mcsReadDecision(bytes: Buffer): ReadDecision {
  const scan = scanTpkt(bytes, MAX_TPKT);
  return scan.state === 'need-more' ? 'more' : 'done';
}
