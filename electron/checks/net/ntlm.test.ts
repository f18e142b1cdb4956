import { describe, expect, it } from 'vitest';
import { decodeNtlmChallenge, encodeNtlmChallenge, encodeNtlmNegotiate, filetimeToIso, isoToFiletime, NEGOTIATE_FLAGS, NTLM_FLAGS, utf16le } from './ntlm';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('NTLM NEGOTIATE', () => {
  it('is 40 bytes: signature, type 1, flags, empty domain/workstation, version 10.0.20348 rev 15', () => {
    expect(NEGOTIATE_FLAGS).toBe(0xe2088235);
    expect(encodeNtlmNegotiate()).toEqual(
      hex('4e544c4d53535000 01000000 358208e2 0000 0000 28000000 0000 0000 28000000 0a 00 7c4f 000000 0f'),
    );
    for (const flag of ['NEGOTIATE_UNICODE', 'REQUEST_TARGET', 'NEGOTIATE_NTLM', 'NEGOTIATE_ALWAYS_SIGN', 'NEGOTIATE_EXTENDED_SESSIONSECURITY', 'NEGOTIATE_VERSION', 'NEGOTIATE_128', 'NEGOTIATE_56', 'NEGOTIATE_KEY_EXCH'] as const) {
      expect((NEGOTIATE_FLAGS & NTLM_FLAGS[flag]) >>> 0).toBe(NTLM_FLAGS[flag]);
    }
  });
});

describe('NTLM CHALLENGE', () => {
  // Built by hand (MS-NLMP 2.2.1.2): TargetName "CORP" (UTF-16LE) at 56, TargetInfo at 64:
  // NbDomain CORP, NbComputer PC042, DnsDomain corp.example, DnsComputer pc042.corp.example,
  // Timestamp 2024-01-01T00:00:00Z (FILETIME 0x01DA3C4B3CC3C000... computed below), EOL.
  const filetime = isoToFiletime('2024-01-01T00:00:00.000Z');
  const pairs = [
    [2, utf16le('CORP')],
    [1, utf16le('PC042')],
    [4, utf16le('corp.example')],
    [3, utf16le('pc042.corp.example')],
    [5, utf16le('corp.example')],
    [7, filetime],
  ] as const;
  const info = Buffer.concat([
    ...pairs.map(([id, value]) => Buffer.concat([Buffer.from([id, 0, value.length, 0]), value])),
    hex('00000000'),
  ]);
  const target = utf16le('CORP');
  const fixed = Buffer.concat([
    Buffer.from('NTLMSSP\0', 'latin1'),
    hex('02000000'),
    Buffer.from([target.length, 0, target.length, 0, 56, 0, 0, 0]),
    hex('358289e2'), // flags 0xe2898235
    hex('0123456789abcdef'),
    hex('0000000000000000'),
    Buffer.from([info.length, 0, info.length, 0, 56 + target.length, 0, 0, 0]),
    hex('0a 00 7c 4f 00 00 00 0f'), // 10.0 build 20348
  ]);
  const message = Buffer.concat([fixed, target, info]);

  it('FILETIME of 2024-01-01 is 0x01DA3C45A8B9C000... round trips', () => {
    expect(filetime.readBigUInt64LE()).toBe(133485408000000000n);
    expect(filetimeToIso(filetime.readUInt32LE(0), filetime.readUInt32LE(4))).toBe('2024-01-01T00:00:00.000Z');
  });

  it('decodes the hand-built vector', () => {
    const decoded = decodeNtlmChallenge(message);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.challenge).toMatchObject({
      targetName: 'CORP',
      flags: 0xe2898235,
      serverChallengeHex: '0123456789abcdef',
      netbiosDomain: 'CORP',
      netbiosComputer: 'PC042',
      dnsDomain: 'corp.example',
      dnsComputer: 'pc042.corp.example',
      dnsTree: 'corp.example',
      serverTime: '2024-01-01T00:00:00.000Z',
      version: { major: 10, minor: 0, build: 20348, revision: 15 },
      avIds: [2, 1, 4, 3, 5, 7],
    });
    expect(decoded.challenge.flagNames).toContain('NEGOTIATE_TARGET_INFO');
  });

  it('our test encoder builds the same structure', () => {
    const built = encodeNtlmChallenge({ targetName: 'CORP', flags: 0xe2898235, avPairs: pairs.map(([id, value]) => ({ id, value: Buffer.from(value) })) });
    expect(built).toEqual(message);
  });

  it('the FreeRDP shadow server challenge (as observed): version 6.1 build 7601', () => {
    const built = encodeNtlmChallenge({ targetName: 'VM', version: { major: 6, minor: 1, build: 7601, revision: 15 }, avPairs: [{ id: 3, value: utf16le('vm') }] });
    const decoded = decodeNtlmChallenge(built);
    expect(decoded.ok && decoded.challenge.version).toEqual({ major: 6, minor: 1, build: 7601, revision: 15 });
  });

  it('no Version when the payload starts at 48 (older servers)', () => {
    const old = Buffer.from(message);
    old.writeUInt32LE(48, 16);
    old.writeUInt32LE(48, 44);
    const decoded = decodeNtlmChallenge(Buffer.concat([old.subarray(0, 48), Buffer.alloc(0)]));
    expect(decoded.ok).toBe(false); // offsets now point past the end: an error result, not a throw
    const noVersion = Buffer.concat([message.subarray(0, 48), target, info]);
    noVersion.writeUInt32LE(48, 16);
    noVersion.writeUInt32LE(48 + target.length, 44);
    const d2 = decodeNtlmChallenge(noVersion);
    expect(d2.ok && d2.challenge.version).toBeUndefined();
    expect(d2.ok && d2.challenge.dnsComputer).toBe('pc042.corp.example');
  });

  it('rejects what is not a CHALLENGE', () => {
    expect(decodeNtlmChallenge(encodeNtlmNegotiate())).toMatchObject({ ok: false });
    expect(decodeNtlmChallenge(Buffer.concat([Buffer.from('NTLMSSP\0'), hex('01000000'), Buffer.alloc(40)]))).toMatchObject({ ok: false, error: expect.stringMatching(/type 1/) });
    expect(decodeNtlmChallenge(Buffer.alloc(60))).toMatchObject({ ok: false, error: expect.stringMatching(/signature/) });
    const bad = Buffer.from(message);
    bad.writeUInt16LE(info.length + 50, 40);
    expect(decodeNtlmChallenge(bad)).toMatchObject({ ok: false, error: expect.stringMatching(/outside/) });
    const badPair = Buffer.from(message);
    badPair.writeUInt16LE(200, 56 + target.length + 2);
    expect(decodeNtlmChallenge(badPair)).toMatchObject({ ok: false, error: expect.stringMatching(/runs past/) });
  });
});
