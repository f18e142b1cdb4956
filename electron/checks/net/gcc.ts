/**
 * GCC (T.124) as RDP uses it inside the MCS connect PDUs (MS-RDPBCGR 2.2.1.3 and 2.2.1.4): the
 * client's settings blocks (core 2.2.1.3.2, security 2.2.1.3.3, network 2.2.1.3.4) wrapped in a PER
 * Conference Create Request, and the server's Conference Create Response with its blocks
 * (core 2.2.1.4.2, security 2.2.1.4.3, network 2.2.1.4.4). Pure; the decoder never throws.
 */

/** User data header types (MS-RDPBCGR 2.2.1.3.1). */
export const UD = { CS_CORE: 0xc001, CS_SECURITY: 0xc002, CS_NET: 0xc003, SC_CORE: 0x0c01, SC_SECURITY: 0x0c02, SC_NET: 0x0c03 } as const;

/** T.124 object identifier of the key (0.0.20.124.0.1), as RDP writes it: choice 0, length 5, OID bytes. */
const T124_KEY = Buffer.from([0x00, 0x05, 0x00, 0x14, 0x7c, 0x00, 0x01]);
/** PER bits of a ConferenceCreateRequest up to its user data: name "1", h221NonStandard key "Duca". */
const CCRQ_HEAD = Buffer.from([0x00, 0x08, 0x00, 0x10, 0x00, 0x01, 0xc0, 0x00, 0x44, 0x75, 0x63, 0x61]);
/** The server's h221NonStandard key in the Conference Create Response. */
export const SERVER_H221_KEY = Buffer.from('McDn', 'latin1');

/** RDP 5.0 and later client (MS-RDPBCGR 2.2.1.3.2, version). */
export const CLIENT_RDP_VERSION = 0x00080004;
/** 40-bit, 128-bit, 56-bit and FIPS: what mstsc offers for standard RDP security (2.2.1.3.3). */
export const CLIENT_ENCRYPTION_METHODS = 0x0000001b;
/** The client name we announce (at most 15 characters). */
export const CLIENT_NAME = 'RDPDOCTOR';

/** A PER length determinant (X.691 10.9, aligned): one byte below 128, else two with the top bit set. */
export function perLength(length: number): Buffer {
  if (length < 0 || length > 0x3fff) throw new RangeError(`PER length ${length} out of range`);
  return length < 0x80 ? Buffer.from([length]) : Buffer.from([0x80 | (length >> 8), length & 0xff]);
}

function block(type: number, body: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16LE(type, 0);
  header.writeUInt16LE(4 + body.length, 2);
  return Buffer.concat([header, body]);
}

/** TS_UD_CS_CORE up to serverSelectedProtocol (212 bytes of body, 216 with the header). */
export function encodeClientCore(serverSelectedProtocol: number): Buffer {
  const b = Buffer.alloc(212);
  let o = 0;
  o = b.writeUInt32LE(CLIENT_RDP_VERSION, o);
  o = b.writeUInt16LE(1024, o); // desktopWidth
  o = b.writeUInt16LE(768, o); // desktopHeight
  o = b.writeUInt16LE(0xca01, o); // colorDepth RNS_UD_COLOR_8BPP
  o = b.writeUInt16LE(0xaa03, o); // SASSequence RNS_UD_SAS_DEL
  o = b.writeUInt32LE(0x409, o); // keyboardLayout (US)
  o = b.writeUInt32LE(2600, o); // clientBuild
  b.write(CLIENT_NAME.slice(0, 15), o, 'utf16le'); // clientName: 32 bytes, null-terminated
  o += 32;
  o = b.writeUInt32LE(4, o); // keyboardType IBM enhanced
  o = b.writeUInt32LE(0, o); // keyboardSubType
  o = b.writeUInt32LE(12, o); // keyboardFunctionKey
  o += 64; // imeFileName
  o = b.writeUInt16LE(0xca01, o); // postBeta2ColorDepth
  o = b.writeUInt16LE(1, o); // clientProductId
  o = b.writeUInt32LE(0, o); // serialNumber
  o = b.writeUInt16LE(24, o); // highColorDepth
  o = b.writeUInt16LE(0x0007, o); // supportedColorDepths 24/16/15 bpp
  o = b.writeUInt16LE(0x0001, o); // earlyCapabilityFlags RNS_UD_CS_SUPPORT_ERRINFO_PDU
  o += 64; // clientDigProductId
  o += 2; // connectionType, pad1octet
  b.writeUInt32LE(serverSelectedProtocol >>> 0, o);
  return block(UD.CS_CORE, b);
}

/** TS_UD_CS_SEC. */
export function encodeClientSecurity(): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt32LE(CLIENT_ENCRYPTION_METHODS, 0);
  return block(UD.CS_SECURITY, b); // extEncryptionMethods 0
}

