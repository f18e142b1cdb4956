import { describe, expect, it } from 'vitest';
import { PROTOCOL, x224ReplySchema } from '../../../shared/checks/net';
import { scanTpkt, encodeTpkt, MAX_CONFIRM_TPKT_LENGTH } from './tpkt';
import {
  classifyX224Reply,
  decodeConnectionConfirm,
  describeForeignReply,
  encodeConnectionRequest,
  failureName,
  isUnexpectedSelection,
  printableBanner,
  protocolNames,
  replyForFailedConnect,
  x224ReadDecision,
} from './x224';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('TPKT', () => {
  it('frames a payload with the total length, big-endian', () => {
    expect(encodeTpkt(hex('02 f0 80'))).toEqual(hex('03 00 00 07 02 f0 80'));
  });
  it('scans: need-more, complete, not-tpkt, invalid, oversized', () => {
    expect(scanTpkt(hex(''))).toEqual({ state: 'need-more' });
    expect(scanTpkt(hex('03 00 00'))).toEqual({ state: 'need-more' });
    expect(scanTpkt(hex('03 00 00 13 0e'))).toEqual({ state: 'need-more' });
    expect(scanTpkt(hex('03 00 00 05 00'))).toEqual({ state: 'complete', length: 5 });
    expect(scanTpkt(hex('53 53 48'))).toEqual({ state: 'not-tpkt' });
    expect(scanTpkt(hex('03 01 00 13'))).toMatchObject({ state: 'invalid' });
    expect(scanTpkt(hex('03 00 00 04'))).toMatchObject({ state: 'invalid' });
    expect(scanTpkt(hex('03 00 ff ff'))).toEqual({ state: 'oversized', length: 65535 });
    expect(MAX_CONFIRM_TPKT_LENGTH).toBe(260);
    expect(scanTpkt(hex('03 00 01 05'))).toEqual({ state: 'oversized', length: 261 });
  });
});

describe('X.224 Connection Request', () => {
  it('matches MS-RDPBCGR 4.1.1 (cookie "eltons", requestedProtocols 0)', () => {
    const expected = hex(
      '03 00 00 2c 27 e0 00 00 00 00 00 43 6f 6f 6b 69 65 3a 20 6d 73 74 73 68 61 73 68 3d 65 6c 74 6f 6e 73 0d 0a 01 00 08 00 00 00 00 00',
    );
    expect(encodeConnectionRequest({ requestedProtocols: 0, cookie: 'eltons' })).toEqual(expected);
  });
  it('encodes requestedProtocols little-endian, without a cookie', () => {
    expect(encodeConnectionRequest({ requestedProtocols: 11 })).toEqual(hex('03 00 00 13 0e e0 00 00 00 00 00 01 00 08 00 0b 00 00 00'));
    expect(encodeConnectionRequest({ requestedProtocols: 0x1f, negotiationFlags: 0x08 })).toEqual(hex('03 00 00 13 0e e0 00 00 00 00 00 01 08 08 00 1f 00 00 00'));
  });
  it('can leave out RDP_NEG_REQ, and strips unsafe cookie characters', () => {
    expect(encodeConnectionRequest({ requestedProtocols: 0, omitNegotiation: true })).toEqual(hex('03 00 00 0b 06 e0 00 00 00 00 00'));
    const req = encodeConnectionRequest({ requestedProtocols: 1, cookie: 'a b\r\nc' });
    expect(req.toString('latin1')).toContain('Cookie: mstshash=abc\r\n');
  });
});

