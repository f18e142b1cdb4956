/**
 * A firewall policy that ignores rules made on this computer (11.14: AllowLocalFirewallRules False,
 * Group Policy "Apply local firewall rules: No"). The Remote Desktop rules here are enabled but do
 * nothing; only the policy's own rules count, so only IT can let Remote Desktop in.
 */
import { coverageInUse, serverFirewallDataSchema } from '../../checks/windows/firewall';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { askItFirewallGpoRule } from '../../catalog/windowsManualFixes';
import type { Rule } from '../types';
import { eachResult, type WindowsFindingDefinition } from './finding';

export const firewallLocalRulesIgnored: WindowsFindingDefinition = {
  id: 'firewall-local-rules-ignored',
  severity: 'error',
  step: 'reachability',
  title: "A company policy makes Windows Firewall ignore this computer's Remote Desktop rules",
  plain: 'The Remote Desktop rules on this computer are switched on, but a company policy tells Windows Firewall to ignore rules made on the computer itself ({profiles} network). So Remote Desktop is still blocked, and only IT can allow it in that policy.',
  detail: 'Get-NetFirewallProfile -PolicyStore ActiveStore: AllowLocalFirewallRules = False for {profiles} (Group Policy: Windows Defender Firewall with Advanced Security → {profiles} Profile → Settings → Customize → Apply local firewall rules: No; HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\<Profile>Profile\\AllowLocalPolicyMerge = 0). Local rules ignored: {ignored}. The policy needs its own inbound rule for TCP (and UDP) {port} to svchost.exe / TermService, or local merging allowed.',
  forIt: 'your firewall policy ignores local rules on the computer you connect to, so its Remote Desktop rules do nothing; the policy needs an inbound rule for port {port}',
};

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
