import { describe, expect, it } from 'vitest';
import type { Target } from '../target';
import { checkHostName, connectByIp, connectWithCertificateName, writeRdpFile } from './clientFixes';
import type { FixContext } from './fix';

const at = (target: Target, platform = 'win32', more: Partial<FixContext> = {}): FixContext => ({ target, platform, targetIsLocal: false, ...more });
const named: Target = { host: 'pc-042.corp.example', port: 3389, kind: 'dns' };

describe('client fixes (this computer)', () => {
  it('connect-by-ip only with a valid address that answered, with the port when it is not 3389', () => {
    expect(connectByIp(at(named))).toBeNull();
    expect(connectByIp(at(named, 'win32', { workingAddress: '10.0.0.5; calc' }))).toBeNull();
    const ip = connectByIp(at({ ...named, port: 3390 }, 'win32', { workingAddress: '10.0.0.5' }))!;
    expect(ip.commands).toEqual([{ label: 'Connect by address', shell: 'cmd', text: 'mstsc /v:10.0.0.5:3390' }]);
    expect(ip.purpose).toBe('workaround');
  });

  it('the .rdp file: mstsc and its picture on Windows, the system opener elsewhere, never for a host that fails validation', () => {
    const windows = writeRdpFile(at(named, 'win32', { workingAddress: '10.0.0.5' }))!;
    expect(windows.commands.map((c) => c.shell)).toEqual(['rdp-file', 'cmd']);
    expect(windows.commands[0]!.text).toContain('full address:s:10.0.0.5');
    expect(windows.illustration).toBe('mstsc-rdp-file');
    expect(windows.automatic).toBe(true);
    const mac = writeRdpFile(at(named, 'darwin'), { disableCredSsp: true })!;
    expect(mac.commands[1]!.text).toMatch(/^open /);
    expect(mac.commands[0]!.text).toContain('enablecredsspsupport:i:0');
    expect(mac.params).toEqual({ target: 'pc-042.corp.example', disableCredSsp: true });
    expect(mac.illustration).toBeUndefined();
    expect(writeRdpFile(at(named, 'linux'))!.commands[1]!.text).toMatch(/^xdg-open /);
    expect(writeRdpFile(at({ host: "x'; calc", port: 3389, kind: 'dns' }))).toBeNull();
  });

  it('the certificate name only when it is a usable host name (a wildcard or anything else that is not one is skipped)', () => {
    const cert = (names: string[]) => at(named, 'win32', { certificate: { selfSigned: false, names } });
    expect(connectWithCertificateName(cert(['*.corp.example', "a'; calc"]))).toBeNull();
    expect(connectWithCertificateName(cert(['*.corp.example', 'PC-042.Corp.Example']))!.commands[0]!.text).toBe('mstsc /v:pc-042.corp.example');
  });

  it('puts a host that fails validation into no command: the placeholder stands instead', () => {
    const hostile = checkHostName(at({ host: 'pc$(whoami)', port: 3389, kind: 'dns' }));
    expect(hostile.commands.map((c) => c.text)).toEqual(["Resolve-DnsName -Name 'SERVER'", 'nslookup SERVER']);
    expect(checkHostName(at(named)).commands[0]!.text).toBe("Resolve-DnsName -Name 'pc-042.corp.example'");
  });
});
