import { describe, expect, it } from 'vitest';
import { WATCHED_EVENTS } from '../../../shared/checks/windows/events';
import { checkServerEvents } from '../../../shared/catalog';
import { SCRIPTS } from '../../powershell/scripts';
import type { CertStoreData } from '../../../shared/checks/windows/certStore';
import type { EventsData } from '../../../shared/checks/windows/events';
import type { ServerFirewallData } from '../../../shared/checks/windows/firewall';
import type { ListenerSettingsData } from '../../../shared/checks/windows/listener';
import type { SchannelData } from '../../../shared/checks/windows/schannel';
import type { ServicesData } from '../../../shared/checks/windows/services';
import { certStoreCheck, eventsCheck, rdpListenerCheck, schannelServerCheck, serverFirewallCheck, servicesCheck } from './serverChecks';
import { NOW, run, target } from './testing/recorded';

describe('schannel cipher-suite policy (11.14)', () => {
  it('the comma-separated REG_SZ becomes a list; absent reads as null', async () => {
    const { data } = await run<SchannelData>(schannelServerCheck, 'schannel.cipher-policy.json');
    expect(data.cipherSuitePolicy).toEqual(['TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_AES_256_GCM_SHA384']);
    expect((await run<SchannelData>(schannelServerCheck, 'schannel.typical.json')).data.cipherSuitePolicy).toBeNull();
  });
});

describe('listener settings', () => {
  it('Windows Home (EditionID CoreSingleLanguage): fail, whatever the settings (11.14)', async () => {
    const { result, data } = await run<ListenerSettingsData>(rdpListenerCheck, 'listener-settings.home.json');
    expect(data.edition).toEqual({ editionId: 'CoreSingleLanguage', productName: 'Windows 10 Home Single Language', build: 26100, home: true });
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('Home edition');
  });
  it('typical: on, NLA, TLS', async () => {
    const { result, data } = await run<ListenerSettingsData>(rdpListenerCheck, 'listener-settings.typical.json');
    expect(data.effective).toMatchObject({ rdpEnabled: true, port: 3389, nlaRequired: true, securityLayer: 2, nlaSource: 'listener' });
    expect(data.wmi?.sslCertificateSha1Hash).toBe('A1B2C3D4E5F60718293A4B5C6D7E8F9012345678');
    expect(result.status).toBe('pass');
  });
  it('Group Policy wins: RDP denied by policy, NLA forced, overrides listed', async () => {
    const { result, data } = await run<ListenerSettingsData>(rdpListenerCheck, 'listener-settings.denied-by-policy.json');
    expect(data.effective).toMatchObject({ rdpEnabled: false, rdpEnabledSource: 'policy', nlaRequired: true, nlaSource: 'policy', port: 3390, minEncryptionLevel: 3 });
    expect(data.policyOverrides.map((o) => o.setting)).toEqual(['fDenyTSConnections', 'UserAuthentication', 'MinEncryptionLevel']);
    expect(result.status).toBe('fail');
  });
  it('SecurityLayer 0 with NLA → inconsistent (fail); WMI denied is recorded', async () => {
    const { result, data } = await run<ListenerSettingsData>(rdpListenerCheck, 'listener-settings.inconsistent.json');
    expect(data.wmi).toBeNull();
    expect(data.problems[0]).toMatchObject({ section: 'wmi', kind: 'needs-administrator' });
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(/1050/);
  });
  it('fresh install: fDenyTSConnections 1, values from WMI', async () => {
    const { data } = await run<ListenerSettingsData>(rdpListenerCheck, 'listener-settings.fresh-install.json');
    expect(data.effective).toMatchObject({ rdpEnabled: false, nlaRequired: true, nlaSource: 'wmi', securityLayer: 2 });
    expect(data.wmi?.sslCertificateSha1Hash).toBeNull();
  });
});

