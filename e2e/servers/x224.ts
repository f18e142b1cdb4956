/**
 * Minimal X.224 / RDP negotiation encoders and decoders for the test harness (MS-RDPBCGR 2.2.1.1,
 * 2.2.1.2). Deliberately independent of the product's probes in electron/checks so the harness can
 * check them from the outside.
 */

export const PROTOCOL = {
  RDP: 0x0,
  SSL: 0x1,
  HYBRID: 0x2,
  RDSTLS: 0x4,
  HYBRID_EX: 0x8,
  RDSAAD: 0x10,
} as const;

export const FAILURE = {
  SSL_REQUIRED_BY_SERVER: 1,
  SSL_NOT_ALLOWED_BY_SERVER: 2,
  SSL_CERT_NOT_ON_SERVER: 3,
  INCONSISTENT_FLAGS: 4,
  HYBRID_REQUIRED_BY_SERVER: 5,
  SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER: 6,
} as const;

/** RDP_NEG_RSP flag EXTENDED_CLIENT_DATA_SUPPORTED, what xrdp sends. */
export const NEG_RSP_EXTENDED_CLIENT_DATA = 0x01;

/** X.224 Connection Request with an optional cookie and an optional RDP_NEG_REQ (null = none, like very old clients). */
export function encodeConnectionRequest(requestedProtocols: number | null, cookie = 'mstshash=rdpdoctor'): Buffer {
  const cookieBytes = cookie ? Buffer.from(`Cookie: ${cookie}\r\n`, 'latin1') : Buffer.alloc(0);
  const neg = requestedProtocols === null ? Buffer.alloc(0) : Buffer.alloc(8);
  if (requestedProtocols !== null) {
    neg[0] = 0x01;
    neg[1] = 0x00;
    neg.writeUInt16LE(8, 2);
    neg.writeUInt32LE(requestedProtocols >>> 0, 4);
  }
  const x224 = Buffer.concat([Buffer.from([6 + cookieBytes.length + neg.length, 0xe0, 0, 0, 0, 0, 0]), cookieBytes, neg]);
  const tpkt = Buffer.from([3, 0, 0, 0]);
  tpkt.writeUInt16BE(4 + x224.length, 2);
  return Buffer.concat([tpkt, x224]);
}

function confirmWith(type: number, flags: number, value: number): Buffer {
  // 03 00 00 13 | 0E D0 00 00 12 34 00 | type flags 08 00 value(u32 LE)
  const out = Buffer.from([0x03, 0x00, 0x00, 0x13, 0x0e, 0xd0, 0x00, 0x00, 0x12, 0x34, 0x00, type, flags, 0x08, 0x00, 0, 0, 0, 0]);
  out.writeUInt32LE(value >>> 0, 15);
  return out;
}

/** Connection Confirm with RDP_NEG_RSP selecting a protocol. */
export function encodeConnectionConfirm(selectedProtocol: number, flags = NEG_RSP_EXTENDED_CLIENT_DATA): Buffer {
  return confirmWith(0x02, flags, selectedProtocol);
}

/** Connection Confirm with RDP_NEG_FAILURE. */
export function encodeNegotiationFailure(failureCode: number): Buffer {
  return confirmWith(0x03, 0x00, failureCode);
}

/** Connection Confirm without negotiation data (answer to a request without RDP_NEG_REQ). */
export function encodeBareConnectionConfirm(): Buffer {
  return Buffer.from([0x03, 0x00, 0x00, 0x0b, 0x06, 0xd0, 0x00, 0x00, 0x12, 0x34, 0x00]);
}

export type ParsedRequest =
  | { status: 'incomplete' }
  | { status: 'invalid'; reason: string }
  | { status: 'ok'; length: number; requestedProtocols: number | null; cookie: string | null };