/** TS_UD_CS_NET with no static virtual channels. */
export function encodeClientNetwork(): Buffer {
  return block(UD.CS_NET, Buffer.alloc(4));
}

/** The GCC Conference Create Request carrying the client core, security and network blocks. */
export function encodeConferenceCreateRequest(serverSelectedProtocol: number): Buffer {
  const userData = Buffer.concat([encodeClientCore(serverSelectedProtocol), encodeClientSecurity(), encodeClientNetwork()]);
  const pdu = Buffer.concat([CCRQ_HEAD, perLength(userData.length), userData]);
  return Buffer.concat([T124_KEY, perLength(pdu.length), pdu]);
}

// ---------------------------------------------------------------- server side

export interface ServerBlocks {
  /** SC_CORE version, e.g. 0x00080004. */
  version?: number;
  /** SC_CORE clientRequestedProtocols, as the server understood them. */
  clientRequestedProtocols?: number;
  /** SC_SECURITY. */
  encryptionMethod?: number;
  encryptionLevel?: number;
  /** SC_NET. */
  mcsChannelId?: number;
  channelCount?: number;
  /** Block types seen, in order (hex). */
  types: string[];
}

export type GccDecode = { ok: true; blocks: ServerBlocks } | { ok: false; error: string };

function readPerLength(bytes: Buffer, at: number): { length: number; next: number } | null {
  if (at >= bytes.length) return null;
  const first = bytes[at]!;
  if ((first & 0x80) === 0) return { length: first, next: at + 1 };
  if (at + 1 >= bytes.length) return null;
  return { length: ((first & 0x3f) << 8) | bytes[at + 1]!, next: at + 2 };
}

/** The server's settings blocks (TS_UD_HEADER type/length, little-endian). Never throws. */
export function decodeServerBlocks(data: Buffer): GccDecode {
  const blocks: ServerBlocks = { types: [] };
  let at = 0;
  // Bounded: every block advances by at least its 4-byte header.
  while (at + 4 <= data.length) {
    const type = data.readUInt16LE(at);
    const length = data.readUInt16LE(at + 2);
    if (length < 4 || at + length > data.length) return { ok: false, error: `settings block 0x${type.toString(16)} of ${length} bytes does not fit in ${data.length - at}` };
    const body = data.subarray(at + 4, at + length);
    blocks.types.push(`0x${type.toString(16).padStart(4, '0')}`);
    if (type === UD.SC_CORE) {
      if (body.length >= 4) blocks.version = body.readUInt32LE(0);
      if (body.length >= 8) blocks.clientRequestedProtocols = body.readUInt32LE(4);
    } else if (type === UD.SC_SECURITY) {
      if (body.length >= 8) {
        blocks.encryptionMethod = body.readUInt32LE(0);
        blocks.encryptionLevel = body.readUInt32LE(4);
      }
    } else if (type === UD.SC_NET) {
      if (body.length >= 4) {
        blocks.mcsChannelId = body.readUInt16LE(0);
        blocks.channelCount = body.readUInt16LE(2);
      }
    }
    at += length;
  }
  if (at !== data.length) return { ok: false, error: `${data.length - at} stray bytes after the settings blocks` };
  return { ok: true, blocks };
}

/**
 * The GCC Conference Create Response (T.124 8.7, PER) as RDP servers send it: the T.124 key, the
 * connect PDU length, the response's fixed fields, the "McDn" key and the server's blocks.
 * The connect PDU length is not checked: Windows and xrdp write 0x2A there whatever follows
 * (MS-RDPBCGR 4.1.4 shows it), and clients ignore it. The key is found by its bytes.
 */
export function decodeConferenceCreateResponse(bytes: Buffer): GccDecode {
  if (bytes.length < T124_KEY.length || !bytes.subarray(0, T124_KEY.length).equals(T124_KEY)) return { ok: false, error: 'the user data does not start with the T.124 key' };
  const connect = readPerLength(bytes, T124_KEY.length);
  if (!connect) return { ok: false, error: 'the GCC connect PDU length is cut short' };
  const pdu = bytes.subarray(connect.next);
  const key = pdu.indexOf(SERVER_H221_KEY);
  if (key < 0 || key > 32) return { ok: false, error: 'no "McDn" server data key in the GCC Conference Create Response' };
  const user = readPerLength(pdu, key + SERVER_H221_KEY.length);
  if (!user) return { ok: false, error: 'the server data length is cut short' };
  if (user.next + user.length > pdu.length) return { ok: false, error: `the server data announces ${user.length} bytes, ${pdu.length - user.next} arrived` };
  return decodeServerBlocks(pdu.subarray(user.next, user.next + user.length));
}