describe('X.224 Connection Confirm', () => {
  it('decodes the rdp-facts example (HYBRID selected)', () => {
    const d = decodeConnectionConfirm(hex('03 00 00 13 0E D0 00 00 12 34 00 02 01 08 00 02 00 00 00'), 3);
    expect(d).toEqual({ kind: 'confirm', selectedProtocol: 2, flags: 1, flagNames: ['EXTENDED_CLIENT_DATA_SUPPORTED'], unexpectedSelection: false });
  });
  it('names every RDP_NEG_RSP flag', () => {
    const d = decodeConnectionConfirm(hex('03 00 00 13 0E D0 00 00 12 34 00 02 1f 08 00 08 00 00 00'), 11);
    expect(d.flagNames).toEqual([
      'EXTENDED_CLIENT_DATA_SUPPORTED',
      'DYNVC_GFX_PROTOCOL_SUPPORTED',
      'NEGRSP_FLAG_RESERVED',
      'RESTRICTED_ADMIN_MODE_SUPPORTED',
      'REDIRECTED_AUTHENTICATION_MODE_SUPPORTED',
    ]);
    expect(d.selectedProtocol).toBe(PROTOCOL.HYBRID_EX);
  });
  it.each([
    [1, 'SSL_REQUIRED_BY_SERVER'],
    [2, 'SSL_NOT_ALLOWED_BY_SERVER'],
    [3, 'SSL_CERT_NOT_ON_SERVER'],
    [4, 'INCONSISTENT_FLAGS'],
    [5, 'HYBRID_REQUIRED_BY_SERVER'],
    [6, 'SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER'],
  ])('decodes RDP_NEG_FAILURE %i as %s', (code, name) => {
    const bytes = hex(`03 00 00 13 0E D0 00 00 12 34 00 03 00 08 00 0${code} 00 00 00`);
    expect(decodeConnectionConfirm(bytes, 0)).toEqual({ kind: 'failure', failureCode: code, failureName: name });
  });
  it('names unknown failure codes', () => {
    expect(failureName(99)).toBe('UNKNOWN_FAILURE_99');
  });
  it('a confirm without negotiation data is an old server (standard RDP security)', () => {
    expect(decodeConnectionConfirm(hex('03 00 00 0b 06 d0 00 00 12 34 00'), 3)).toMatchObject({ kind: 'confirm-no-negotiation' });
  });
  it('flags an unexpected selection; 0 for a TLS request is not unexpected', () => {
    expect(decodeConnectionConfirm(hex('03 00 00 13 0E D0 00 00 12 34 00 02 00 08 00 02 00 00 00'), 1)).toMatchObject({ unexpectedSelection: true });
    expect(decodeConnectionConfirm(hex('03 00 00 13 0E D0 00 00 12 34 00 02 00 08 00 00 00 00 00'), 11)).toMatchObject({ kind: 'confirm', selectedProtocol: 0, unexpectedSelection: false });
    expect(isUnexpectedSelection(0, 1)).toBe(true);
    expect(isUnexpectedSelection(11, 8)).toBe(false);
    expect(isUnexpectedSelection(3, 0x20)).toBe(true);
  });
  it('malformed: inconsistent length indicator, wrong TPDU code, short or bad negotiation data', () => {
    expect(decodeConnectionConfirm(hex('03 00 00 13 0F D0 00 00 12 34 00 02 01 08 00 02 00 00 00'), 3)).toMatchObject({ kind: 'malformed', detail: expect.stringMatching(/length indicator 15/) });
    expect(decodeConnectionConfirm(hex('03 00 00 13 0E F0 00 00 12 34 00 02 01 08 00 02 00 00 00'), 3)).toMatchObject({ kind: 'malformed', detail: expect.stringMatching(/Data/) });
    expect(decodeConnectionConfirm(hex('03 00 00 0f 0a d0 00 00 12 34 00 02 01 08 00'), 3)).toMatchObject({ kind: 'malformed', detail: expect.stringMatching(/shorter than the 8/) });
    expect(decodeConnectionConfirm(hex('03 00 00 13 0E D0 00 00 12 34 00 02 01 09 00 02 00 00 00'), 3)).toMatchObject({ kind: 'malformed', detail: expect.stringMatching(/length field is 9/) });
    expect(decodeConnectionConfirm(hex('03 00 00 13 0E D0 00 00 12 34 00 07 01 08 00 02 00 00 00'), 3)).toMatchObject({ kind: 'malformed', detail: expect.stringMatching(/type 0x7/) });
    expect(decodeConnectionConfirm(hex('03 00 00 09 04 d0 00 00 12'), 3)).toMatchObject({ kind: 'malformed' });
    expect(decodeConnectionConfirm(hex('03 00 00 20 0E D0'), 3)).toMatchObject({ kind: 'malformed', detail: expect.stringMatching(/does not match/) });
  });
  it('tolerates a non-zero class with a note', () => {
    expect(decodeConnectionConfirm(hex('03 00 00 13 0E D0 00 00 12 34 02 02 01 08 00 01 00 00 00'), 1)).toMatchObject({ kind: 'confirm', detail: expect.stringMatching(/class option 0x2/) });
  });
});

