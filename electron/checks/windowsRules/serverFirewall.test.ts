// shared/rules/windows/serverFirewall.ts on what the Windows checks make of recorded PowerShell output.
import { describe, expect, it } from 'vitest';
import { serverFirewallCheck } from '../windows/index';
import { check, rules } from './testing';

describe('server firewall', () => {
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
});
