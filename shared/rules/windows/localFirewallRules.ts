/**
 * A firewall policy that ignores rules made on this computer (11.14: AllowLocalFirewallRules False,
 * Group Policy "Apply local firewall rules: No"). The Remote Desktop rules here are enabled but do
 * nothing; only the policy's own rules count, so only IT can let Remote Desktop in.
 */
import { coverageInUse, serverFirewallDataSchema } from '../../checks/windows/firewall';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { askItFirewallGpoRule } from '../../catalog/windowsManualFixes';
import type { Rule } from '../types';
import { eachResult, windowsFindingDefinition } from './finding';

export const firewallLocalRulesIgnored = windowsFindingDefinition('firewall-local-rules-ignored', 'error', 'reachability');

export const localFirewallRulesRule: Rule = eachResult(WINDOWS_CHECK_IDS.serverFirewall, serverFirewallDataSchema, ({ data, ctx, ev, found }) => {
  const hit = coverageInUse(data).filter((c) => !c.open && c.localIgnored.length > 0);
  if (hit.length === 0) return null;
  const profiles = hit.map((c) => c.profile).join('/');
  const ignored = [...new Set(hit.flatMap((c) => c.localIgnored))];
  return found(firewallLocalRulesIgnored, {
    vars: { profiles, ignored: ignored.join(', '), port: data.listenerPort },
    evidence: [
      ...hit.map((c) => ev(`${c.profile} profile`, `AllowLocalFirewallRules False: local rules ${c.localIgnored.join(', ')} ignored; allowed by ${c.allowedBy.join(', ') || 'no policy rule'}`)),
    ],
    fixes: [askItFirewallGpoRule(ctx, data.listenerPort)],
  });
});
