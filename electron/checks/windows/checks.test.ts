import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  NOT_WINDOWS_REASON,
  WINDOWS_CHECK_IDS,
  type AcceptedCertificateData,
  type CertStoreData,
  type ClientFirewallData,
  type CredsspPolicyData,
  type EventsData,
  type KeyFileData,
  type ListenerSettingsData,
  type NicPowerData,
  type SchannelData,
  type SecuritySuitesData,
  type ServerFirewallData,
  type ServicesData,
  type VpnData,
} from '../../../shared/checks/windows';
import { DEFAULT_RUN_OPTIONS, checkResultSchema, type CheckResult } from '../../../shared/model';
import type { Target } from '../../../shared/target';
import type { CheckContext } from '../../engine/types';
import { runWindowsCheck, type AnyWindowsCheckSpec } from './check';
import {
  acceptedCertificateCheck,
  clientFirewallCheck,
  credsspPolicyCheck,
  nicPowerCheck,
  schannelClientCheck,
  securitySuitesCheck,
  vpnCheck,
} from './clientChecks';
import { WINDOWS_CHECK_SPECS, createWindowsChecks, windowsChecks } from './index';
import type { PowerShellExecutor, PowerShellRequest } from '../../powershell/runner';
import { certStoreCheck, eventsCheck, keyFileCheck, rdpListenerCheck, schannelServerCheck, serverFirewallCheck, servicesCheck } from './serverChecks';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => readFileSync(path.join(here, 'fixtures', name), 'utf8');
const target: Target = { host: 'pc-042.corp.example', port: 3389, kind: 'dns' };
const NOW = new Date('2025-12-01T10:00:00Z');

/** An executor that answers with a recorded stdout (and records what it was asked). */
function recorded(stdout: string, extra: { stderr?: string; exitCode?: number } = {}): PowerShellExecutor & { requests: PowerShellRequest[] } {
  const requests: PowerShellRequest[] = [];
  const fn = (async (request: PowerShellRequest) => {
    requests.push(request);
    return { exitCode: extra.exitCode ?? 0, stdout, stderr: extra.stderr ?? '', timedOut: false, cancelled: false, durationMs: 12 };
  }) as PowerShellExecutor & { requests: PowerShellRequest[] };
  fn.requests = requests;
  return fn;
}

async function run<D>(spec: unknown, file: string, t: Target = target): Promise<{ result: CheckResult; data: D }> {
  const result = await runWindowsCheck(spec as AnyWindowsCheckSpec, { executor: recorded(fixture(file)), now: () => NOW }, { target: t, signal: new AbortController().signal, platform: 'win32' });
  expect(checkResultSchema.safeParse(result).success).toBe(true);
  return { result, data: result.data as D };
}