describe('certificate store', () => {
  it('valid self-signed in use → pass', async () => {
    const { result, data } = await run<CertStoreData>(certStoreCheck, 'cert-store.valid.json');
    expect(data.certificates[0]).toMatchObject({ selfSigned: true, inUse: true, validity: 'valid', ekuUsable: true });
    expect(result.status).toBe('pass');
  });
  it('expired, with 5.1 /Date()/ dates and a bare object → fail', async () => {
    const { result, data } = await run<CertStoreData>(certStoreCheck, 'cert-store.expired.json');
    expect(data.certificates[0]!.notAfter).toBe('2023-12-31T00:00:00.000Z');
    expect(data.certificates[0]!.eku).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(data.certificates[0]!.validity).toBe('expired');
    expect(result.status).toBe('fail');
  });
  it('empty store (WMI unreadable) → warn, not a guess about the certificate', async () => {
    const { result, data } = await run<CertStoreData>(certStoreCheck, 'cert-store.empty.json');
    expect(data.inUseThumbprint).toBeNull();
    expect(result.status).toBe('warn');
  });
  it('no Remote Desktop store yet (11.9) → "no certificate yet", not an error', async () => {
    const { result, data } = await run<CertStoreData>(certStoreCheck, 'cert-store.no-store.json');
    expect(data.storeExists).toBe(false);
    expect(result.status).toBe('warn');
    expect(result.summary).toMatch(/^No Remote Desktop certificate yet/);
  });
  it('a CA certificate bound in the Personal store wins over an old self-signed one', async () => {
    const { result, data } = await run<CertStoreData>(certStoreCheck, 'cert-store.ca-cert.json');
    expect(data.configuredThumbprint).toBe('99AA88BB77CC66DD55EE44FF3300112233445566');
    expect(data.inUseFound).toBe(true);
    expect(result.status).toBe('pass');
  });
});

describe('services', () => {
  it('all running → pass', async () => {
    expect((await run(servicesCheck, 'services.running.json')).result.status).toBe('pass');
    const keyIso = await run<ServicesData>(servicesCheck, 'services.keyiso-disabled.json');
    expect(keyIso.result.status).toBe('warn');
    expect(keyIso.result.summary).toContain('KeyIso is disabled');
    expect(keyIso.data.services.map((s) => s.name)).toContain('CertPropSvc');
  });
  it('numeric status/start type (enum values) are named; TermService stopped and disabled → fail', async () => {
    const { result, data } = await run<ServicesData>(servicesCheck, 'services.stopped.json');
    expect(data.services[0]).toMatchObject({ name: 'TermService', status: 'Stopped', startType: 'Disabled' });
    expect(data.services.find((s) => s.name === 'UmRdpService')!.exists).toBe(false);
    expect(result.status).toBe('fail');
  });
});

describe('server firewall', () => {
  it('a policy that ignores local rules (AllowLocalFirewallRules False) leaves the enabled local Remote Desktop rules without effect (11.14)', async () => {
    const { result, data } = await run<ServerFirewallData>(serverFirewallCheck, 'server-firewall.local-ignored.json');
    expect(data.profiles.find((p) => p.name === 'Domain')?.allowLocalFirewallRules).toBe(false);
    expect(data.profiles.find((p) => p.name === 'Private')?.allowLocalFirewallRules).toBeNull();
    const domain = data.coverage.find((c) => c.profile === 'Domain')!;
    expect(domain.open).toBe(false);
    expect(domain.localIgnored).toContain('RemoteDesktop-UserMode-In-TCP');
    expect(data.coverage.find((c) => c.profile === 'Private')!.open).toBe(true);
    expect(result.status).toBe('fail');
  });
  it('built-in rules enabled for Any → open everywhere', async () => {
    const { result, data } = await run<ServerFirewallData>(serverFirewallCheck, 'server-firewall.open.json');
    expect(data.activeProfiles).toEqual(['Domain']);
    expect(data.coverage.every((c) => c.open)).toBe(true);
    expect(data.coverage[0]!.allowedBy).toEqual(['RemoteDesktop-UserMode-In-TCP']);
    expect(result.status).toBe('pass');
  });
  it('rules disabled (German display names), Private in use → fail; identified by Name and group id', async () => {
    const { result, data } = await run<ServerFirewallData>(serverFirewallCheck, 'server-firewall.closed-german.json');
    expect(data.activeProfiles).toEqual(['Private']);
    expect(data.coverage.find((c) => c.profile === 'Private')!.open).toBe(false);
    expect(result.status).toBe('fail');
  });
  it('PortNumber 3390 but the rule is bound to 3389 → fail', async () => {
    const { result, data } = await run<ServerFirewallData>(serverFirewallCheck, 'server-firewall.port-moved.json');
    expect(data.listenerPort).toBe(3390);
    expect(data.coverage.every((c) => !c.open)).toBe(true);
    expect(result.status).toBe('fail');
  });
  it('a port rule for the moved port opens it', async () => {
    const { result, data } = await run<ServerFirewallData>(serverFirewallCheck, 'server-firewall.custom-port-rule.json');
    expect(data.portRules).toHaveLength(1);
    expect(data.coverage.every((c) => c.open)).toBe(true);
    expect(result.status).toBe('pass');
  });
});

