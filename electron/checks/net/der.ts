/**
 * A small DER (ASN.1 Distinguished Encoding Rules) reader and writer, shared by the certificate
 * parser (x509.ts) and CredSSP (credssp.ts). Pure: bytes in, values out.
 *
 * The reader functions throw `DerError` on malformed input; callers at the probe boundary catch it
 * and turn it into a classified result. `parseDer` is the non-throwing entry point.
 */

export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

export type TagClass = 'universal' | 'application' | 'context' | 'private';

export interface DerNode {
  /** The identifier octet (single-byte tags only; high tag numbers are rejected). */
  tag: number;
  tagClass: TagClass;
  constructed: boolean;
  tagNumber: number;
  /** Offset of the identifier octet in the buffer given to readTlv. */
  start: number;
  contentStart: number;
  /** One past the last content byte (= end of the element). */
  end: number;
  /** The content octets (a view, not a copy). */
  content: Buffer;
  /** The whole element, header included (a view). */
  raw: Buffer;
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  SEQUENCE: 0x30,
  SET: 0x31,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
} as const;

const CLASSES: readonly TagClass[] = ['universal', 'application', 'context', 'private'];

/** Context-specific tag byte: [n] constructed (explicit) or primitive (implicit). */
export function contextTag(n: number, constructed = true): number {
  return 0x80 | (constructed ? 0x20 : 0) | (n & 0x1f);
}

/**
 * Header of the element at `offset`: how long the whole element is, when enough bytes are present.
 * Returns `null` when more bytes are needed to know; throws DerError when the header is invalid.
 * Used by stream readers to know when one complete element has arrived.
 */
export function derElementLength(buf: Buffer, offset = 0): number | null {
  if (buf.length - offset < 2) return null;
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('high-tag-number form is not supported');
  const first = buf[offset + 1]!;
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  if (count === 0) throw new DerError('indefinite length is not allowed in DER');
  if (count > 4) throw new DerError(`length of ${count} octets is too large`);
  if (buf.length - offset < 2 + count) return null;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + buf[offset + 2 + i]!;
  return 2 + count + length;
}

/** Read one element at `offset`, bounded by `limit` (exclusive). */
export function readTlv(buf: Buffer, offset = 0, limit = buf.length): DerNode {
  if (offset >= limit) throw new DerError(`no element at offset ${offset}`);
  if (limit - offset < 2) throw new DerError(`truncated element header at offset ${offset}`);
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError(`high-tag-number form at offset ${offset} is not supported`);
  const first = buf[offset + 1]!;
  let length: number;
  let headerLength: number;
  if (first < 0x80) {
    length = first;
    headerLength = 2;
  } else {
    const count = first & 0x7f;
    if (count === 0) throw new DerError(`indefinite length at offset ${offset}`);
    if (count > 4) throw new DerError(`length of ${count} octets at offset ${offset}`);
    if (limit - offset < 2 + count) throw new DerError(`truncated length at offset ${offset}`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[offset + 2 + i]!;
    headerLength = 2 + count;
  }
  const contentStart = offset + headerLength;
  const end = contentStart + length;
  if (end > limit) throw new DerError(`element at offset ${offset} claims ${length} bytes, only ${limit - contentStart} present`);
  return {
    tag,
    tagClass: CLASSES[tag >> 6]!,
    constructed: (tag & 0x20) !== 0,
    tagNumber: tag & 0x1f,
    start: offset,
    contentStart,
    end,
    content: buf.subarray(contentStart, end),
    raw: buf.subarray(offset, end),
  };
}

/** The elements inside a constructed element. */
export function children(node: DerNode): DerNode[] {
  if (!node.constructed) throw new DerError(`tag 0x${node.tag.toString(16)} is not constructed`);
  const out: DerNode[] = [];
  let offset = 0;
  const content = node.content;
  // Bounded: every iteration advances by at least 2 bytes.
  while (offset < content.length) {
    const child = readTlv(content, offset, content.length);
    out.push(child);
    offset = child.end;
  }
  return out;
}

export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node) throw new DerError(`${what} is missing`);
  if (node.tag !== tag) throw new DerError(`${what}: expected tag 0x${tag.toString(16)}, found 0x${node.tag.toString(16)}`);
  return node;
}

export type DerParse = { ok: true; node: DerNode } | { ok: false; error: string };

