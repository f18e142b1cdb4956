import { describe, expect, it } from 'vitest';
import { WINDOWS_CHECK_IDS } from '../checks/windows/ids';
import type { SchannelData, SchannelProtocol } from '../checks/windows/schannel';
import type { CheckResult, Finding } from '../model';
import { runRules } from './index';
import { FIRST_BUILD_WITHOUT_LEGACY_TLS, legacyTlsClientStance } from './legacyTls';
import { check, ruleInput, tlsAttempts, tlsCheck } from './testing/netFixtures';

const legacyOnly = tlsCheck({
  attempts: tlsAttempts({
    'TLSv1.2': { outcome: 'alert', alert: 'protocol_version', cipher: undefined, cipherStandardName: undefined },
    'TLSv1.3': { outcome: 'alert', alert: 'protocol_version', cipher: undefined, cipherStandardName: undefined },
  }),
});

function row(protocol: SchannelProtocol['protocol'], effective: SchannelProtocol['effective'], enabled: number | null = null, disabledByDefault: number | null = null): SchannelProtocol {
  return { protocol, effective, enabled, disabledByDefault };
}

function schannelClient(build: number, protocols: SchannelProtocol[]): CheckResult {
  const data: SchannelData = {
    side: 'Client',
    registryPath: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols',
    protocols,
    modernTlsUsable: true,
    fipsPolicy: null,
    cipherSuitePolicy: null,
    os: { build, productName: 'Windows 11 Pro', installationType: 'Client' },
    problems: [],
  };
  return check(WINDOWS_CHECK_IDS.schannelClient, 'security', 'pass', data);
}

const legacy = (checks: CheckResult[], platform: string): Finding | undefined => runRules(ruleInput([legacyOnly, ...checks], undefined, { platform })).find((f) => f.id === 'tls-legacy-only');

describe('tls-legacy-only, judged with this computer\'s client', () => {
  it('off Windows: an error, because the clients used there refuse TLS 1.0/1.1; the reason is in the evidence', () => {
    for (const platform of ['linux', 'darwin']) {
      const f = legacy([], platform)!;
      expect(f.severity, platform).toBe('error');
      expect(f.evidence.find((e) => e.label === 'This computer')?.value).toContain('refuse TLS 1.0 and 1.1');
      expect(f.detail).toContain('refuse TLS 1.0 and 1.1');
    }
  });

  it('Windows: the Schannel client switches decide, then the build default (26100 and later: off)', () => {
    // Not configured on an older build: allowed, a warning.
    expect(legacy([schannelClient(22631, [row('TLS 1.0', 'os-default'), row('TLS 1.1', 'os-default')])], 'win32')?.severity).toBe('warning');
    // Not configured on Windows 11 24H2 / Server 2025: refused, an error.
    const f = legacy([schannelClient(FIRST_BUILD_WITHOUT_LEGACY_TLS, [row('TLS 1.0', 'os-default'), row('TLS 1.1', 'os-default')])], 'win32')!;
    expect(f.severity).toBe('error');
    expect(f.evidence.find((e) => e.label === 'This computer')?.value).toContain('off by default on build 26100');
    // Switched off by policy on an older build: an error.
    expect(legacy([schannelClient(19045, [row('TLS 1.0', 'disabled', 0), row('TLS 1.1', 'disabled-by-default', null, 1)])], 'win32')?.severity).toBe('error');
    // Switched back on, on a new build: still allowed, a warning.
    expect(legacy([schannelClient(26100, [row('TLS 1.0', 'os-default'), row('TLS 1.1', 'enabled', 1, 0)])], 'win32')?.severity).toBe('warning');
  });

  it('Windows without the Schannel check: a warning, saying it is not known', () => {
    const stance = legacyTlsClientStance(ruleInput([legacyOnly], undefined, { platform: 'win32' }));
    expect(stance.refuses).toBeNull();
    expect(legacy([], 'win32')?.severity).toBe('warning');
  });
});