describe('client firewall', () => {
  it('finds the mstsc block rule and the port rule scoped to addresses, ignores unrelated rules', async () => {
    const { result, data } = await run<ClientFirewallData>(clientFirewallCheck, 'client-firewall.typical.json');
    expect(result.status).toBe('fail');
    expect(data.blockingRules.map((r) => [r.name, r.matchedBy, r.scopedToAddresses])).toEqual([
      ['{6A1C3B2E-8F5D-4E2A-9C1B-0D3E4F5A6B7C}', 'program', false],
      ['Block-RDP-Outbound-Partner', 'port', true],
    ]);
    expect(data.rulesExamined).toBe(4);
    expect(data.activeProfiles).toEqual(['Private']);
    expect(result.summary).toContain('Block Remote Desktop client');
  });

  it('reads single objects instead of arrays, and port ranges (localized display name kept)', async () => {
    const { result, data } = await run<ClientFirewallData>(clientFirewallCheck, 'client-firewall.single-object.json', { ...target, port: 3390 });
    expect(data.profiles).toHaveLength(1);
    expect(data.activeProfiles).toEqual(['Public']);
    expect(data.blockingRules).toHaveLength(1);
    expect(data.blockingRules[0]).toMatchObject({ matchedBy: 'port', source: 'GroupPolicy', profiles: ['Public'], appliesToActiveProfile: true });
    expect(data.blockingRules[0]!.displayName).toBe('Sortierende RDP-Verbindungen blockieren');
    expect(result.status).toBe('fail');
  });

  it('passes with no rules; flags a default outbound Block without an mstsc allow rule', async () => {
    expect((await run(clientFirewallCheck, 'client-firewall.empty.json')).result.status).toBe('pass');
    const { result, data } = await run<ClientFirewallData>(clientFirewallCheck, 'client-firewall.default-block.json');
    expect(data.defaultBlockProfiles).toEqual(['Public']);
    expect(result.status).toBe('fail');
  });

  it('is skipped with the reason when the rules cannot be read', async () => {
    const { result } = await run(clientFirewallCheck, 'client-firewall.access-denied.json');
    expect(result.status).toBe('skipped');
    expect(result.reason).toMatch(/administrator/);
  });

  it('sends only the port as input', async () => {
    const exec = recorded(fixture('client-firewall.empty.json'));
    await runWindowsCheck(clientFirewallCheck as unknown as AnyWindowsCheckSpec, { executor: exec }, { target: { ...target, port: 3391 }, signal: new AbortController().signal, platform: 'win32' });
    expect(exec.requests[0]).toMatchObject({ scriptId: 'client-firewall', input: { port: 3391 } });
  });
});

describe('security suites', () => {
  it('decodes productState and flags Bitdefender, not Defender', async () => {
    const { result, data } = await run<SecuritySuitesData>(securitySuitesCheck, 'security-suites.typical.json');
    expect(result.status).toBe('warn');
    const bd = data.products.find((p) => p.displayName === 'Bitdefender Antivirus Plus')!;
    expect(bd).toMatchObject({ vendor: 'Bitdefender', enabled: true, upToDate: true, stateHex: '0x041000', mayFilterRdp: true, kind: 'antivirus' });
    const fw = data.products.find((p) => p.kind === 'firewall')!;
    expect(fw.upToDate).toBe(false);
    const defender = data.products.find((p) => p.displayName === 'Windows Defender')!;
    expect(defender).toMatchObject({ builtIn: true, vendor: null, enabled: false, mayFilterRdp: false });
  });

  it('a single object, Defender only: pass', async () => {
    const { result, data } = await run<SecuritySuitesData>(securitySuitesCheck, 'security-suites.defender-only.json');
    expect(data.products).toHaveLength(1);
    expect(data.products[0]!.enabled).toBe(true);
    expect(result.status).toBe('pass');
  });

  it('Windows Server (no SecurityCenter2) is skipped with the reason, not faked', async () => {
    const { result } = await run(securitySuitesCheck, 'security-suites.server.json');
    expect(result.status).toBe('skipped');
    expect(result.reason).toMatch(/Windows Server/);
  });

  it('a known suite that is switched off is not flagged', async () => {
    const { result, data } = await run<SecuritySuitesData>(securitySuitesCheck, 'security-suites.disabled-suite.json');
    expect(data.products[0]).toMatchObject({ vendor: 'Kaspersky', enabled: false, mayFilterRdp: false });
    expect(result.status).toBe('pass');
  });

  it('the invalid-namespace error on stderr becomes a skip (not available here)', async () => {
    const result = await runWindowsCheck(securitySuitesCheck as unknown as AnyWindowsCheckSpec, { executor: recorded('', { exitCode: 1, stderr: fixture('stderr.invalid-namespace.txt') }) }, { target, signal: new AbortController().signal, platform: 'win32' });
    expect(result.status).toBe('skipped');
    expect(result.data).toMatchObject({ failure: { kind: 'cmdlet-not-available' } });
  });
});

