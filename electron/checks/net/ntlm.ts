/**
 * NTLM messages (MS-NLMP 2.2.1): encode NEGOTIATE, decode CHALLENGE (target name, flags, target
 * info AV pairs, version). Pure; the decoder never throws.
 */

export const NTLM_SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');

export const NTLM_FLAGS = {
  NEGOTIATE_UNICODE: 0x00000001,
  NEGOTIATE_OEM: 0x00000002,
  REQUEST_TARGET: 0x00000004,
  NEGOTIATE_SIGN: 0x00000010,
  NEGOTIATE_SEAL: 0x00000020,
  NEGOTIATE_DATAGRAM: 0x00000040,
  NEGOTIATE_LM_KEY: 0x00000080,
  NEGOTIATE_NTLM: 0x00000200,
  ANONYMOUS: 0x00000800,
  NEGOTIATE_OEM_DOMAIN_SUPPLIED: 0x00001000,
  NEGOTIATE_OEM_WORKSTATION_SUPPLIED: 0x00002000,
  NEGOTIATE_ALWAYS_SIGN: 0x00008000,
  TARGET_TYPE_DOMAIN: 0x00010000,
  TARGET_TYPE_SERVER: 0x00020000,
  NEGOTIATE_EXTENDED_SESSIONSECURITY: 0x00080000,
  NEGOTIATE_IDENTIFY: 0x00100000,
  REQUEST_NON_NT_SESSION_KEY: 0x00400000,
  NEGOTIATE_TARGET_INFO: 0x00800000,
  NEGOTIATE_VERSION: 0x02000000,
  NEGOTIATE_128: 0x20000000,
  NEGOTIATE_KEY_EXCH: 0x40000000,
  NEGOTIATE_56: 0x80000000,
} as const;

/** The flags our NEGOTIATE asks for (what mstsc asks, minus nothing that needs credentials). */
export const NEGOTIATE_FLAGS =
  (NTLM_FLAGS.NEGOTIATE_UNICODE |
    NTLM_FLAGS.REQUEST_TARGET |
    NTLM_FLAGS.NEGOTIATE_SIGN |
    NTLM_FLAGS.NEGOTIATE_SEAL |
    NTLM_FLAGS.NEGOTIATE_NTLM |
    NTLM_FLAGS.NEGOTIATE_ALWAYS_SIGN |
    NTLM_FLAGS.NEGOTIATE_EXTENDED_SESSIONSECURITY |
    NTLM_FLAGS.NEGOTIATE_VERSION |
    NTLM_FLAGS.NEGOTIATE_128 |
    NTLM_FLAGS.NEGOTIATE_KEY_EXCH |
    NTLM_FLAGS.NEGOTIATE_56) >>>
  0;

export const AV_ID = {
  EOL: 0,
  NB_COMPUTER: 1,
  NB_DOMAIN: 2,
  DNS_COMPUTER: 3,
  DNS_DOMAIN: 4,
  DNS_TREE: 5,
  FLAGS: 6,
  TIMESTAMP: 7,
  SINGLE_HOST: 8,
  TARGET_NAME: 9,
  CHANNEL_BINDINGS: 10,
} as const;

export interface NtlmVersion {
  major: number;
  minor: number;
  build: number;
  revision: number;
}

/** NEGOTIATE_MESSAGE: 40 bytes, no domain or workstation supplied. */
export function encodeNtlmNegotiate(flags: number = NEGOTIATE_FLAGS, version: NtlmVersion = { major: 10, minor: 0, build: 20348, revision: 0x0f }): Buffer {
  const out = Buffer.alloc(40);
  NTLM_SIGNATURE.copy(out, 0);
  out.writeUInt32LE(1, 8);
  out.writeUInt32LE(flags >>> 0, 12);
  // DomainNameFields, WorkstationFields: empty, offsets at the end of the fixed part.
  out.writeUInt32LE(40, 20);
  out.writeUInt32LE(40, 28);
  out[32] = version.major;
  out[33] = version.minor;
  out.writeUInt16LE(version.build, 34);
  out[39] = version.revision;
  return out;
}

