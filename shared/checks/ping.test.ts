import { describe, expect, it } from 'vitest';
import { ethernetPayload, pingCommand, pingCommandText, pingFamily } from './ping';

describe('pingCommand', () => {
  it('sets the don\'t-fragment bit the way each system spells it', () => {
    expect(pingCommand('win32', '10.1.2.3', 1172, 1000)?.args).toEqual(['-4', '-n', '1', '-w', '1000', '-f', '-l', '1172', '10.1.2.3']);
    expect(pingCommand('darwin', '10.1.2.3', 1172, 1000)?.args).toEqual(['-n', '-c', '1', '-W', '1000', '-D', '-s', '1172', '10.1.2.3']);
    expect(pingCommand('linux', '10.1.2.3', 1172, 1000)?.args).toEqual(['-4', '-n', '-c', '1', '-w', '1', '-W', '1', '-M', 'do', '-s', '1172', '10.1.2.3']);
  });

  it('IPv6: Windows and Linux (routers never fragment IPv6), not macOS', () => {
    expect(pingCommand('win32', '2001:db8::7', 1452, 1000)?.args).toEqual(['-6', '-n', '1', '-w', '1000', '-l', '1452', '2001:db8::7']);
    expect(pingCommand('linux', '2001:db8::7', 1452, 1000)?.args.slice(0, 1)).toEqual(['-6']);
    expect(pingCommand('darwin', '2001:db8::7', 1452, 1000)).toBeNull();
  });

  it('Linux waits in whole seconds, rounded up', () => {
    expect(pingCommand('linux', '10.1.2.3', 100, 1500)?.args).toContain('2');
    expect(pingCommand('linux', '10.1.2.3', 100, 200)?.args.slice(4, 8)).toEqual(['-w', '1', '-W', '1']);
  });

  it('takes only an IP literal and sane numbers: never a name, an option or a zone', () => {
    for (const bad of ['server.example', '-f', '--help', '10.1.2.3; rm -rf /', '10.1.2', '999.1.1.1', 'fe80::1%eth0', '', ' 10.1.2.3']) {
      expect(pingCommand('linux', bad, 1000, 1000), bad).toBeNull();
      expect(pingFamily(bad), bad).toBeNull();
    }
    expect(pingCommand('linux', '10.1.2.3', -1, 1000)).toBeNull();
    expect(pingCommand('linux', '10.1.2.3', 1.5, 1000)).toBeNull();
    expect(pingCommand('linux', '10.1.2.3', 70_000, 1000)).toBeNull();
    expect(pingCommand('linux', '10.1.2.3', 100, 0)).toBeNull();
    expect(pingCommand('freebsd', '10.1.2.3', 100, 1000)).toBeNull();
  });

  it('prints the command as run, and 1,500-byte packets carry 1472 (IPv4) / 1452 (IPv6) bytes', () => {
    expect(pingCommandText(pingCommand('win32', '10.1.2.3', 1172, 1000)!)).toBe('ping -4 -n 1 -w 1000 -f -l 1172 10.1.2.3');
    expect(ethernetPayload(4)).toBe(1472);
    expect(ethernetPayload(6)).toBe(1452);
  });
});