describe('CredSSP policy', () => {
  it('0 = Force Updated Clients → warn', async () => {
    const { result, data } = await run<CredsspPolicyData>(credsspPolicyCheck, 'credssp-policy.force-updated.json');
    expect(data).toMatchObject({ allowEncryptionOracle: 0, meaning: 'force-updated-clients' });
    expect(result.status).toBe('warn');
  });
  it('not set, or a missing property, reads as the default', async () => {
    expect((await run<CredsspPolicyData>(credsspPolicyCheck, 'credssp-policy.not-set.json')).data.meaning).toBe('not-set');
    const { result, data } = await run<CredsspPolicyData>(credsspPolicyCheck, 'credssp-policy.missing-property.json');
    expect(data.meaning).toBe('not-set');
    expect(result.status).toBe('pass');
  });
});

describe('Schannel', () => {
  it('client side: TLS 1.0 off, TLS 1.2 by OS default → pass', async () => {
    const { result, data } = await run<SchannelData>(schannelClientCheck, 'schannel.typical.json');
    expect(data.side).toBe('Client');
    expect(data.os.build).toBe(22631);
    expect(data.protocols.find((p) => p.protocol === 'TLS 1.0')!.effective).toBe('disabled');
    expect(data.protocols.find((p) => p.protocol === 'TLS 1.2')!.effective).toBe('os-default');
    expect(data.modernTlsUsable).toBe(true);
    expect(data.fipsPolicy).toBeNull();
    expect(result.status).toBe('pass');
  });

  it('server side: TLS 1.2 switched off on Server 2019 → fail, FIPS read', async () => {
    const { result, data } = await run<SchannelData>(schannelServerCheck, 'schannel.tls12-off-server.json');
    expect(data.modernTlsUsable).toBe(false);
    expect(data.fipsPolicy).toBe(1);
    expect(result.status).toBe('fail');
    const client = await run<SchannelData>(schannelClientCheck, 'schannel.tls12-off-server.json');
    expect(client.data.modernTlsUsable).toBe(true);
  });

  it('no switches at all (null) on Server 2022: defaults, TLS 1.3 on by default', async () => {
    const { data } = await run<SchannelData>(schannelServerCheck, 'schannel.empty.json');
    expect(data.protocols.every((p) => p.effective === 'os-default')).toBe(true);
    expect(data.modernTlsUsable).toBe(true);
  });
});

describe('VPN', () => {
  it('recognises Cisco AnyConnect carrying the default route', async () => {
    const { result, data } = await run<VpnData>(vpnCheck, 'vpn.anyconnect.json');
    expect(data.vpnActive).toBe(true);
    const vpn = data.adapters.find((a) => a.isVpn)!;
    expect(vpn).toMatchObject({ vpnProduct: 'Cisco AnyConnect / Secure Client', carriesDefaultRoute: true });
    expect(data.adapters.filter((a) => a.isVpn)).toHaveLength(1);
    expect(result.status).toBe('warn');
  });

  it('reads the {value,Count} wrapper of Windows PowerShell 5.1 and single objects (Windows VPN, PPP)', async () => {
    const { data } = await run<VpnData>(vpnCheck, 'vpn.windows-vpn.json');
    expect(data.adapters).toHaveLength(2);
    expect(data.connections).toEqual([{ name: 'Firmen-VPN', serverAddress: 'vpn.example.de', status: 'Connected', splitTunneling: true, tunnelType: 'Ikev2', allUsers: false }]);
    expect(data.activeVpnNames).toContain('Firmen-VPN');
  });

  it('no VPN: Hyper-V adapters are not VPNs; a missing VpnClient module is recorded, not fatal', async () => {
    const { result, data } = await run<VpnData>(vpnCheck, 'vpn.none.json');
    expect(data.vpnActive).toBe(false);
    expect(data.problems).toEqual([expect.objectContaining({ section: 'vpn-connections', kind: 'cmdlet-not-available' })]);
    expect(result.status).toBe('pass');
  });
});

