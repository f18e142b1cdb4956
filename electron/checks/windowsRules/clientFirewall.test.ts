// shared/rules/windows/clientFirewall.ts on what the Windows checks make of recorded PowerShell output.
import { describe, expect, it } from 'vitest';
import { clientFirewallCheck } from '../windows/index';
import { check, rules } from './testing';

describe('client firewall', () => {
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
});
