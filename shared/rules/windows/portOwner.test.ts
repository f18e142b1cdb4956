import { describe, expect, it } from 'vitest';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import type { PortListener } from '../../checks/windows/portOwner';
import type { ServiceState } from '../../checks/windows/services';
import { runRules } from '../index';
import { check, ruleInput } from '../testing/netFixtures';

const listener = (processName: string, services: string[]): PortListener => ({ localAddress: '0.0.0.0', localPort: 3389, processId: 4412, processName, services, termService: services.includes('TermService') });
const portOwner = (listeners: PortListener[]) => check(WINDOWS_CHECK_IDS.portOwner, 'reachability', 'fail', { listenerPort: 3389, listeners, termServiceListens: listeners.some((l) => l.termService), problems: [] });
const term = (status: string): ServiceState => ({ name: 'TermService', exists: true, displayName: 'Remote Desktop Services', status, startType: 'Manual', account: null });
const services = (status: string) => check(WINDOWS_CHECK_IDS.services, 'reachability', 'pass', { services: [term(status)], problems: [] });
const ids = (...checks: ReturnType<typeof check>[]) => runRules(ruleInput(checks, undefined, { platform: 'win32', targetIsLocal: true })).map((f) => f.id).filter((id) => id.startsWith('rdp-port'));

describe('rdp-port-taken / rdp-port-not-listening (11.14)', () => {
  it('Remote Desktop Services listening: nothing', () => {
    expect(ids(portOwner([listener('svchost', ['TermService', 'CryptSvc'])]))).toEqual([]);
  });

  it('another program on the port: rdp-port-taken, naming it, with the command that shows its path', () => {
    const [f] = runRules(ruleInput([portOwner([listener('FernwartungAgent', ['FernwartungSvc'])])], undefined, { platform: 'win32', targetIsLocal: true })).filter((x) => x.id === 'rdp-port-taken');
    expect(f!.plain).toContain('FernwartungAgent listens on port 3389');
    expect(f!.detail).toContain('FernwartungAgent (PID 4412, services FernwartungSvc) on 0.0.0.0');
    expect(f!.fixes.map((x) => x.id)).toEqual(['free-rdp-port']);
    expect(f!.fixes[0]!.commands[1]!.text).toBe("Get-CimInstance Win32_Service -Filter 'ProcessId=4412' | Select-Object Name, DisplayName, PathName");
  });

  it('nothing listening: rdp-port-not-listening, unless TermService is stopped (termservice-stopped says that)', () => {
    expect(ids(portOwner([]), services('Running'))).toEqual(['rdp-port-not-listening']);
    expect(ids(portOwner([]))).toEqual(['rdp-port-not-listening']);
    expect(ids(portOwner([]), services('Stopped'))).toEqual([]);
  });
});
