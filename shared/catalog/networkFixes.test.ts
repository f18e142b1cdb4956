import { describe, expect, it } from 'vitest';
import type { FixContext } from './fix';
import { clampMss, lowerVpnMtu, testPathMtu, testPort } from './networkFixes';

const base: FixContext = { target: { host: 'pc-042.corp.example', port: 3390, kind: 'dns' }, platform: 'win32', targetIsLocal: false };
const measured: FixContext = { ...base, pathMtu: { mtu: 1400, payload: 1372, address: '10.0.0.5' } };

describe('network fixes (the way between)', () => {
  it('sets the MTU that crossed, or 1200 without a measurement; the gateway clamps 40 bytes below it', () => {
    expect(lowerVpnMtu(measured).commands[1]!.text).toBe("Set-NetIPInterface -InterfaceAlias 'VPN' -AddressFamily IPv4 -NlMtuBytes 1400");
    expect(lowerVpnMtu(base).commands[1]!.text).toContain('-NlMtuBytes 1200');
    expect(clampMss(measured).commands[0]!.text).toContain('--set-mss 1360');
    expect(clampMss(base).steps[0]).toContain('to 1160 bytes (1200-byte packets');
  });

  it('measures by hand only what was measured: one ping that crosses, one a byte larger, in the shell of this platform', () => {
    expect(testPathMtu(base)).toBeNull();
    const windows = testPathMtu(measured)!;
    expect(windows.commands.map((c) => [c.shell, c.text])).toEqual([
      ['cmd', 'ping -4 -n 1 -w 1000 -f -l 1372 10.0.0.5'],
      ['cmd', 'ping -4 -n 1 -w 1000 -f -l 1373 10.0.0.5'],
    ]);
    expect(testPathMtu({ ...measured, platform: 'linux' })!.commands.every((c) => c.shell === 'bash')).toBe(true);
  });

  it('tests the port the target names, with a placeholder for a host that fails validation', () => {
    expect(testPort(base).commands.map((c) => c.text)).toEqual(["Test-NetConnection -ComputerName 'pc-042.corp.example' -Port 3390", 'nc -vz -w 5 pc-042.corp.example 3390']);
    expect(testPort({ ...base, target: { host: "a'b", port: 3389, kind: 'dns' } }).commands[0]!.text).toBe("Test-NetConnection -ComputerName 'SERVER' -Port 3389");
  });
});
