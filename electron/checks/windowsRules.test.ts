// The Windows rules (shared/rules/windows.ts) on what the Windows checks make of recorded PowerShell
// output: on the electron side, because it runs the checks (a shared/ test may not import electron/).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runWindowsCheck, type AnyWindowsCheckSpec } from './windows/check';
import {
  acceptedCertificateCheck,
  certStoreCheck,
  clientFirewallCheck,
  credsspPolicyCheck,
  eventsCheck,
  keyFileCheck,
  nicPowerCheck,
  rdpListenerCheck,
  schannelServerCheck,
  securitySuitesCheck,
  serverFirewallCheck,
  servicesCheck,
  vpnCheck,
} from './windows/index';
import { findingSchema, type CheckResult, type Finding } from '../../shared/model';
import type { Target } from '../../shared/target';
import type { RuleInput } from '../../shared/rules/types';
import { WINDOWS_FINDING_IDS, windowsRules } from '../../shared/rules/windows';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => readFileSync(path.join(here, 'windows', 'fixtures', name), 'utf8');
const target: Target = { host: 'pc-042.corp.example', port: 3389, kind: 'dns' };
const NOW = new Date('2025-12-01T10:00:00Z');

async function check(spec: unknown, file: string): Promise<CheckResult> {
  return runWindowsCheck(
    spec as AnyWindowsCheckSpec,
    { executor: async () => ({ exitCode: 0, stdout: fixture(file), stderr: '', timedOut: false, cancelled: false, durationMs: 5 }), now: () => NOW },
    { target, signal: new AbortController().signal, platform: 'win32' },
  );
}

function rules(checks: CheckResult[], context: Partial<RuleInput['context']> = {}): Finding[] {
  const input: RuleInput = { target, checks, context: { platform: 'win32', targetIsLocal: true, now: NOW, ...context } };
  const findings = windowsRules.flatMap((r) => r(input));
  for (const f of findings) expect(findingSchema.safeParse(f).success, f.id).toBe(true);
  return findings;
}

const ids = (fs: Finding[]) => fs.map((f) => f.id);