describe('classifying what the reader saw', () => {
  const valid = hex('03 00 00 13 0E D0 00 00 12 34 00 02 01 08 00 01 00 00 00');
  it('every kind validates against the schema', () => {
    const cases = [
      classifyX224Reply(valid, 'complete', 1),
      classifyX224Reply(Buffer.alloc(0), 'closed', 1),
      classifyX224Reply(Buffer.alloc(0), 'reset', 1, 'ECONNRESET'),
      classifyX224Reply(Buffer.alloc(0), 'timeout', 1),
      classifyX224Reply(Buffer.from('SSH-2.0-OpenSSH_9.2\r\n'), 'complete', 1),
      classifyX224Reply(hex('03 00 ff ff 00 00'), 'complete', 1),
      classifyX224Reply(valid.subarray(0, 10), 'closed', 1),
      classifyX224Reply(valid.subarray(0, 10), 'timeout', 1),
      classifyX224Reply(valid.subarray(0, 10), 'reset', 1),
      classifyX224Reply(valid.subarray(0, 10), 'cap', 1),
    ];
    expect(cases.map((c) => c.kind)).toEqual(['confirm', 'closed', 'reset', 'timeout', 'not-rdp', 'oversized', 'malformed', 'timeout', 'reset', 'oversized']);
    for (const c of cases) expect(x224ReplySchema.safeParse({ ...c, durationMs: 1 }).success).toBe(true);
  });
  it('a banner is kept printable, with what kind of service it is', () => {
    const reply = classifyX224Reply(Buffer.from('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'), 'complete', 11);
    expect(reply).toMatchObject({ kind: 'not-rdp', banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2', detail: 'An SSH server answered.' });
    expect(reply.bytesHex).toMatch(/^53 53 48 2D/);
    expect(describeForeignReply(hex('15 03 01 00 02 02 28'))).toMatch(/TLS/);
    expect(describeForeignReply(Buffer.from('HTTP/1.1 400 Bad Request'))).toMatch(/web server/);
    expect(printableBanner(hex('00 01 02 ff'))).toBeUndefined();
  });
  it('bytesHex is capped at 64 bytes', () => {
    const reply = classifyX224Reply(Buffer.alloc(1000, 0x41), 'cap', 1);
    expect(reply.bytesHex!.split(' ')).toHaveLength(64);
  });
  it('extra bytes after the confirm are noted', () => {
    expect(classifyX224Reply(Buffer.concat([valid, hex('16 03')]), 'complete', 1).detail).toMatch(/2 more bytes/);
  });
  it('reader policy: wait for a whole TPKT, stop on oversized, short grace for banners', () => {
    expect(x224ReadDecision(valid.subarray(0, 5))).toBe('more');
    expect(x224ReadDecision(valid)).toBe('done');
    expect(x224ReadDecision(hex('03 00 ff ff'))).toBe('done');
    expect(x224ReadDecision(Buffer.from('SSH-2.0'))).toEqual({ graceMs: 300 });
    expect(x224ReadDecision(Buffer.from('SSH-2.0\n'))).toBe('done');
  });
  it('protocol names', () => {
    expect(protocolNames(0)).toEqual(['RDP']);
    expect(protocolNames(11)).toEqual(['SSL', 'HYBRID', 'HYBRID_EX']);
    expect(protocolNames(0x41)).toEqual(['SSL', '0x40']);
  });
});

describe('replyForFailedConnect (our own connect gave no socket)', () => {
  const base = { address: '198.18.1.1', port: 3389, timeoutMs: 2000 };
  it('a reset while connecting (accepted, then RST before the connect callback) is a reset, not connect-failed', () => {
    const reply = replyForFailedConnect(11, { data: { ...base, outcome: 'reset', errorCode: 'ECONNRESET' }, detail: 'read ECONNRESET' }, 4.2);
    expect(reply).toMatchObject({ requestedProtocols: 11, kind: 'reset', durationMs: 4.2 });
    expect(reply.detail).toContain('ECONNRESET');
    expect(x224ReplySchema.parse(reply)).toEqual(reply);
  });
  it('refused, unreachable, filtered and errors stay connect-failed, with the TCP outcome in the detail', () => {
    const refused = replyForFailedConnect(3, { data: { ...base, outcome: 'refused', errorCode: 'ECONNREFUSED', connectMs: 1.5 } }, 2);
    expect(refused).toMatchObject({ kind: 'connect-failed', durationMs: 1.5, detail: 'TCP refused (ECONNREFUSED)' });
    const unreachable = replyForFailedConnect(3, { data: { ...base, outcome: 'unreachable', errorCode: 'EHOSTUNREACH' }, detail: 'connect EHOSTUNREACH' }, 3);
    expect(unreachable).toMatchObject({ kind: 'connect-failed', detail: 'TCP unreachable (EHOSTUNREACH): connect EHOSTUNREACH' });
    const filtered = replyForFailedConnect(3, { data: { ...base, outcome: 'filtered' } }, 2001);
    expect(filtered).toMatchObject({ kind: 'connect-failed', durationMs: 2000, detail: 'TCP filtered' });
    for (const reply of [refused, unreachable, filtered]) expect(x224ReplySchema.parse(reply)).toEqual(reply);
  });
});
