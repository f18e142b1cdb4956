import { describe, expect, it } from 'vitest';
import { decodeMcsReply, encodeConnectInitial, mcsReadDecision, mcsResultName } from './mcs';

const hex = (b: Buffer): string => b.toString('hex');

// Recorded from xrdp 0.9 answering our Connect-Initial after TLS.
const XRDP_TLS = Buffer.from(
  '0300006502f0807f665b0a0100020100301a020116020103020100020101020100020101020300fff80201020437000500147c00012a14760a01010001c0004d63446e8020010c0c000400080001000000030c0800eb030000020c0c000000000000000000',
  'hex',
);

/** A Connect-Response with the given result and no user data. */
function response(result: number): Buffer {
  const body = Buffer.from(`0a01${result.toString(16).padStart(2, '0')}020100301a020116020103020100020101020100020101020300fff8020102`, 'hex');
  const mcs = Buffer.concat([Buffer.from([0x7f, 0x66, body.length]), body]);
  const len = 7 + mcs.length;
  return Buffer.concat([Buffer.from([3, 0, len >> 8, len & 0xff, 2, 0xf0, 0x80]), mcs]);
}

describe('MCS Connect-Initial (MS-RDPBCGR 2.2.1.3, T.125 7 part 2)', () => {
  const ci = encodeConnectInitial(1);

  it('TPKT (length = whole PDU), X.224 Data TPDU, BER [APPLICATION 101] with a two-byte length', () => {
    expect(ci.length).toBe(0x175);
    expect(hex(ci.subarray(0, 12))).toBe('0300017502f0807f65820169');
  });

  it('domain selectors, upward flag and the three DomainParameters mstsc sends (MS-RDPBCGR 4.1.3)', () => {
    const at = 12;
    expect(hex(ci.subarray(at, at + 9))).toBe('040101040101' + '0101ff');
    // 65535 as a positive DER INTEGER (00 FF FF), as FreeRDP writes it; mstsc's dump shows FF FF. Servers take both.
    expect(hex(ci.subarray(at + 9, at + 9 + 28))).toBe('301a020122020102020100020101020100020101020300ffff020102');
    expect(hex(ci.subarray(at + 37, at + 37 + 27))).toBe('3019020101020101020101020101020100020101020204200201' + '02');
    expect(hex(ci.subarray(at + 64, at + 64 + 34))).toBe('3020020300ffff020300fc17020300ffff020101020100020101020300ffff020102');
  });

  it('user data: an OCTET STRING holding the GCC Conference Create Request, to the end of the PDU', () => {
    const at = 12 + 98;
    expect(hex(ci.subarray(at, at + 4))).toBe('04820103');
    expect(ci.length - (at + 4)).toBe(0x103);
    expect(hex(ci.subarray(at + 4, at + 11))).toBe('000500147c0001');
    // serverSelectedProtocol (the last 4 bytes of the core block) carries the selection.
    expect(encodeConnectInitial(2).equals(ci)).toBe(false);
  });
});

describe('MCS Connect-Response (MS-RDPBCGR 2.2.1.4)', () => {
  it('a real xrdp answer: rt-successful with the server blocks', () => {
    expect(decodeMcsReply(XRDP_TLS)).toEqual({
      kind: 'connect-response',
      response: { result: 0, resultName: 'rt-successful', server: { version: 0x00080004, clientRequestedProtocols: 1, mcsChannelId: 1003, channelCount: 0, encryptionMethod: 0, encryptionLevel: 0, types: ['0x0c01', '0x0c03', '0x0c02'] } },
    });
  });

  it('another result is a refusal, by its T.125 name', () => {
    expect(decodeMcsReply(response(14))).toEqual({ kind: 'connect-response', response: { result: 14, resultName: 'rt-unspecified-failure', gccError: undefined } });
    expect(mcsResultName(8)).toBe('rt-parameters-unacceptable');
    expect(mcsResultName(99)).toBe('result 99');
    // rt-successful without user data: readable, but says the server data is missing.
    expect(decodeMcsReply(response(0))).toMatchObject({ kind: 'connect-response', response: { result: 0, gccError: 'no user data' } });
  });

  it('X.224 Disconnect Request and MCS Disconnect-Provider-Ultimatum are refusals', () => {
    expect(decodeMcsReply(Buffer.from('0300000b06800000000000', 'hex'))).toEqual({ kind: 'disconnect', detail: 'X.224 Disconnect Request' });
    expect(decodeMcsReply(Buffer.from('0300000902f0802180', 'hex'))).toEqual({ kind: 'disconnect', detail: 'MCS Disconnect-Provider-Ultimatum' });
  });

  it('truncated, foreign and inconsistent answers are classified, never thrown', () => {
    expect(decodeMcsReply(XRDP_TLS.subarray(0, 40))).toMatchObject({ kind: 'malformed', detail: expect.stringContaining('cut short') });
    expect(decodeMcsReply(Buffer.from('SSH-2.0-x\r\n'))).toMatchObject({ kind: 'malformed', detail: expect.stringContaining('not TPKT') });
    expect(decodeMcsReply(Buffer.from('0300000c02f0807f650100', 'hex'))).toMatchObject({ kind: 'malformed' });
    const lying = Buffer.from(XRDP_TLS);
    lying[9] = 0x7f; // the BER length of the Connect-Response claims more than there is
    expect(decodeMcsReply(lying)).toMatchObject({ kind: 'malformed', detail: expect.stringContaining('announces') });
    expect(decodeMcsReply(Buffer.from('0300000702f0', 'hex'))).toMatchObject({ kind: 'malformed' });
  });

  it('reader policy: wait for a whole TPKT, stop at once on anything else', () => {
    expect(mcsReadDecision(XRDP_TLS.subarray(0, 50))).toBe('more');
    expect(mcsReadDecision(XRDP_TLS)).toBe('done');
    expect(mcsReadDecision(Buffer.from('HTTP/1.1 400'))).toBe('done');
    expect(mcsReadDecision(Buffer.alloc(0))).toBe('more');
  });
});
