import { describe, expect, it } from 'vitest';
import { children, decodeInteger, decodeOid, decodeString, decodeTime, der, derElementLength, encodeIntegerContent, encodeLength, encodeOid, parseDer, readTlv, TAG, tlv } from './der';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('DER lengths', () => {
  it('encodes short and long forms', () => {
    expect(encodeLength(0)).toEqual(hex('00'));
    expect(encodeLength(127)).toEqual(hex('7f'));
    expect(encodeLength(128)).toEqual(hex('81 80'));
    expect(encodeLength(256)).toEqual(hex('82 01 00'));
    expect(encodeLength(70_000)).toEqual(hex('83 01 11 70'));
  });
  it('derElementLength says when an element is complete', () => {
    expect(derElementLength(hex('30'))).toBeNull();
    expect(derElementLength(hex('30 03 02 01'))).toBe(5);
    expect(derElementLength(hex('30 82 01'))).toBeNull();
    expect(derElementLength(hex('30 82 01 00'))).toBe(260);
    expect(() => derElementLength(hex('30 80'))).toThrow(/indefinite/);
    expect(() => derElementLength(hex('30 85 01 02 03 04 05'))).toThrow(/too large/);
  });
});

describe('DER values', () => {
  it('OIDs round trip (known vectors)', () => {
    expect(encodeOid('1.2.840.113549.1.1.11')).toEqual(hex('2a 86 48 86 f7 0d 01 01 0b'));
    expect(decodeOid(hex('2a 86 48 86 f7 0d 01 01 0b'))).toBe('1.2.840.113549.1.1.11');
    expect(decodeOid(hex('55 1d 25'))).toBe('2.5.29.37');
    expect(decodeOid(encodeOid('1.3.6.1.4.1.311.54.1.2'))).toBe('1.3.6.1.4.1.311.54.1.2');
    expect(decodeOid(encodeOid('2.999.1'))).toBe('2.999.1');
    expect(() => decodeOid(hex('2a 86'))).toThrow(/truncated/);
  });
  it('INTEGERs round trip, with sign', () => {
    for (const v of [0, 1, 127, 128, 255, 256, 6, -1, -128, -129, 0x7fffffff, 0xc000006d]) {
      expect(decodeInteger(encodeIntegerContent(v))).toBe(BigInt(v));
    }
    expect(encodeIntegerContent(128)).toEqual(hex('00 80'));
    expect(encodeIntegerContent(-128)).toEqual(hex('80'));
    expect(der.integer(6)).toEqual(hex('02 01 06'));
  });
  it('times: UTCTime pivots at 50, GeneralizedTime keeps the year', () => {
    const utc = readTlv(tlv(TAG.UTC_TIME, Buffer.from('491231235959Z')));
    expect(decodeTime(utc).toISOString()).toBe('2049-12-31T23:59:59.000Z');
    const utc50 = readTlv(tlv(TAG.UTC_TIME, Buffer.from('500101000000Z')));
    expect(decodeTime(utc50).toISOString()).toBe('1950-01-01T00:00:00.000Z');
    const gen = readTlv(tlv(TAG.GENERALIZED_TIME, Buffer.from('20501231120000Z')));
    expect(decodeTime(gen).toISOString()).toBe('2050-12-31T12:00:00.000Z');
    expect(() => decodeTime(readTlv(tlv(TAG.UTC_TIME, Buffer.from('99133100Z'))))).toThrow();
  });
  it('strings: UTF8, BMP, Printable', () => {
    expect(decodeString(readTlv(der.utf8('Zürich')))).toBe('Zürich');
    expect(decodeString(readTlv(tlv(TAG.BMP_STRING, hex('00 48 00 69'))))).toBe('Hi');
    expect(decodeString(readTlv(tlv(TAG.PRINTABLE_STRING, Buffer.from('US'))))).toBe('US');
  });
});

describe('DER structures', () => {
  it('a nested structure round trips through the reader', () => {
    const built = der.sequence(der.explicit(0, der.integer(6)), der.explicit(1, der.sequence(der.sequence(der.explicit(0, der.octetString(hex('01 02 03')))))));
    // TSRequest { version 6, negoTokens { { [0] 01 02 03 } } }, byte by byte.
    expect(built).toEqual(hex('30 12 a0 03 02 01 06 a1 0b 30 09 30 07 a0 05 04 03 01 02 03'));
    const root = readTlv(built);
    const [v, tokens] = children(root);
    expect(v!.tag).toBe(0xa0);
    expect(v!.tagClass).toBe('context');
    expect(decodeInteger(children(v!)[0]!.content)).toBe(6n);
    const octets = children(children(children(children(tokens!)[0]!)[0]!)[0]!)[0]!;
    expect(octets.content).toEqual(hex('01 02 03'));
  });
  it('rejects truncation, trailing bytes and high tags without throwing through parseDer', () => {
    expect(parseDer(hex('30 05 02 01'))).toMatchObject({ ok: false });
    expect(parseDer(hex('02 01 00 ff'))).toMatchObject({ ok: false, error: expect.stringMatching(/trailing/) });
    expect(parseDer(hex('02 01 00 ff'), true)).toMatchObject({ ok: true });
    expect(parseDer(hex('1f 01 00'))).toMatchObject({ ok: false });
    expect(parseDer(Buffer.alloc(0))).toMatchObject({ ok: false });
  });
  it('long lengths round trip', () => {
    const big = der.octetString(Buffer.alloc(300, 7));
    expect(big.subarray(0, 4)).toEqual(hex('04 82 01 2c'));
    expect(readTlv(big).content.length).toBe(300);
  });
});