describe('windows rules', () => {
  it('healthy fixtures produce no finding', async () => {
    const checks = await Promise.all([
      check(clientFirewallCheck, 'client-firewall.empty.json'),
      check(securitySuitesCheck, 'security-suites.defender-only.json'),
      check(credsspPolicyCheck, 'credssp-policy.not-set.json'),
      check(vpnCheck, 'vpn.none.json'),
      check(rdpListenerCheck, 'listener-settings.typical.json'),
      check(certStoreCheck, 'cert-store.valid.json'),
      check(keyFileCheck, 'key-file.good.json'),
      check(servicesCheck, 'services.running.json'),
      check(serverFirewallCheck, 'server-firewall.open.json'),
      check(eventsCheck, 'events.none.json'),
      check(schannelServerCheck, 'schannel.typical.json'),
    ]);
    expect(rules(checks)).toEqual([]);
  });

  it('client-firewall-blocks-mstsc: error, with the rule names and a Disable-NetFirewallRule command', async () => {
    const [f] = rules([await check(clientFirewallCheck, 'client-firewall.typical.json')]);
    expect(f).toMatchObject({ id: 'client-firewall-blocks-mstsc', severity: 'error', step: 'reachability' });
    expect(f!.detail).toContain('{6A1C3B2E-8F5D-4E2A-9C1B-0D3E4F5A6B7C}');
    expect(f!.fixes[0]!.id).toBe('disable-outbound-block-rule');
    expect(f!.fixes[0]!.commands[0]!.text).toBe("Disable-NetFirewallRule -Name '{6A1C3B2E-8F5D-4E2A-9C1B-0D3E4F5A6B7C}'");
    expect(f!.fixes[0]!.automatic).toBe(false);
  });

  it('a Group Policy block rule sends you to IT', async () => {
    const [f] = rules([await check(clientFirewallCheck, 'client-firewall.single-object.json')]);
    expect(f!.fixes.map((x) => x.id)).toEqual(['ask-it-firewall-policy']);
  });

  it('security-suite-present names the suite', async () => {
    const [f] = rules([await check(securitySuitesCheck, 'security-suites.typical.json')]);
    expect(f).toMatchObject({ id: 'security-suite-present', severity: 'warning' });
    expect(f!.plain).toContain('Bitdefender');
    expect(f!.fixes.map((x) => x.invasiveness)).toEqual(['none', 'low']);
  });

  it('credssp-policy-mismatch with the registry path and value', async () => {
    const [f] = rules([await check(credsspPolicyCheck, 'credssp-policy.force-updated.json')]);
    expect(f).toMatchObject({ id: 'credssp-policy-mismatch', step: 'security' });
    expect(f!.detail).toContain('AllowEncryptionOracle = 0');
  });

  it('vpn-active is info, warning when the network checks saw trouble', async () => {
    const vpn = await check(vpnCheck, 'vpn.anyconnect.json');
    expect(rules([vpn])[0]).toMatchObject({ id: 'vpn-active', severity: 'info' });
    const stability: CheckResult = { id: 'stability', step: 'stability', status: 'fail', durationMs: 1, summary: 'x', data: {} };
    expect(rules([vpn, stability])[0]!.severity).toBe('warning');
  });

  it('nic-power-saving with the illustration and the PnPCapabilities command', async () => {
    const [f] = rules([await check(nicPowerCheck, 'nic-power.enabled.json')]);
    expect(f!.id).toBe('nic-power-saving');
    expect(f!.fixes[0]!.illustration).toBe('nic-power-management');
    expect(f!.fixes[0]!.commands[0]!.text).toContain("{4D36E972-E325-11CE-BFC1-08002BE10318}\\0001' -Name PnPCapabilities -Value 24");
  });

  it('rdp-disabled by policy: no automatic switch, the policy fix; nla-policy-override listed', async () => {
    const found = rules([await check(rdpListenerCheck, 'listener-settings.denied-by-policy.json')]);
    expect(ids(found)).toEqual(['rdp-disabled', 'nla-policy-override']);
    expect(found[0]!.fixes.map((f) => f.id)).toEqual(['change-rdp-policy']);
    expect(found[0]!.plain).toContain('by a Group Policy');
  });

  it('rdp-disabled locally: enable-rdp is automatic on Windows for this machine only', async () => {
    const fresh = await check(rdpListenerCheck, 'listener-settings.fresh-install.json');
    expect(rules([fresh])[0]!.fixes[0]).toMatchObject({ id: 'enable-rdp', automatic: true, illustration: 'system-properties-remote-nla' });
    expect(rules([fresh], { platform: 'linux' })[0]!.fixes[0]!.automatic).toBe(false);
    expect(rules([fresh], { targetIsLocal: false })[0]!.fixes[0]!.automatic).toBe(false);
  });

  it('listener-security-inconsistent offers Negotiate first, then turning NLA off', async () => {
    const [f] = rules([await check(rdpListenerCheck, 'listener-settings.inconsistent.json')]);
    expect(f!.id).toBe('listener-security-inconsistent');
    expect(f!.fixes.map((x) => [x.id, x.params])).toEqual([
      ['set-security-layer', { securityLayer: 1 }],
      ['set-nla', { required: false }],
    ]);
  });

  it('termservice-stopped with the automatic start fix', async () => {
    const [f] = rules([await check(servicesCheck, 'services.stopped.json')]);
    expect(f).toMatchObject({ id: 'termservice-stopped', severity: 'error' });
    expect(f!.plain).toContain('disabled');
    expect(f!.fixes[0]).toMatchObject({ id: 'start-termservice', automatic: true });
  });

  it('server-firewall-rule-off names the profile in use and passes it to the fix', async () => {
    const [f] = rules([await check(serverFirewallCheck, 'server-firewall.closed-german.json')]);
    expect(f).toMatchObject({ id: 'server-firewall-rule-off' });
    expect(f!.fixes[0]).toMatchObject({ id: 'enable-firewall-rules', automatic: true, params: { profiles: 'Private' }, illustration: 'firewall-allow-app' });
  });

  it('listener-port-firewall-mismatch when PortNumber moved', async () => {
    const [f] = rules([await check(serverFirewallCheck, 'server-firewall.port-moved.json')]);
    expect(f!.id).toBe('listener-port-firewall-mismatch');
    expect(f!.plain).toContain('3390');
    expect(f!.fixes[0]!.commands[0]!.text).toContain('-LocalPort 3390');
  });

  it('firewall-local-rules-ignored instead of server-firewall-rule-off when a policy ignores the local rules (11.14)', async () => {
    const fs = rules([await check(serverFirewallCheck, 'server-firewall.local-ignored.json')]);
    expect(ids(fs)).toEqual(['firewall-local-rules-ignored']);
    expect(fs[0]!.detail).toContain('AllowLocalFirewallRules = False for Domain');
    expect(fs[0]!.detail).toContain('RemoteDesktop-UserMode-In-TCP');
    expect(fs[0]!.fixes.map((x) => x.id)).toEqual(['ask-it-firewall-gpo-rule']);
  });

  it('machinekeys-permissions for a CA certificate (11.8): its own key file, and only repairs that touch that key', async () => {
    const [f] = rules([await check(keyFileCheck, 'key-file.ca-cng-no-read.json')]);
    expect(f!.id).toBe('machinekeys-permissions');
    expect(f!.fixes.map((x) => x.id)).toEqual(['grant-certificate-key-read']);
    expect(f!.fixes[0]!.commands.map((c) => c.text)).toEqual([
      "icacls 'C:\\ProgramData\\Microsoft\\Crypto\\Keys\\7a4c1f0e8b2d6a9c3e5f7b1d0a2c4e6f_6c1c7e3a-2b3d-4e5f-8a9b-0c1d2e3f4a5b'",
      "icacls 'C:\\ProgramData\\Microsoft\\Crypto\\Keys\\7a4c1f0e8b2d6a9c3e5f7b1d0a2c4e6f_6c1c7e3a-2b3d-4e5f-8a9b-0c1d2e3f4a5b' /grant '*S-1-5-20:(R)'",
    ]);
    expect(f!.detail).toContain('CNG key file C:\\ProgramData\\Microsoft\\Crypto\\Keys\\7a4c1f0e');
    expect(f!.detail).toContain('99AA88BB77CC66DD55EE44FF3300112233445566 in My, issued by a CA');
    const [missing] = rules([await check(keyFileCheck, 'key-file.ca-key-missing.json')]);
    expect(missing!.fixes.map((x) => x.id)).toEqual(['reimport-certificate-key']);
    expect(missing!.fixes[0]!.commands[0]!.text).toBe('certutil -repairstore My 99AA88BB77CC66DD55EE44FF3300112233445566');
    expect(missing!.plain).toContain('the key is missing or damaged');
  });

  it('machinekeys-permissions: ACL repair first, the heavy rebuild last', async () => {
    const [f] = rules([await check(keyFileCheck, 'key-file.broken.json')]);
    expect(f!.id).toBe('machinekeys-permissions');
    expect(f!.fixes.map((x) => x.id)).toEqual(['repair-keyfile-acl', 'regenerate-self-signed-cert', 'reset-machinekeys-acl', 'rebuild-machinekeys']);
    expect(f!.detail).toContain('S-1-5-20');
  });

  it('cert-store-expired (self-signed, 1058 seen): repair the ACL, then regenerate with the thumbprint', async () => {
    const found = rules([await check(certStoreCheck, 'cert-store.expired.json'), await check(eventsCheck, 'events.key-errors.json')]);
    const f = found.find((x) => x.id === 'cert-store-expired')!;
    expect(f.plain).toContain('failed to replace it (event 1058)');
    expect(f.fixes.map((x) => x.id)).toEqual(['repair-keyfile-acl', 'regenerate-self-signed-cert']);
    expect(f.fixes[1]!.params).toEqual({ thumbprint: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C' });
    expect(ids(found)).toContain('schannel-key-errors');
  });

  it('schannel-key-errors lists the event ids and counts', async () => {
    const [f] = rules([await check(eventsCheck, 'events.key-errors.json')]);
    expect(f!.id).toBe('schannel-key-errors');
    expect(f!.evidence.map((e) => e.label)).toEqual(['Event 1058', 'Event 36870']);
    expect(f!.detail).toContain('12 × event 36870');
  });

  it('tls-disabled-on-server with the 36871 events as evidence', async () => {
    const found = rules([await check(schannelServerCheck, 'schannel.tls12-off-server.json'), await check(eventsCheck, 'events.tls-disabled.json')]);
    const f = found.find((x) => x.id === 'tls-disabled-on-server')!;
    expect(f.evidence.some((e) => e.label === 'Event 36871')).toBe(true);
    expect(f.fixes[0]!.id).toBe('enable-tls12');
  });

  it('accepted-cert-changed compares with the certificate the server presents', async () => {
    const accepted = await check(acceptedCertificateCheck, 'accepted-cert.typical.json');
    const tls: CheckResult = {
      id: 'tls',
      step: 'certificate',
      status: 'pass',
      durationMs: 1,
      summary: 'x',
      address: '10.20.30.40',
      data: {
        address: '10.20.30.40',
        x224: { requestedProtocols: 3, kind: 'confirm', selectedProtocol: 2, durationMs: 3 },
        attempts: [],
        certificate: {
          subject: 'CN=PC-042',
          issuer: 'CN=PC-042',
          serialNumber: '01',
          validFrom: '2025-01-01T00:00:00Z',
          validTo: '2026-01-01T00:00:00Z',
          selfSigned: true,
          dnsNames: [],
          ipAddresses: [],
          keyType: 'rsa',
          signatureAlgorithm: 'sha256WithRSAEncryption',
          signatureAlgorithmOid: '1.2.840.113549.1.1.11',
          extendedKeyUsage: [],
          sha1: '77:AA:66:BB:55:CC:44:DD:33:EE:22:FF:11:00:99:88:77:66:55:44',
          sha256: 'AA',
          pem: '',
        },
        nameMatch: null,
        checkedAt: NOW.toISOString(),
      },
    };
    const [f] = rules([accepted, tls]);
    expect(f).toMatchObject({ id: 'accepted-cert-changed', severity: 'info' });
    const same = { ...tls, data: { ...tls.data, certificate: { ...(tls.data.certificate as object), sha1: '3F2A9C1B7D4E5F60718293A4B5C6D7E8F9012345' } } };
    expect(rules([accepted, same])).toEqual([]);
  });

  it('certificate-differs-on-wire: the listener uses another certificate than the one the network check received (11.15)', async () => {
    const store = await check(certStoreCheck, 'cert-store.valid.json');
    const tls = (sha1: string): CheckResult => ({
      id: 'tls',
      step: 'certificate',
      status: 'pass',
      durationMs: 1,
      summary: 'x',
      address: '127.0.0.1',
      data: {
        address: '127.0.0.1',
        x224: { requestedProtocols: 3, kind: 'confirm', selectedProtocol: 2, durationMs: 3 },
        attempts: [],
        certificate: {
          subject: 'CN=inspection.proxy',
          issuer: 'CN=Corp TLS Inspection CA',
          serialNumber: '01',
          validFrom: '2025-01-01T00:00:00Z',
          validTo: '2027-01-01T00:00:00Z',
          selfSigned: false,
          dnsNames: [],
          ipAddresses: [],
          keyType: 'rsa',
          signatureAlgorithm: 'sha256WithRSAEncryption',
          signatureAlgorithmOid: '1.2.840.113549.1.1.11',
          extendedKeyUsage: [],
          sha1,
          sha256: 'AA',
          pem: '',
        },
        nameMatch: null,
        checkedAt: NOW.toISOString(),
      },
    });
    const other = '11:22:33:44:55:66:77:88:99:00:AA:BB:CC:DD:EE:FF:11:22:33:44';
    const [f, ...rest] = rules([store, tls(other)]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ id: 'certificate-differs-on-wire', severity: 'warning', step: 'certificate' });
    expect(f!.detail).toContain('A1B2C3D4E5F60718293A4B5C6D7E8F9012345678');
    expect(f!.detail).toContain('11223344556677889900AABBCCDDEEFF11223344');
    expect(f!.fixes.map((x) => x.id)).toEqual(['check-security-software', 'try-another-network']);
    // The same certificate, in Windows' spelling or with colons: no finding.
    expect(rules([store, tls('A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90:12:34:56:78')])).toEqual([]);
    // Another computer's target (not this one): the local store says nothing about it.
    expect(rules([store, tls(other)], { targetIsLocal: false })).toEqual([]);
  });

  it('skipped or errored checks produce nothing', async () => {
    const skipped = await check(keyFileCheck, 'key-file.access-denied.json');
    expect(skipped.status).toBe('skipped');
    expect(rules([skipped])).toEqual([]);
  });

  it('every finding id is stable and unique', () => {
    expect(new Set(WINDOWS_FINDING_IDS).size).toBe(WINDOWS_FINDING_IDS.length);
    for (const id of ['certificate-differs-on-wire', 'client-firewall-blocks-mstsc', 'security-suite-present', 'credssp-policy-mismatch', 'vpn-active', 'nic-power-saving', 'rdp-disabled', 'termservice-stopped', 'server-firewall-rule-off', 'machinekeys-permissions', 'cert-store-expired', 'schannel-key-errors', 'tls-disabled-on-server']) {
      expect(WINDOWS_FINDING_IDS).toContain(id);
    }
  });
});