/** Parses a client's X.224 Connection Request from the start of buf (TPKT framed). */
export function parseConnectionRequest(buf: Buffer): ParsedRequest {
  if (buf.length < 4) return { status: 'incomplete' };
  if (buf[0] !== 3) return { status: 'invalid', reason: `TPKT version ${buf[0] ?? -1}` };
  const length = buf.readUInt16BE(2);
  if (length < 11) return { status: 'invalid', reason: `TPKT length ${length}` };
  if (buf.length < length) return { status: 'incomplete' };
  const li = buf[4] ?? 0;
  if (buf[5] !== 0xe0 || li + 5 !== length) return { status: 'invalid', reason: 'not an X.224 Connection Request' };
  const variable = buf.subarray(11, length);
  let cookie: string | null = null;
  let rest = variable;
  const crlf = variable.indexOf('\r\n');
  if (variable.subarray(0, 7).toString('latin1') === 'Cookie:' && crlf >= 0) {
    cookie = variable.subarray(8, crlf).toString('latin1');
    rest = variable.subarray(crlf + 2);
  }
  let requestedProtocols: number | null = null;
  if (rest.length >= 8 && rest[0] === 0x01 && rest.readUInt16LE(2) === 8) requestedProtocols = rest.readUInt32LE(4);
  return { status: 'ok', length, requestedProtocols, cookie };
}

export type DecodedConfirm =
  | { kind: 'selected'; selectedProtocol: number; flags: number }
  | { kind: 'failure'; failureCode: number }
  | { kind: 'bare' } // confirm without negotiation data
  | { kind: 'invalid'; reason: string };

/** Decodes a server's Connection Confirm (one whole TPKT). */
export function decodeConnectionConfirm(buf: Buffer): DecodedConfirm {
  if (buf.length < 11) return { kind: 'invalid', reason: `only ${buf.length} bytes` };
  if (buf[0] !== 3) return { kind: 'invalid', reason: `TPKT version ${buf[0] ?? -1}` };
  const length = buf.readUInt16BE(2);
  if (length !== buf.length) return { kind: 'invalid', reason: `TPKT length ${length} for ${buf.length} bytes` };
  if (buf[5] !== 0xd0) return { kind: 'invalid', reason: `X.224 code 0x${(buf[5] ?? 0).toString(16)}` };
  if (length === 11) return { kind: 'bare' };
  if (length < 19) return { kind: 'invalid', reason: `short negotiation data (${length})` };
  const type = buf[11];
  const value = buf.readUInt32LE(15);
  if (type === 0x02) return { kind: 'selected', selectedProtocol: value, flags: buf[12] ?? 0 };
  if (type === 0x03) return { kind: 'failure', failureCode: value };
  return { kind: 'invalid', reason: `negotiation type ${type ?? -1}` };
}

/**
 * An MCS Connect-Response with its GCC Conference Create Response (MS-RDPBCGR 2.2.1.4), recorded
 * from xrdp answering a client that had selected TLS: rt-successful, server core version
 * 0x00080004, no encryption (TLS), I/O channel 1003. The fault servers send it to a Connect-Initial.
 */
export const RECORDED_CONNECT_RESPONSE = Buffer.from(
  '0300006502f0807f665b0a0100020100301a020116020103020100020101020100020101020300fff80201020437000500147c00012a14760a01010001c0004d63446e8020010c0c000400080001000000030c0800eb030000020c0c000000000000000000',
  'hex',
);

/** A whole TPKT carrying X.224 Data and an MCS Connect-Initial (BER tag 7F 65) at the start of buf; null while incomplete. */
export function parseConnectInitial(buf: Buffer): { status: 'incomplete' } | { status: 'connect-initial' | 'other'; length: number } {
  if (buf.length < 4) return { status: 'incomplete' };
  if (buf[0] !== 3) return { status: 'other', length: buf.length };
  const length = buf.readUInt16BE(2);
  if (buf.length < length) return { status: 'incomplete' };
  const isCi = length >= 9 && buf[4] === 2 && buf[5] === 0xf0 && buf[7] === 0x7f && buf[8] === 0x65;
  return { status: isCi ? 'connect-initial' : 'other', length };
}