describe('NIC power saving', () => {
  it('Enabled on the adapter with the default route → warn', async () => {
    const { result, data } = await run<NicPowerData>(nicPowerCheck, 'nic-power.enabled.json');
    expect(data.adapters[0]!.powerSavingAllowed).toBe(true);
    expect(result.status).toBe('warn');
  });
  it('PnPCapabilities 24 → not allowed, even when the cmdlet was denied', async () => {
    const { result, data } = await run<NicPowerData>(nicPowerCheck, 'nic-power.disabled.json');
    expect(data.adapters[0]).toMatchObject({ pnpCapabilities: 24, powerSavingAllowed: false, classSubkey: '0007' });
    expect(data.problems[0]!.kind).toBe('needs-administrator');
    expect(result.status).toBe('pass');
  });
  it('no adapters (null) → pass with the reason', async () => {
    const { result } = await run(nicPowerCheck, 'nic-power.none.json');
    expect(result.status).toBe('pass');
    expect(result.summary).toMatch(/No active physical/);
  });
});

describe('accepted certificate', () => {
  it('reads CertHash for the host; the host travels only as input', async () => {
    const exec = recorded(fixture('accepted-cert.typical.json'));
    const result = await runWindowsCheck(acceptedCertificateCheck as unknown as AnyWindowsCheckSpec, { executor: exec }, { target, signal: new AbortController().signal, platform: 'win32' });
    expect(exec.requests[0]!.input).toEqual({ host: 'pc-042.corp.example', port: 3389 });
    expect((result.data as AcceptedCertificateData).entries[0]!.certHash).toBe('3F2A9C1B7D4E5F60718293A4B5C6D7E8F9012345');
    expect(result.status).toBe('pass');
  });
});

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

describe('key file', () => {
  it('NETWORK SERVICE can read → pass', async () => {
    const { result, data } = await run<KeyFileData>(keyFileCheck, 'key-file.good.json');
    expect(data).toMatchObject({ networkServiceCanRead: true, systemFullControl: true });
    expect(result.status).toBe('pass');
  });
  it('no entry for NETWORK SERVICE (German account names) → fail; decisions use SIDs', async () => {
    const { result, data } = await run<KeyFileData>(keyFileCheck, 'key-file.broken.json');
    expect(data.networkServiceCanRead).toBe(false);
    expect(result.status).toBe('fail');
  });
  it('a Deny for NETWORK SERVICE beats Everyone: GENERIC_READ (French names, negative mask)', async () => {
    const { data } = await run<KeyFileData>(keyFileCheck, 'key-file.deny.json');
    expect(data.acl.find((a) => a.sid === 'S-1-1-0')!.mask).toBe(0x80000000);
    expect(data.networkServiceCanRead).toBe(false);
  });
  it('ACL unreadable without administrator rights → skipped with the reason', async () => {
    const { result } = await run(keyFileCheck, 'key-file.access-denied.json');
    expect(result.status).toBe('skipped');
    expect(result.reason).toMatch(/administrator/);
  });
  it('missing key file → warn', async () => {
    expect((await run(keyFileCheck, 'key-file.missing.json')).result.status).toBe('warn');
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
  it('log unreadable → skipped (needs administrator)', async () => {
    const { result } = await run(eventsCheck, 'events.access-denied.json');
    expect(result.status).toBe('skipped');
  });
});

describe('failures of the whole script', () => {
  it('access denied on stderr → skipped, needs administrator', async () => {
    const result = await runWindowsCheck(keyFileCheck as unknown as AnyWindowsCheckSpec, { executor: recorded('', { exitCode: 1, stderr: fixture('stderr.access-denied.txt') }) }, { target, signal: new AbortController().signal, platform: 'win32' });
    expect(result.status).toBe('skipped');
    expect(result.reason).toMatch(/administrator/);
  });
  it('JSON of the wrong shape → error (malformed output)', async () => {
    const result = await runWindowsCheck(vpnCheck as unknown as AnyWindowsCheckSpec, { executor: recorded('[1,2,3]') }, { target, signal: new AbortController().signal, platform: 'win32' });
    expect(result.status).toBe('error');
    expect(result.data).toMatchObject({ failure: { kind: 'malformed-output' } });
  });
});

// ---- through the engine's CheckDefinition -----------------------------------------------------

function context(platform: NodeJS.Platform, t: Target = target, windows = true): CheckContext {
  return { target: t, options: { ...DEFAULT_RUN_OPTIONS, windows }, signal: new AbortController().signal, memory: { results: [] }, platform };
}

async function runAll(defs: ReturnType<typeof createWindowsChecks>, ctx: CheckContext): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const def of defs) for (const unit of await def.plan(ctx)) out.push(await unit.run(ctx));
  return out;
}

