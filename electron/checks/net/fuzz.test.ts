/**
 * Property tests: every decoder takes random and mutated bytes without throwing, and what it returns
 * still fits the data schemas. Fixed seed and bounded runs, so a run is reproducible and quick.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { certificateSchema, credsspDataSchema, postTlsSchema, x224ReplySchema } from '../../../shared/checks/net';
import { decodeTsRequest, encodeTsRequest, interpretCredsspReply, tsRequestReadDecision } from './credssp';
import { children, parseDer, readTlv } from './der';
import { decodeConferenceCreateResponse, decodeServerBlocks } from './gcc';
import type { ReadEnd } from './io';
import { decodeMcsReply, encodeConnectInitial, mcsReadDecision } from './mcs';
import { decodeNtlmChallenge, encodeNtlmChallenge, encodeNtlmNegotiate, isoToFiletime, utf16le } from './ntlm';
import { classifyPostTls } from './postTls';
import { makeCertificate, confirmBytes, failureBytes } from './testkit';
import { classifyTlsError, parseTlsError } from './tls';
import { scanTpkt } from './tpkt';
import { decodeRdpUdpSynAck, encodeRdpUdpSyn } from './udp';
import { describeCertificate, parseCertificateDer } from './x509';
import { classifyX224Reply, decodeConnectionConfirm, x224ReadDecision } from './x224';

const SEED = 0x0904_0007;
const RUNS = 400;
const params = { seed: SEED, numRuns: RUNS };

type Mutation = { kind: 'flip'; at: number; value: number } | { kind: 'truncate'; at: number } | { kind: 'insert'; at: number; bytes: Uint8Array } | { kind: 'delete'; at: number; count: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
);

function mutate(base: Buffer, mutations: readonly Mutation[]): Buffer {
  let out = Buffer.from(base);
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    if (m.kind === 'flip' && out.length > 0) out[at % out.length] = m.value;
    else if (m.kind === 'truncate') out = out.subarray(0, at);
    else if (m.kind === 'insert') out = Buffer.concat([out.subarray(0, at), Buffer.from(m.bytes), out.subarray(at)]);
    else if (m.kind === 'delete') out = Buffer.concat([out.subarray(0, at), out.subarray(at + m.count)]);
  }
  return out;
}

/** Random bytes, or a valid message mutated a few times. */
function bytesAround(...bases: Buffer[]): fc.Arbitrary<Buffer> {
  return fc.oneof(
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
    fc.tuple(fc.constantFrom(...bases), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([base, ms]) => mutate(base, ms)),
  );
}

const ENDS: ReadEnd[] = ['complete', 'closed', 'reset', 'timeout', 'grace', 'aborted', 'cap', 'error'];