/** Non-throwing: one complete element that fills the buffer (trailing bytes are an error). */
export function parseDer(buf: Buffer, allowTrailing = false): DerParse {
  try {
    const node = readTlv(buf, 0, buf.length);
    if (!allowTrailing && node.end !== buf.length) return { ok: false, error: `${buf.length - node.end} trailing bytes after the element` };
    return { ok: true, node };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

// ---------------------------------------------------------------- values

export function decodeOid(bytes: Buffer): string {
  if (bytes.length === 0) throw new DerError('empty OBJECT IDENTIFIER');
  const arcs: string[] = [];
  let value = 0n;
  let first = true;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    value = (value << 7n) | BigInt(b & 0x7f);
    if ((b & 0x80) === 0) {
      if (first) {
        const top = value < 40n ? 0n : value < 80n ? 1n : 2n;
        arcs.push(top.toString(), (value - top * 40n).toString());
        first = false;
      } else {
        arcs.push(value.toString());
      }
      value = 0n;
    } else if (i === bytes.length - 1) {
      throw new DerError('truncated OBJECT IDENTIFIER');
    }
  }
  return arcs.join('.');
}

export function encodeOid(oid: string): Buffer {
  const parts = oid.split('.').map((p) => {
    if (!/^\d+$/.test(p)) throw new DerError(`invalid OID arc "${p}"`);
    return BigInt(p);
  });
  if (parts.length < 2) throw new DerError('an OID needs at least two arcs');
  const [a, b] = parts as [bigint, bigint];
  if (a > 2n || (a < 2n && b >= 40n)) throw new DerError(`invalid OID start ${a}.${b}`);
  const arcs = [a * 40n + b, ...parts.slice(2)];
  const out: number[] = [];
  for (const arc of arcs) {
    const groups: number[] = [];
    let v = arc;
    do {
      groups.unshift(Number(v & 0x7fn));
      v >>= 7n;
    } while (v > 0n);
    for (let i = 0; i < groups.length - 1; i++) groups[i]! |= 0x80;
    out.push(...groups);
  }
  return Buffer.from(out);
}

/** Two's complement big-endian INTEGER content. */
export function decodeInteger(bytes: Buffer): bigint {
  if (bytes.length === 0) throw new DerError('empty INTEGER');
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  if (bytes[0]! & 0x80) value -= 1n << BigInt(bytes.length * 8);
  return value;
}

export function encodeIntegerContent(value: number | bigint): Buffer {
  let v = BigInt(value);
  const bytes: number[] = [];
  // Bounded: at most ~ bit length / 8 iterations.
  for (;;) {
    bytes.unshift(Number(v & 0xffn));
    const rest = v >> 8n;
    const signBit = (bytes[0]! & 0x80) !== 0;
    if ((rest === 0n && !signBit) || (rest === -1n && signBit)) break;
    v = rest;
  }
  return Buffer.from(bytes);
}

/** UTCTime / GeneralizedTime content → Date (Z and offset forms; DER requires Z). */
export function decodeTime(node: DerNode): Date {
  const text = node.content.toString('latin1');
  let m: RegExpExecArray | null;
  let year: number;
  let rest: string;
  if (node.tag === TAG.UTC_TIME) {
    m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/.exec(text);
    if (!m) throw new DerError(`invalid UTCTime "${text.slice(0, 20)}"`);
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy; // RFC 5280 4.1.2.5.1
    rest = '';
  } else if (node.tag === TAG.GENERALIZED_TIME) {
    m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(\.\d+)?(Z|[+-]\d{4})$/.exec(text);
    if (!m) throw new DerError(`invalid GeneralizedTime "${text.slice(0, 24)}"`);
    year = Number(m[1]);
    rest = m[7] ?? '';
  } else {
    throw new DerError(`tag 0x${node.tag.toString(16)} is not a time`);
  }
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6] ?? '0');
  const zone = node.tag === TAG.UTC_TIME ? m[7]! : m[8]!;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    throw new DerError(`time out of range "${text.slice(0, 24)}"`);
  }
  let ms = Date.UTC(year, month - 1, day, hour, minute, second) + (rest ? Math.round(Number(rest) * 1000) : 0);
  if (zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * 60_000;
  }
  return new Date(ms);
}

/** Any of the directory string types → text. */
export function decodeString(node: DerNode): string {
  switch (node.tag) {
    case TAG.UTF8_STRING:
      return node.content.toString('utf8');
    case TAG.BMP_STRING: {
      const swapped = Buffer.from(node.content.subarray(0, node.content.length & ~1));
      swapped.swap16();
      return swapped.toString('utf16le');
    }
    case TAG.UNIVERSAL_STRING: {
      let out = '';
      for (let i = 0; i + 3 < node.content.length; i += 4) {
        const cp = node.content.readUInt32BE(i);
        out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      }
      return out;
    }
    default:
      return node.content.toString('latin1');
  }
}

// ---------------------------------------------------------------- writer

export function encodeLength(length: number): Buffer {
  if (!Number.isInteger(length) || length < 0 || length > 0xffffffff) throw new DerError(`invalid length ${length}`);
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  let v = length;
  while (v > 0) {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

export const der = {
  sequence: (...items: Uint8Array[]): Buffer => tlv(TAG.SEQUENCE, Buffer.concat(items)),
  set: (...items: Uint8Array[]): Buffer => tlv(TAG.SET, Buffer.concat(items)),
  /** Explicit context tag [n] wrapping one element. */
  explicit: (n: number, inner: Uint8Array): Buffer => tlv(contextTag(n, true), inner),
  integer: (value: number | bigint): Buffer => tlv(TAG.INTEGER, encodeIntegerContent(value)),
  octetString: (bytes: Uint8Array): Buffer => tlv(TAG.OCTET_STRING, bytes),
  oid: (oid: string): Buffer => tlv(TAG.OID, encodeOid(oid)),
  null: (): Buffer => Buffer.from([TAG.NULL, 0]),
  utf8: (text: string): Buffer => tlv(TAG.UTF8_STRING, Buffer.from(text, 'utf8')),
  bitString: (bytes: Uint8Array, unusedBits = 0): Buffer => tlv(TAG.BIT_STRING, Buffer.concat([Buffer.from([unusedBits]), bytes])),
};
