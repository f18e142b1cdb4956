import { describe, expect, it } from 'vitest';
import { credsspDataSchema } from '../../../shared/checks/net';
import { clockSkewSeconds, decodeTsRequest, encodeTsRequest, interpretCredsspReply, ntstatusName, tsRequestReadDecision } from './credssp';
import { der } from './der';
import { encodeNtlmChallenge, encodeNtlmNegotiate, isoToFiletime, utf16le } from './ntlm';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('TSRequest', () => {
  it('encodes {version 6, negoTokens [NEGOTIATE]} byte by byte', () => {
    const negotiate = encodeNtlmNegotiate();
    const encoded = encodeTsRequest({ version: 6, negoTokens: [negotiate] });
    // 30 37 | a0 03 02 01 06 | a1 30 30 2e 30 2c a0 2a 04 28 <40 bytes>
    expect(encoded.subarray(0, 17)).toEqual(hex('30 37 a0 03 02 01 06 a1 30 30 2e 30 2c a0 2a 04 28'));
    expect(encoded.subarray(17)).toEqual(negotiate);
    expect(encoded.length).toBe(57);
  });
  it('round trips, with errorCode as unsigned NTSTATUS', () => {
    const token = hex('4e544c4d53535000');
    const decoded = decodeTsRequest(encodeTsRequest({ version: 3, negoTokens: [token], errorCode: 0xc000006d }));
    expect(decoded).toEqual({ ok: true, request: { version: 3, negoTokens: [token], errorCode: 0xc000006d } });
    expect(ntstatusName(0xc000006d)).toBe('STATUS_LOGON_FAILURE (0xC000006D)');
  });
  it('reads authInfo, pubKeyAuth and clientNonce, skips unknown fields', () => {
    const bytes = der.sequence(
      der.explicit(0, der.integer(6)),
      der.explicit(2, der.octetString(hex('aa'))),
      der.explicit(3, der.octetString(hex('bb'))),
      der.explicit(5, der.octetString(hex('cc'))),
      der.explicit(9, der.integer(1)),
    );
    expect(decodeTsRequest(bytes)).toEqual({ ok: true, request: { version: 6, negoTokens: [], authInfo: hex('aa'), pubKeyAuth: hex('bb'), clientNonce: hex('cc') } });
  });
  it('malformed inputs are error results', () => {
    expect(decodeTsRequest(hex('30 03 02 01 06'))).toMatchObject({ ok: false });
    expect(decodeTsRequest(hex('30 00'))).toMatchObject({ ok: false, error: expect.stringMatching(/no version/) });
    expect(decodeTsRequest(hex('31 00'))).toMatchObject({ ok: false });
    expect(decodeTsRequest(Buffer.concat([encodeTsRequest({ version: 2 }), hex('00')]))).toMatchObject({ ok: false, error: expect.stringMatching(/after the TSRequest/) });
  });
  it('reader policy: one complete DER element', () => {
    const full = encodeTsRequest({ version: 6, negoTokens: [encodeNtlmNegotiate()] });
    expect(tsRequestReadDecision(full.subarray(0, 1))).toBe('more');
    expect(tsRequestReadDecision(full.subarray(0, 20))).toBe('more');
    expect(tsRequestReadDecision(full)).toBe('done');
    expect(tsRequestReadDecision(hex('15 03 03'))).toBe('done');
  });
});

describe('interpreting the server reply', () => {
  const serverTime = '2024-01-01T00:00:00.000Z';
  const challenge = encodeNtlmChallenge({
    targetName: 'CORP',
    avPairs: [
      { id: 1, value: utf16le('PC042') },
      { id: 3, value: utf16le('pc042.corp.example') },
      { id: 7, value: isoToFiletime(serverTime) },
    ],
  });
  it('a CHALLENGE gives names, version, server time and clock skew', () => {
    const local = Date.parse(serverTime) - 90_000; // server 90 s ahead
    const fields = interpretCredsspReply(encodeTsRequest({ version: 6, negoTokens: [challenge] }), local);
    expect(fields).toMatchObject({
      outcome: 'challenge',
      tsRequestVersion: 6,
      ntlm: { targetName: 'CORP', netbiosComputer: 'PC042', dnsComputer: 'pc042.corp.example', serverTime, osVersion: { major: 10, minor: 0, build: 20348 } },
      clockSkewSeconds: 90,
    });
    expect(credsspDataSchema.safeParse({ address: '127.0.0.1', durationMs: 1, ...fields }).success).toBe(true);
  });
  it('no token, a Kerberos token, a broken NTLM message, broken DER', () => {
    expect(interpretCredsspReply(encodeTsRequest({ version: 6, errorCode: 0xc0000022 }), 0)).toMatchObject({ outcome: 'no-challenge', detail: expect.stringMatching(/STATUS_ACCESS_DENIED/) });
    expect(interpretCredsspReply(encodeTsRequest({ version: 6, negoTokens: [hex('60 03 06 01 00')] }), 0)).toMatchObject({ outcome: 'no-challenge', detail: expect.stringMatching(/SPNEGO/) });
    expect(interpretCredsspReply(encodeTsRequest({ version: 6, negoTokens: [Buffer.concat([Buffer.from('NTLMSSP\0'), hex('02000000')])] }), 0)).toMatchObject({ outcome: 'malformed' });
    expect(interpretCredsspReply(hex('30 05 a0 03 02'), 0)).toMatchObject({ outcome: 'malformed' });
  });
  it('clock skew sign: positive when the server is ahead', () => {
    expect(clockSkewSeconds('2024-01-01T00:00:10.000Z', Date.parse('2024-01-01T00:00:00.000Z'))).toBe(10);
    expect(clockSkewSeconds('2024-01-01T00:00:00.000Z', Date.parse('2024-01-01T00:05:00.000Z'))).toBe(-300);
    expect(clockSkewSeconds('nonsense', 0)).toBeUndefined();
  });
});
