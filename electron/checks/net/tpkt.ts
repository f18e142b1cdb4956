/**
 * TPKT framing (RFC 1006 / T.123): `03 00 LL LL` then the payload; LL is the total length,
 * header included, big-endian. Pure.
 */

export const TPKT_VERSION = 0x03;
export const TPKT_HEADER_LENGTH = 4;
/**
 * The longest TPKT an X.224 Connection Confirm can fill: the X.224 length indicator is one byte,
 * so 4 (TPKT) + 1 (LI) + 255. Anything longer is not a confirm.
 */
export const MAX_CONFIRM_TPKT_LENGTH = TPKT_HEADER_LENGTH + 1 + 255;

export function encodeTpkt(payload: Uint8Array): Buffer {
  const length = TPKT_HEADER_LENGTH + payload.length;
  if (length > 0xffff) throw new RangeError(`TPKT payload of ${payload.length} bytes is too long`);
  const header = Buffer.from([TPKT_VERSION, 0x00, (length >> 8) & 0xff, length & 0xff]);
  return Buffer.concat([header, payload]);
}

export type TpktScan =
  | { state: 'need-more' }
  | { state: 'complete'; length: number }
  | { state: 'not-tpkt' }
  | { state: 'invalid'; reason: string }
  | { state: 'oversized'; length: number };

/** Is there one complete TPKT at the start of `bytes`? Never throws. */
export function scanTpkt(bytes: Uint8Array, maxLength: number = MAX_CONFIRM_TPKT_LENGTH): TpktScan {
  if (bytes.length === 0) return { state: 'need-more' };
  if (bytes[0] !== TPKT_VERSION) return { state: 'not-tpkt' };
  if (bytes.length >= 2 && bytes[1] !== 0x00) return { state: 'invalid', reason: `TPKT reserved byte is 0x${bytes[1]!.toString(16).padStart(2, '0')}, not 0x00` };
  if (bytes.length < TPKT_HEADER_LENGTH) return { state: 'need-more' };
  const length = (bytes[2]! << 8) | bytes[3]!;
  if (length < TPKT_HEADER_LENGTH + 1) return { state: 'invalid', reason: `TPKT length ${length} is shorter than a TPKT header plus an X.224 length byte` };
  if (length > maxLength) return { state: 'oversized', length };
  if (bytes.length < length) return { state: 'need-more' };
  return { state: 'complete', length };
}
