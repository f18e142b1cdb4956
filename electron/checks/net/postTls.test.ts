import { describe, expect, it } from 'vitest';
import { postTlsSchema } from '../../../shared/checks/net';
import { decodeTsRequest, encodeTsRequest } from './credssp';
import type { ReadEnd } from './io';
import { classifyPostTls, firstPdu, postTlsCut, postTlsKind, postTlsOk } from './postTls';
import { encodeNtlmChallenge, isoToFiletime } from './ntlm';

const XRDP_TLS = Buffer.from(
  '0300006502f0807f665b0a0100020100301a020116020103020100020101020100020101020300fff80201020437000500147c00012a14760a01010001c0004d63446e8020010c0c000400080001000000030c0800eb030000020c0c000000000000000000',
  'hex',
);

const read = (hex: string | Buffer, end: ReadEnd) => ({ bytes: typeof hex === 'string' ? Buffer.from(hex, 'hex') : hex, end });
const full = (r: ReturnType<typeof classifyPostTls>) => ({ ...r, bytesSent: 1, durationMs: 1 });

describe('what follows TLS', () => {
  it('CredSSP for HYBRID and HYBRID_EX, MCS for TLS and standard RDP security', () => {
    expect(postTlsKind(0)).toBe('mcs');
    expect(postTlsKind(1)).toBe('mcs');
    expect(postTlsKind(2)).toBe('credssp');
    expect(postTlsKind(8)).toBe('credssp');
    // The MCS Connect-Initial (TPKT, X.224 Data, BER 7F 65) and the TSRequest with an NTLM NEGOTIATE (MS-CSSP 2.2.1).
    expect(firstPdu('mcs', 1).subarray(0, 9).toString('hex')).toBe('0300017502f0807f65');
    const ts = decodeTsRequest(firstPdu('credssp', 2));
    expect(ts.ok && ts.request.version === 6 && ts.request.negoTokens[0]!.subarray(0, 12).toString('latin1')).toBe('NTLMSSP\0\x01\0\0\0');
  });
});

describe('classifyPostTls', () => {
  it('an MCS Connect-Response rt-successful is an answer, with the server version and encryption', () => {
    const r = classifyPostTls('mcs', read(XRDP_TLS, 'complete'), 1000);
    expect(r).toMatchObject({ kind: 'mcs', outcome: 'answered', mcsResult: 'rt-successful', serverVersion: '0x00080004', encryptionMethod: 0, encryptionLevel: 0, bytesReceived: 101 });
    expect(r.bytesHex?.startsWith('03 00 00 65 02 F0 80 7F 66')).toBe(true);
    expect(postTlsOk(r)).toBe(true);
    expect(postTlsSchema.safeParse(full(r)).success).toBe(true);
  });

  it('a refusal, a disconnect and garbage are told apart', () => {
    const refused = Buffer.from(XRDP_TLS);
    refused[12] = 14; // result rt-unspecified-failure
    expect(classifyPostTls('mcs', read(refused, 'complete'), 1000)).toMatchObject({ outcome: 'refused', mcsResult: 'rt-unspecified-failure' });
    expect(classifyPostTls('mcs', read('0300000b06800000000000', 'complete'), 1000)).toMatchObject({ outcome: 'disconnect' });
    expect(classifyPostTls('mcs', read(Buffer.from('HTTP/1.1 400'), 'complete'), 1000)).toMatchObject({ outcome: 'malformed' });
  });

  it('a reset or close after TLS is a cut, with how many bytes of an answer came first', () => {
    const reset = classifyPostTls('mcs', read('', 'reset'), 1000);
    expect(reset).toMatchObject({ outcome: 'reset', bytesReceived: 0, detail: 'The server reset the connection after the MCS Connect-Initial, before answering.' });
    expect(postTlsCut(reset)).toBe(true);
    const closed = classifyPostTls('credssp', read(XRDP_TLS.subarray(0, 20), 'closed'), 1000);
    expect(closed).toMatchObject({ outcome: 'closed', bytesReceived: 20, detail: expect.stringContaining('20 bytes into its answer') });
    expect(classifyPostTls('mcs', read('', 'error'), 1000).outcome).toBe('reset');
  });

  it('silence is a timeout naming the limit; a cancel is aborted, not a cut', () => {
    expect(classifyPostTls('mcs', read('', 'timeout'), 1500)).toMatchObject({ outcome: 'timeout', detail: 'No complete answer to the MCS Connect-Initial within 1500 ms.' });
    expect(classifyPostTls('mcs', read('0300', 'grace'), 1500)).toMatchObject({ outcome: 'timeout', bytesReceived: 2 });
    const aborted = classifyPostTls('credssp', read('', 'aborted'), 1500);
    expect(aborted.outcome).toBe('aborted');
    expect(postTlsCut(aborted) || postTlsOk(aborted)).toBe(false);
  });

  it('a TSRequest with an NTLM CHALLENGE is an answer; an unreadable one is malformed', () => {
    const challenge = encodeNtlmChallenge({ targetName: 'LAB', avPairs: [{ id: 7, value: isoToFiletime('2026-01-01T00:00:00Z') }] });
    const answer = classifyPostTls('credssp', read(encodeTsRequest({ version: 6, negoTokens: [challenge] }), 'complete'), 1000);
    expect(answer).toMatchObject({ kind: 'credssp', outcome: 'answered', tsRequestVersion: 6, detail: 'TSRequest version 6 with an NTLM CHALLENGE.' });
    expect(classifyPostTls('credssp', read('30030201', 'complete'), 1000)).toMatchObject({ outcome: 'malformed' });
  });
});
