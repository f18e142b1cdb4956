// shared/rules/windows/localFirewallRules.ts on what the Windows checks make of recorded PowerShell output.
import { describe, expect, it } from 'vitest';
import { serverFirewallCheck } from '../windows/index';
import { check, ids, rules } from './testing';

describe('a policy that ignores local firewall rules', () => {
  it('firewall-local-rules-ignored instead of server-firewall-rule-off when a policy ignores the local rules (11.14)', async () => {
    const fs = rules([await check(serverFirewallCheck, 'server-firewall.local-ignored.json')]);
    expect(ids(fs)).toEqual(['firewall-local-rules-ignored']);
    expect(fs[0]!.detail).toContain('AllowLocalFirewallRules = False for Domain');
    expect(fs[0]!.detail).toContain('RemoteDesktop-UserMode-In-TCP');
    expect(fs[0]!.fixes.map((x) => x.id)).toEqual(['ask-it-firewall-gpo-rule']);
  });
});
