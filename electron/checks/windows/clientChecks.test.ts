import { describe, expect, it } from 'vitest';
import type { AcceptedCertificateData } from '../../../shared/checks/windows/acceptedCertificate';
import type { CredsspPolicyData } from '../../../shared/checks/windows/credssp';
import type { ClientFirewallData } from '../../../shared/checks/windows/firewall';
import type { NicPowerData } from '../../../shared/checks/windows/nicPower';
import type { SchannelData } from '../../../shared/checks/windows/schannel';
import type { SecuritySuitesData } from '../../../shared/checks/windows/securitySuites';
import type { VpnData } from '../../../shared/checks/windows/vpn';
import { runWindowsCheck, type AnyWindowsCheckSpec } from './check';
import { acceptedCertificateCheck, clientFirewallCheck, credsspPolicyCheck, nicPowerCheck, schannelClientCheck, securitySuitesCheck, vpnCheck } from './clientChecks';
import { schannelServerCheck } from './serverChecks';
import { fixture, target, recorded, run } from './testing/recorded';

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
