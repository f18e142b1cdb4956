import { describe, expect, it } from 'vitest';
import { decodeRdpUdpSynAck, encodeRdpUdpSyn, rdpudpFlagNames, RDPUDP_FLAGS, RDPUDP_MTU } from './udp';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('MS-RDPEUDP SYN', () => {
  it('header, SYN data, SYNEX v2, zero padding to 1232 bytes (network byte order)', () => {
    const syn = encodeRdpUdpSyn({ initialSequenceNumber: 0x01020304 });
    expect(syn.length).toBe(RDPUDP_MTU);
    expect(syn.subarray(0, 20)).toEqual(hex('ffffffff 0040 1001 01020304 04d0 04d0 0001 0002'));
    expect(syn.subarray(20).every((b) => b === 0)).toBe(true);
  });
  it('without SYNEX: flags SYN only', () => {
    const syn = encodeRdpUdpSyn({ initialSequenceNumber: 7, synEx: false, receiveWindow: 128 });
    expect(syn.subarray(0, 20)).toEqual(hex('ffffffff 0080 0001 00000007 04d0 04d0 0000 0000'));
  });
});

describe('MS-RDPEUDP SYN+ACK', () => {
  it('decodes flags, acknowledgement of our sequence number, window, server ISN, MTUs, version', () => {
    const reply = hex('01020304 0040 1005 0a0b0c0d 04d0 04c0 0001 0002');
    expect(decodeRdpUdpSynAck(reply, 0x01020304)).toEqual({
      ok: true,
      reply: {
        flags: 0x1005,
        flagNames: ['SYN', 'ACK', 'SYNEX'],
        snSourceAck: 0x01020304,
        ackOfSequence: true,
        receiveWindow: 64,
        serverInitialSequenceNumber: 0x0a0b0c0d,
        upstreamMtu: 1232,
        downstreamMtu: 1216,
        udpVersion: 2,
        isSynAck: true,
        bytes: 20,
      },
    });
  });
  it('a wrong acknowledgement, a non-SYN reply, a short datagram', () => {
    expect(decodeRdpUdpSynAck(hex('00000001 0040 0005 0a0b0c0d 04d0 04c0'), 2)).toMatchObject({ ok: true, reply: { ackOfSequence: false, isSynAck: true } });
    expect(decodeRdpUdpSynAck(hex('00000001 0040 0002'), 1)).toMatchObject({ ok: true, reply: { isSynAck: false, flagNames: ['FIN'] } });
    expect(decodeRdpUdpSynAck(hex('0000'), 1)).toMatchObject({ ok: false });
  });
  it('flag names cover every bit', () => {
    expect(rdpudpFlagNames(0x1fff)).toEqual(Object.keys(RDPUDP_FLAGS));
    expect(rdpudpFlagNames(0x8001)).toEqual(['SYN', '0x8000']);
  });
});