export interface NtlmChallenge {
  targetName?: string;
  flags: number;
  flagNames: string[];
  serverChallengeHex: string;
  netbiosComputer?: string;
  netbiosDomain?: string;
  dnsComputer?: string;
  dnsDomain?: string;
  dnsTree?: string;
  /** MsvAvTimestamp as ISO 8601. */
  serverTime?: string;
  version?: NtlmVersion;
  /** AV pair ids seen, in order. */
  avIds: number[];
}

export type ChallengeDecode = { ok: true; challenge: NtlmChallenge } | { ok: false; error: string };

const FILETIME_EPOCH_OFFSET_MS = 11_644_473_600_000n;

/** FILETIME (100 ns since 1601-01-01 UTC) → ISO 8601, or undefined when out of range. */
export function filetimeToIso(low: number, high: number): string | undefined {
  const ticks = (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0);
  const ms = ticks / 10_000n - FILETIME_EPOCH_OFFSET_MS;
  if (ms < -8_640_000_000_000_000n || ms > 8_640_000_000_000_000n) return undefined;
  const date = new Date(Number(ms));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function isoToFiletime(iso: string): Buffer {
  const ms = BigInt(Date.parse(iso));
  const ticks = (ms + FILETIME_EPOCH_OFFSET_MS) * 10_000n;
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(ticks);
  return out;
}

export function ntlmFlagNames(flags: number): string[] {
  const names: string[] = [];
  for (const [name, bit] of Object.entries(NTLM_FLAGS)) if ((flags >>> 0) & bit) names.push(name);
  return names;
}

function readField(bytes: Buffer, at: number, what: string): { length: number; offset: number } {
  const length = bytes.readUInt16LE(at);
  const offset = bytes.readUInt32LE(at + 4);
  if (length > 0 && (offset > bytes.length || offset + length > bytes.length)) {
    throw new Error(`${what} (${length} bytes at offset ${offset}) lies outside the ${bytes.length}-byte message`);
  }
  return { length, offset };
}

function utf16(bytes: Buffer): string {
  return bytes.subarray(0, bytes.length & ~1).toString('utf16le');
}

/** Decode a CHALLENGE_MESSAGE. Never throws. */
export function decodeNtlmChallenge(message: Uint8Array): ChallengeDecode {
  try {
    const bytes = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
    if (bytes.length < 48) return { ok: false, error: `${bytes.length} bytes: too short for an NTLM CHALLENGE (at least 48).` };
    if (!bytes.subarray(0, 8).equals(NTLM_SIGNATURE)) return { ok: false, error: 'No "NTLMSSP" signature: not an NTLM message.' };
    const type = bytes.readUInt32LE(8);
    if (type !== 2) return { ok: false, error: `NTLM message type ${type}, not 2 (CHALLENGE).` };
    const flags = bytes.readUInt32LE(20);
    const targetNameField = readField(bytes, 12, 'TargetName');
    const targetInfoField = readField(bytes, 40, 'TargetInfo');
    const challenge: NtlmChallenge = {
      flags,
      flagNames: ntlmFlagNames(flags),
      serverChallengeHex: bytes.subarray(24, 32).toString('hex'),
      avIds: [],
    };
    const unicode = (flags & NTLM_FLAGS.NEGOTIATE_UNICODE) !== 0;
    if (targetNameField.length > 0) {
      const raw = bytes.subarray(targetNameField.offset, targetNameField.offset + targetNameField.length);
      challenge.targetName = unicode ? utf16(raw) : raw.toString('latin1');
    }
    // Version sits at 48 when the payload starts at 56 or later (and the flag says so).
    const payloadOffsets = [targetNameField, targetInfoField].filter((f) => f.length > 0).map((f) => f.offset);
    const payloadStart = payloadOffsets.length ? Math.min(...payloadOffsets) : bytes.length;
    if ((flags & NTLM_FLAGS.NEGOTIATE_VERSION) !== 0 && bytes.length >= 56 && payloadStart >= 56) {
      challenge.version = { major: bytes[48]!, minor: bytes[49]!, build: bytes.readUInt16LE(50), revision: bytes[55]! };
    }
    if (targetInfoField.length > 0) {
      const info = bytes.subarray(targetInfoField.offset, targetInfoField.offset + targetInfoField.length);
      let at = 0;
      // Bounded: every pair advances by at least 4 bytes.
      while (at + 4 <= info.length) {
        const id = info.readUInt16LE(at);
        const length = info.readUInt16LE(at + 2);
        if (id === AV_ID.EOL) break;
        if (at + 4 + length > info.length) return { ok: false, error: `AV pair ${id} (${length} bytes) runs past the end of TargetInfo.` };
        const value = info.subarray(at + 4, at + 4 + length);
        challenge.avIds.push(id);
        switch (id) {
          case AV_ID.NB_COMPUTER:
            challenge.netbiosComputer = utf16(value);
            break;
          case AV_ID.NB_DOMAIN:
            challenge.netbiosDomain = utf16(value);
            break;
          case AV_ID.DNS_COMPUTER:
            challenge.dnsComputer = utf16(value);
            break;
          case AV_ID.DNS_DOMAIN:
            challenge.dnsDomain = utf16(value);
            break;
          case AV_ID.DNS_TREE:
            challenge.dnsTree = utf16(value);
            break;
          case AV_ID.TIMESTAMP:
            if (length === 8) {
              const iso = filetimeToIso(value.readUInt32LE(0), value.readUInt32LE(4));
              if (iso) challenge.serverTime = iso;
            }
            break;
          default:
            break;
        }
        at += 4 + length;
      }
    }
    return { ok: true, challenge };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

// ---------------------------------------------------------------- test vector builder

export interface ChallengeSpec {
  targetName?: string;
  flags?: number;
  serverChallenge?: Buffer;
  avPairs?: Array<{ id: number; value: Buffer }>;
  version?: NtlmVersion;
}

export function utf16le(text: string): Buffer {
  return Buffer.from(text, 'utf16le');
}

/** Build a CHALLENGE_MESSAGE (for tests and the loopback test server). */
export function encodeNtlmChallenge(spec: ChallengeSpec): Buffer {
  const flags = (spec.flags ?? (NTLM_FLAGS.NEGOTIATE_UNICODE | NTLM_FLAGS.NEGOTIATE_NTLM | NTLM_FLAGS.NEGOTIATE_TARGET_INFO | NTLM_FLAGS.NEGOTIATE_VERSION | NTLM_FLAGS.REQUEST_TARGET)) >>> 0;
  const target = spec.targetName !== undefined ? utf16le(spec.targetName) : Buffer.alloc(0);
  const pairs = Buffer.concat([
    ...(spec.avPairs ?? []).map(({ id, value }) => {
      const head = Buffer.alloc(4);
      head.writeUInt16LE(id, 0);
      head.writeUInt16LE(value.length, 2);
      return Buffer.concat([head, value]);
    }),
    Buffer.alloc(4), // MsvAvEOL
  ]);
  const fixed = Buffer.alloc(56);
  NTLM_SIGNATURE.copy(fixed, 0);
  fixed.writeUInt32LE(2, 8);
  fixed.writeUInt16LE(target.length, 12);
  fixed.writeUInt16LE(target.length, 14);
  fixed.writeUInt32LE(56, 16);
  fixed.writeUInt32LE(flags, 20);
  (spec.serverChallenge ?? Buffer.from('0123456789abcdef', 'hex')).copy(fixed, 24);
  fixed.writeUInt16LE(pairs.length, 40);
  fixed.writeUInt16LE(pairs.length, 42);
  fixed.writeUInt32LE(56 + target.length, 44);
  const v = spec.version ?? { major: 10, minor: 0, build: 20348, revision: 15 };
  fixed[48] = v.major;
  fixed[49] = v.minor;
  fixed.writeUInt16LE(v.build, 50);
  fixed[55] = v.revision;
  return Buffer.concat([fixed, target, pairs]);
}
