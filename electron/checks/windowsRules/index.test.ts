// shared/rules/windows/index.ts on what the Windows checks make of recorded PowerShell output.
import { describe, expect, it } from 'vitest';
import { WINDOWS_FINDING_IDS } from '../../../shared/rules/windows';
import { certStoreCheck, clientFirewallCheck, credsspPolicyCheck, eventsCheck, keyFileCheck, rdpListenerCheck, schannelServerCheck, securitySuitesCheck, serverFirewallCheck, servicesCheck, vpnCheck } from '../windows/index';
import { check, rules } from './testing';

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
