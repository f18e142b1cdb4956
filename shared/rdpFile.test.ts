import { describe, expect, it } from 'vitest';
import { RdpFileError, buildRdpFile, encodeRdpFile, rdpFileName } from './rdpFile';
import { rdpFileSchema } from './contract';

describe('buildRdpFile', () => {
  it('writes the minimal settings, CRLF line ends', () => {
    const file = buildRdpFile({ target: { host: '10.20.30.40', port: 3389 } });
    expect(file.text).toBe(
      'full address:s:10.20.30.40\r\nprompt for credentials:i:1\r\nauthentication level:i:2\r\nnegotiate security layer:i:1\r\n',
    );
    expect(file.filename).toBe('10.20.30.40.rdp');
    expect(file.encoding).toBe('utf-16le-bom');
    expect(rdpFileSchema.safeParse({ filename: file.filename, content: file.text }).success).toBe(true);
  });

  it('adds the port, the user name and the NLA switch only when asked', () => {
    const file = buildRdpFile({
      target: { host: 'pc-042.corp.example', port: 3390 },
      authenticationLevel: 0,
      disableCredSsp: true,
      username: 'CORP\\alice',
    });
    expect(file.text).toBe(
      [
        'full address:s:pc-042.corp.example:3390',
        'username:s:CORP\\alice',
        'prompt for credentials:i:1',
        'authentication level:i:0',
        'negotiate security layer:i:1',
        'enablecredsspsupport:i:0',
        '',
      ].join('\r\n'),
    );
    expect(file.filename).toBe('pc-042.corp.example-3390.rdp');
    expect(file.note).toContain('Network Level Authentication');
  });

  it('puts IPv6 in brackets', () => {
    expect(buildRdpFile({ target: { host: '2001:db8::5', port: 3389 } }).text.split('\r\n')[0]).toBe('full address:s:[2001:db8::5]');
    const withPort = buildRdpFile({ target: { host: '2001:db8::5', port: 3390 } });
    expect(withPort.text.split('\r\n')[0]).toBe('full address:s:[2001:db8::5]:3390');
    expect(withPort.filename).toBe('2001-db8--5-3390.rdp');
  });

  it('rejects line breaks and control characters in any value', () => {
    expect(() => buildRdpFile({ target: { host: 'pc\r\nalternate shell:s:cmd.exe', port: 3389 } })).toThrow(RdpFileError);
    expect(() => buildRdpFile({ target: { host: 'pc', port: 3389 }, username: 'alice\nalternate shell:s:cmd.exe' })).toThrow(/line breaks/);
    expect(() => buildRdpFile({ target: { host: 'pc', port: 3389 }, username: 'alice\u2028x' })).toThrow(RdpFileError);
    expect(() => buildRdpFile({ target: { host: 'pc;calc', port: 3389 } })).toThrow(RdpFileError);
    expect(() => buildRdpFile({ target: { host: 'pc', port: 70000 } })).toThrow(/out of range/);
  });

  it('derives a safe file name', () => {
    expect(rdpFileName({ host: 'PC-042.Corp.Example', port: 3389 })).toBe('pc-042.corp.example.rdp');
    expect(rdpFileName({ host: 'fe80::1%eth0', port: 3389 })).toBe('fe80--1-eth0.rdp');
  });
});

describe('encodeRdpFile', () => {
  it('writes UTF-16LE with a byte-order mark, as mstsc does', () => {
    expect([...encodeRdpFile('a:é\r\n')]).toEqual([0xff, 0xfe, 0x61, 0x00, 0x3a, 0x00, 0xe9, 0x00, 0x0d, 0x00, 0x0a, 0x00]);
  });
});
