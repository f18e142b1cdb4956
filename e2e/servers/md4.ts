/**
 * MD4 (RFC 1320) in plain TypeScript. Node 20 bundles OpenSSL 3, where MD4 lives in the legacy
 * provider and crypto.createHash('md4') throws unless Node runs with --openssl-legacy-provider.
 * Only used to build NT hashes for FreeRDP's SAM file; not for anything secret.
 */

function rotl(x: number, n: number): number {
  return ((x << n) | (x >>> (32 - n))) >>> 0;
}

const R2_ORDER = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15];
const R3_ORDER = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15];
const S1 = [3, 7, 11, 19];
const S2 = [3, 5, 9, 13];
const S3 = [3, 9, 11, 15];

export function md4(input: Uint8Array): Buffer {
  const bitLength = input.length * 8;
  const paddedLength = (((input.length + 8) >> 6) + 1) << 6;
  const data = Buffer.alloc(paddedLength);
  data.set(input, 0);
  data[input.length] = 0x80;
  data.writeUInt32LE(bitLength >>> 0, paddedLength - 8);
  data.writeUInt32LE(Math.floor(bitLength / 0x1_0000_0000) >>> 0, paddedLength - 4);

  let a = 0x67452301;
  let b = 0xefcdab89;
  let c = 0x98badcfe;
  let d = 0x10325476;
  const x = new Uint32Array(16);

  for (let offset = 0; offset < paddedLength; offset += 64) {
    for (let i = 0; i < 16; i++) x[i] = data.readUInt32LE(offset + i * 4);
    const aa = a;
    const bb = b;
    const cc = c;
    const dd = d;
    const word = (k: number): number => x[k] ?? 0;

    const f = (p: number, q: number, r: number): number => (p & q) | (~p & r);
    const g = (p: number, q: number, r: number): number => (p & q) | (p & r) | (q & r);
    const h = (p: number, q: number, r: number): number => p ^ q ^ r;

    type Round = { fn: (p: number, q: number, r: number) => number; order: readonly number[] | null; shifts: number[]; add: number };
    const rounds: Round[] = [
      { fn: f, order: null, shifts: S1, add: 0 },
      { fn: g, order: R2_ORDER, shifts: S2, add: 0x5a827999 },
      { fn: h, order: R3_ORDER, shifts: S3, add: 0x6ed9eba1 },
    ];
    for (const round of rounds) {
      for (let i = 0; i < 16; i++) {
        const k = round.order ? (round.order[i] ?? 0) : i;
        const s = round.shifts[i % 4] ?? 0;
        switch (i % 4) {
          case 0:
            a = rotl((a + round.fn(b, c, d) + word(k) + round.add) >>> 0, s);
            break;
          case 1:
            d = rotl((d + round.fn(a, b, c) + word(k) + round.add) >>> 0, s);
            break;
          case 2:
            c = rotl((c + round.fn(d, a, b) + word(k) + round.add) >>> 0, s);
            break;
          default:
            b = rotl((b + round.fn(c, d, a) + word(k) + round.add) >>> 0, s);
            break;
        }
      }
    }
    a = (a + aa) >>> 0;
    b = (b + bb) >>> 0;
    c = (c + cc) >>> 0;
    d = (d + dd) >>> 0;
  }

  const out = Buffer.alloc(16);
  out.writeUInt32LE(a, 0);
  out.writeUInt32LE(b, 4);
  out.writeUInt32LE(c, 8);
  out.writeUInt32LE(d, 12);
  return out;
}

/** NT hash (MS-NLMP NTOWFv1): MD4 of the UTF-16LE password, as 32 lowercase hex digits. */
export function ntHash(password: string): string {
  return md4(Buffer.from(password, 'utf16le')).toString('hex');
}