describe('events', () => {
  it('asks the script for exactly the one list of watched events (1006/1012 floods, 1061-1065 template certificate, 36872 included), within the script input schema', () => {
    const input = eventsCheck.input({ target: { host: 'localhost', port: 3389, kind: 'dns' }, platform: 'win32', targetIsLocal: true } as never);
    expect(input).toEqual({ queries: WATCHED_EVENTS.map((w) => ({ provider: w.provider, ids: [...w.ids] })) });
    const ids = WATCHED_EVENTS.flatMap((w) => [...w.ids]);
    for (const id of [1006, 1012, 1061, 1062, 1063, 1064, 1065, 36872]) expect(ids).toContain(id);
    expect(SCRIPTS.events.input.safeParse(input).success).toBe(true);
    // The manual command of check-server-events asks for the same events.
    const text = checkServerEvents({ target: { host: 'pc-042', port: 3389, kind: 'dns' }, platform: 'win32', targetIsLocal: true }).commands[0]!.text;
    for (const w of WATCHED_EVENTS) expect(text).toContain(`ProviderName = '${w.provider}'; Id = ${w.ids.join(', ')} }`);
  });
  it('36870 and 1058 → fail with counts, alert codes of 36887 kept', async () => {
    const { result, data } = await run<EventsData>(eventsCheck, 'events.key-errors.json');
    expect(data.groups.map((g) => [g.id, g.count])).toEqual([
      [1058, 3],
      [36870, 12],
      [36887, 40],
    ]);
    expect(data.groups.find((g) => g.id === 36887)!.alertCodes).toEqual([46, 10]);
    expect(data.totalEvents).toBe(55);
    expect(result.status).toBe('fail');
  });
  it('none → pass; a single group object (German message) → fail on 36871', async () => {
    expect((await run(eventsCheck, 'events.none.json')).result.status).toBe('pass');
    const { result, data } = await run<EventsData>(eventsCheck, 'events.tls-disabled.json');
    expect(data.groups[0]!.latestMessage).toMatch(/TLS-Serveranmeldeinformationen/);
    expect(result.status).toBe('fail');
  });
  it('the template certificate (11.14): 1065 fails, 1064 alone warns, 1061 and 1063 are kept but judge nothing', async () => {
    const { result, data } = await run<EventsData>(eventsCheck, 'events.template-cert.json');
    expect(data.groups.map((g) => `${g.id}×${g.count}`)).toEqual(['1061×1', '1063×9', '1064×2', '1065×3']);
    expect(data.groups[3]!.latestMessage).toMatch(/^Das vorlagenbasierte Zertifikat/);
    expect(result).toMatchObject({ status: 'fail', summary: expect.stringContaining('events 1065 ×3') });
    const judge = (ids: number[]) => eventsCheck.judge({ ...data, groups: data.groups.filter((g) => ids.includes(g.id)) }, { target, now: NOW });
    const warned = judge([1061, 1063, 1064]);
    expect(warned).toMatchObject({ status: 'warn', summary: expect.stringContaining('events 1064 ×2') });
    expect(judge([1061, 1063]).status).toBe('pass');
  });
  it('log unreadable → skipped (needs administrator)', async () => {
    const { result } = await run(eventsCheck, 'events.access-denied.json');
    expect(result.status).toBe('skipped');
  });
});