describe('the definitions', () => {
  it('cover every Windows check id once, in the wizard steps the brief gives', () => {
    expect(windowsChecks.map((d) => d.id).sort()).toEqual(Object.values(WINDOWS_CHECK_IDS).sort());
    const step = Object.fromEntries(windowsChecks.map((d) => [d.id, d.step]));
    expect(step).toMatchObject({
      'win-client-firewall': 'reachability',
      'win-security-suites': 'reachability',
      'win-cert-store': 'certificate',
      'win-key-file': 'certificate',
      'win-rdp-events': 'certificate',
      'win-rdp-port-owner': 'reachability',
      'win-schannel-server': 'certificate',
      'win-credssp-policy': 'security',
      'win-rdp-listener': 'security',
      'win-schannel-client': 'security',
      'win-vpn': 'stability',
      'win-nic-power': 'stability',
    });
  });

  it(`on this system (${process.platform}) every check is skipped as not applicable, for real`, async () => {
    if (process.platform === 'win32') return;
    const results = await runAll(windowsChecks, context(process.platform, { host: 'localhost', port: 3389, kind: 'dns' }));
    expect(results).toHaveLength(WINDOWS_CHECK_SPECS.length);
    for (const r of results) {
      expect(r.status).toBe('skipped');
      expect(r.reason).toBe(NOT_WINDOWS_REASON);
      expect(checkResultSchema.safeParse(r).success).toBe(true);
    }
  });

  it('with the Windows checks turned off, nothing is planned', async () => {
    for (const def of windowsChecks) expect(await def.plan(context('win32', target, false))).toEqual([]);
  });

  it('on Windows, server checks for another machine are skipped and say where to run; client checks run', async () => {
    const exec = recorded('{"errors":[]}');
    const defs = createWindowsChecks({ executor: exec, hostname: () => 'MY-LAPTOP', interfaces: () => ({}) });
    const results = await runAll(defs, context('win32'));
    const server = results.filter((r) => ['win-rdp-listener', 'win-cert-store', 'win-key-file', 'win-rdp-services', 'win-rdp-port-owner', 'win-server-firewall', 'win-schannel-server', 'win-rdp-events'].includes(r.id));
    expect(server).toHaveLength(8);
    for (const r of server) {
      expect(r.status).toBe('skipped');
      expect(r.reason).toBe('Runs on the server itself: start RDP Doctor on pc-042.corp.example to check this');
    }
    expect(exec.requests.map((r) => r.scriptId).sort()).toEqual(['accepted-cert', 'client-firewall', 'credssp-policy', 'nic-power', 'schannel', 'security-suites', 'vpn']);
  });

  it('on Windows with this machine as the target, server checks run', async () => {
    const exec = recorded('{"errors":[]}');
    const defs = createWindowsChecks({ executor: exec, hostname: () => 'PC-042', interfaces: () => ({}) });
    await runAll(defs, context('win32'));
    expect(exec.requests.map((r) => r.scriptId)).toEqual(expect.arrayContaining(['listener-settings', 'cert-store', 'key-file', 'services', 'port-owner', 'server-firewall', 'events']));
  });
});
