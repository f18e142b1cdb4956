import { describe, expect, it } from 'vitest';
import {
  CLIENT_ENCRYPTION_METHODS,
  decodeConferenceCreateResponse,
  decodeServerBlocks,
  encodeClientCore,
  encodeClientNetwork,
  encodeClientSecurity,
  encodeConferenceCreateRequest,
  perLength,
  UD,
} from './gcc';

const hex = (b: Buffer): string => b.toString('hex');

describe('GCC client settings (MS-RDPBCGR 2.2.1.3.2 - 2.2.1.3.4)', () => {
  it('PER length determinants: one byte below 128, two with the top bit above', () => {
    expect(hex(perLength(0x2a))).toBe('2a');
    expect(hex(perLength(0xf0))).toBe('80f0');
    expect(hex(perLength(0x11c))).toBe('811c');
    expect(() => perLength(0x4000)).toThrow(RangeError);
  });

  it('client core data: header C001 / 216, RDP 5 version, 1024x768, names and the selected protocol last', () => {
    const core = encodeClientCore(0x00000002);
    expect(core.length).toBe(216);
    expect(hex(core.subarray(0, 4))).toBe('01c0d800');
    expect(core.readUInt32LE(4)).toBe(0x00080004);
    expect(core.readUInt16LE(8)).toBe(1024);
    expect(core.readUInt16LE(10)).toBe(768);
    expect(hex(core.subarray(12, 16))).toBe('01ca03aa'); // colorDepth 0xCA01, SASSequence 0xAA03
    expect(core.subarray(24, 56).toString('utf16le').replace(/\0+$/, '')).toBe('RDPDOCTOR');
    expect(core[55]).toBe(0); // null-terminated within its 32 bytes
    expect(core.readUInt32LE(212)).toBe(2); // serverSelectedProtocol: what the X.224 confirm selected
  });

  it('security data offers 40/56/128-bit and FIPS; network data has no channels', () => {
    expect(hex(encodeClientSecurity())).toBe('02c00c001b00000000000000');
    expect(CLIENT_ENCRYPTION_METHODS).toBe(0x1b);
    expect(hex(encodeClientNetwork())).toBe('03c0080000000000');
  });

  it('Conference Create Request: T.124 key, connect PDU length, "Duca", user data length, the three blocks', () => {
    const ccrq = encodeConferenceCreateRequest(1);
    expect(hex(ccrq.subarray(0, 7))).toBe('000500147c0001');
    expect(hex(ccrq.subarray(7, 9))).toBe('80fa'); // 250 bytes follow
    expect(ccrq.length).toBe(9 + 250);
    expect(hex(ccrq.subarray(9, 21))).toBe('000800100001c00044756361');
    expect(hex(ccrq.subarray(21, 23))).toBe('80ec'); // 236 bytes of settings: 216 + 12 + 8
    expect(ccrq.readUInt16LE(23)).toBe(UD.CS_CORE);
    expect(ccrq.readUInt16LE(23 + 216)).toBe(UD.CS_SECURITY);
    expect(ccrq.readUInt16LE(23 + 228)).toBe(UD.CS_NET);
    expect(ccrq.length).toBe(23 + 236);
  });
});

// Recorded from xrdp 0.9 (TLS selected): the GCC part of its MCS Connect-Response.
const XRDP_GCC = Buffer.from('000500147c00012a14760a01010001c0004d63446e8020010c0c000400080001000000030c0800eb030000020c0c000000000000000000', 'hex');

describe('GCC Conference Create Response (MS-RDPBCGR 2.2.1.4)', () => {
  it('reads the server core, network and security blocks of a real xrdp answer', () => {
    const decoded = decodeConferenceCreateResponse(XRDP_GCC);
    expect(decoded).toEqual({
      ok: true,
      blocks: { version: 0x00080004, clientRequestedProtocols: 1, mcsChannelId: 1003, channelCount: 0, encryptionMethod: 0, encryptionLevel: 0, types: ['0x0c01', '0x0c03', '0x0c02'] },
    });
  });

  it('ignores the connect PDU length (servers write 0x2A whatever follows)', () => {
    expect(XRDP_GCC[7]).toBe(0x2a);
    expect(decodeConferenceCreateResponse(XRDP_GCC).ok).toBe(true);
  });

  it('says what is wrong with a bad key, a missing McDn, a cut block or stray bytes', () => {
    expect(decodeConferenceCreateResponse(Buffer.from('00050014', 'hex'))).toEqual({ ok: false, error: 'the user data does not start with the T.124 key' });
    expect(decodeConferenceCreateResponse(Buffer.from('000500147c00012a14760a0101', 'hex'))).toMatchObject({ ok: false, error: expect.stringContaining('McDn') });
    expect(decodeConferenceCreateResponse(XRDP_GCC.subarray(0, XRDP_GCC.length - 5))).toMatchObject({ ok: false, error: expect.stringContaining('announces 32 bytes') });
    expect(decodeServerBlocks(Buffer.from('010c0c0004000800', 'hex'))).toMatchObject({ ok: false, error: expect.stringContaining('does not fit') });
    expect(decodeServerBlocks(Buffer.from('010c08000400080001', 'hex'))).toMatchObject({ ok: false, error: '1 stray bytes after the settings blocks' });
    expect(decodeServerBlocks(Buffer.from('010c0000', 'hex'))).toMatchObject({ ok: false });
  });
});
