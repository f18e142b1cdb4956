import { describe, expect, it } from 'vitest';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import type { ServiceState } from '../../checks/windows/services';
import { runRules } from '../index';
import { check, ruleInput } from '../testing/netFixtures';

const svc = (name: ServiceState['name'], status: string, startType: string): ServiceState => ({ name, exists: true, displayName: name, status, startType, account: 'LocalSystem' });
const healthy = [svc('TermService', 'Running', 'Manual'), svc('SessionEnv', 'Running', 'Manual'), svc('UmRdpService', 'Running', 'Manual'), svc('CryptSvc', 'Running', 'Automatic'), svc('KeyIso', 'Stopped', 'Manual'), svc('CertPropSvc', 'Stopped', 'Manual')];
const services = (list: ServiceState[]) => check(WINDOWS_CHECK_IDS.services, 'reachability', 'pass', { services: list, problems: [] });
const findings = (list: ServiceState[]) => runRules(ruleInput([services(list)], undefined, { platform: 'win32', targetIsLocal: true })).filter((f) => f.id === 'certificate-services-off');

describe('certificate-services-off (11.14)', () => {
  it('as Windows installs them (CNG Key Isolation stopped until needed): nothing', () => {
    expect(findings(healthy)).toEqual([]);
  });

  it('CNG Key Isolation disabled: an error of the certificate step, with the commands to set it back and start it', () => {
    const [f] = findings(healthy.map((s) => (s.name === 'KeyIso' ? svc('KeyIso', 'Stopped', 'Disabled') : s)));
    expect(f!.severity).toBe('error');
    expect(f!.step).toBe('certificate');
    expect(f!.plain).toContain('CNG Key Isolation is switched off');
    expect(f!.detail).toContain('KeyIso (CNG Key Isolation): Stopped, start Disabled');
    expect(f!.fixes.map((x) => x.id)).toEqual(['start-certificate-services']);
    expect(f!.fixes[0]!.commands.map((c) => c.text)).toEqual(['Set-Service -Name KeyIso -StartupType Manual', 'Start-Service -Name KeyIso']);
  });

  it('Cryptographic Services stopped (Automatic) counts; a service that is not installed does not', () => {
    const [f] = findings(healthy.map((s) => (s.name === 'CryptSvc' ? svc('CryptSvc', 'Stopped', 'Automatic') : s.name === 'CertPropSvc' ? { ...s, exists: false, status: null, startType: null } : s)));
    expect(f!.evidence.map((e) => e.label)).toEqual(['CryptSvc']);
    expect(f!.fixes[0]!.commands[0]!.text).toBe('Set-Service -Name CryptSvc -StartupType Automatic');
  });
});