describe('decoders never throw (fixed seed)', () => {
  it('TPKT / X.224 confirm and the reply classifier', () => {
    const bases = [confirmBytes(1), confirmBytes(2, 0x1f), failureBytes(5), Buffer.from('0300000b06d00000123400', 'hex'), Buffer.from('SSH-2.0-x\r\n')];
    fc.assert(
      fc.property(bytesAround(...bases), fc.constantFrom(...ENDS), fc.integer({ min: 0, max: 0x1f }), (bytes, end, requested) => {
        scanTpkt(bytes);
        x224ReadDecision(bytes);
        const decoded = decodeConnectionConfirm(bytes, requested);
        expect(['confirm', 'confirm-no-negotiation', 'failure', 'malformed']).toContain(decoded.kind);
        const reply = classifyX224Reply(bytes, end, requested);
        expect(x224ReplySchema.safeParse({ ...reply, durationMs: 0 }).success).toBe(true);
      }),
      params,
    );
  });

  it('DER reader', () => {
    const bases = [encodeTsRequest({ version: 6, negoTokens: [encodeNtlmNegotiate()] }), Buffer.from('3082010a02820101', 'hex')];
    fc.assert(
      fc.property(bytesAround(...bases), (bytes) => {
        const parsed = parseDer(bytes, true);
        if (parsed.ok && parsed.node.constructed) {
          try {
            children(parsed.node);
          } catch (error) {
            expect((error as Error).name).toBe('DerError');
          }
        }
        try {
          readTlv(bytes);
        } catch (error) {
          expect((error as Error).name).toBe('DerError');
        }
      }),
      params,
    );
  });

  it('X.509 certificate parser', () => {
    const cert = makeCertificate({ cn: 'fuzz', dnsNames: ['fuzz.example'], ipAddresses: ['10.0.0.1', 'fd00::1'], eku: ['1.3.6.1.5.5.7.3.1'], rsaBits: 1024 }).der;
    const ec = makeCertificate({ cn: 'fuzz-ec', key: 'ec' }).der;
    fc.assert(
      fc.property(bytesAround(cert, ec), (bytes) => {
        parseCertificateDer(bytes);
        const described = describeCertificate(bytes);
        if (described.ok) expect(certificateSchema.safeParse(described.info).success).toBe(true);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('NTLM CHALLENGE', () => {
    const base = encodeNtlmChallenge({ targetName: 'CORP', avPairs: [{ id: 3, value: utf16le('pc.corp') }, { id: 7, value: isoToFiletime('2024-01-01T00:00:00Z') }] });
    fc.assert(
      fc.property(bytesAround(base, encodeNtlmNegotiate()), (bytes) => {
        const decoded = decodeNtlmChallenge(bytes);
        if (decoded.ok && decoded.challenge.serverTime) expect(Number.isNaN(Date.parse(decoded.challenge.serverTime))).toBe(false);
      }),
      params,
    );
  });

  it('TSRequest and the CredSSP reply interpretation', () => {
    const challenge = encodeNtlmChallenge({ targetName: 'CORP', avPairs: [{ id: 7, value: isoToFiletime('2024-01-01T00:00:00Z') }] });
    const bases = [encodeTsRequest({ version: 6, negoTokens: [challenge] }), encodeTsRequest({ version: 3, errorCode: 0xc000006d })];
    fc.assert(
      fc.property(bytesAround(...bases), (bytes) => {
        decodeTsRequest(bytes);
        tsRequestReadDecision(bytes);
        const fields = interpretCredsspReply(bytes, Date.now());
        expect(credsspDataSchema.safeParse({ address: '127.0.0.1', durationMs: 0, ...fields }).success).toBe(true);
      }),
      params,
    );
  });

  it('MCS Connect-Response, GCC Conference Create Response and the post-TLS classifier', () => {
    const xrdp = Buffer.from(
      '0300006502f0807f665b0a0100020100301a020116020103020100020101020100020101020300fff80201020437000500147c00012a14760a01010001c0004d63446e8020010c0c000400080001000000030c0800eb030000020c0c000000000000000000',
      'hex',
    );
    const bases = [xrdp, Buffer.from('0300000b06800000000000', 'hex'), Buffer.from('0300000902f0802180', 'hex'), Buffer.from('0300ffff02f0807f66', 'hex'), encodeConnectInitial(1)];
    fc.assert(
      fc.property(bytesAround(...bases), fc.constantFrom(...ENDS), fc.constantFrom('mcs' as const, 'credssp' as const), (bytes, end, kind) => {
        mcsReadDecision(bytes);
        const reply = decodeMcsReply(bytes);
        expect(['connect-response', 'disconnect', 'malformed', 'oversized']).toContain(reply.kind);
        decodeConferenceCreateResponse(bytes);
        decodeServerBlocks(bytes);
        const post = classifyPostTls(kind, { bytes, end }, 1000);
        expect(postTlsSchema.safeParse({ ...post, bytesSent: 0, durationMs: 0 }).success).toBe(true);
      }),
      params,
    );
  });

  it('MS-RDPEUDP SYN+ACK', () => {
    const base = Buffer.from('010203040040100500000063' + '04d004d000010002', 'hex');
    fc.assert(
      fc.property(bytesAround(base, encodeRdpUdpSyn({ initialSequenceNumber: 1 })), fc.nat(), (bytes, isn) => {
        decodeRdpUdpSynAck(bytes, isn);
      }),
      params,
    );
  });

  it('TLS error texts', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.option(fc.string({ maxLength: 40 }), { nil: undefined }), (message, code) => {
        const info = parseTlsError(Object.assign(new Error(message), code ? { code } : {}));
        classifyTlsError(info);
      }),
      params,
    );
  });
});
