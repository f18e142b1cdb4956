/**
 * A firewall policy that ignores rules made on this computer (11.14: AllowLocalFirewallRules False,
 * Group Policy "Apply local firewall rules: No"). The Remote Desktop rules here are enabled but do
 * nothing; only the policy's own rules count, so only IT can let Remote Desktop in.
 */
import { serverFirewallDataSchema } from '../../checks/windows/firewall';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { evidence, fix, type FixContext } from '../../catalog';
import type { FixSuggestion } from '../../model';
import { fixContext } from '../read';
import type { Rule } from '../types';
import { eachResult, windowsFinding, type WindowsFindingDefinition } from './finding';

export const firewallLocalRulesIgnored: WindowsFindingDefinition = {
  id: 'firewall-local-rules-ignored',
  severity: 'error',
  step: 'reachability',
  title: "A company policy makes Windows Firewall ignore this computer's Remote Desktop rules",
  plain: 'The Remote Desktop rules on this computer are switched on, but a company policy tells Windows Firewall to ignore rules made on the computer itself ({profiles} network). So Remote Desktop is still blocked, and only IT can allow it in that policy.',
  detail: 'Get-NetFirewallProfile -PolicyStore ActiveStore: AllowLocalFirewallRules = False for {profiles} (Group Policy: Windows Defender Firewall with Advanced Security → {profiles} Profile → Settings → Customize → Apply local firewall rules: No; HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\<Profile>Profile\\AllowLocalPolicyMerge = 0). Local rules ignored: {ignored}. The policy needs its own inbound rule for TCP (and UDP) {port} to svchost.exe / TermService, or local merging allowed.',
  forIt: 'your firewall policy ignores local rules on the computer you connect to, so its Remote Desktop rules do nothing; the policy needs an inbound rule for port {port}',
};

function askItForPolicyRule(ctx: FixContext, port: number): FixSuggestion {
  return fix(ctx, {
    id: 'ask-it-firewall-gpo-rule',
    title: 'Ask IT to allow Remote Desktop in the firewall policy',
    plain: `Only the company policy's own firewall rules count on this computer. Ask IT to add an inbound rule for Remote Desktop (TCP and UDP port ${port}) to that policy, or to let local rules apply.`,
    where: 'network',
    invasiveness: 'none',
    risk: 'None for you; IT decides.',
    steps: ['Export the report (Markdown or HTML).', 'Send it to IT: it names the profiles and the setting (Apply local firewall rules: No).', 'After the policy is updated (gpupdate /force or a restart), run the check again.'],
    commands: [],
  });
}

export const localFirewallRulesRule: Rule = eachResult(WINDOWS_CHECK_IDS.serverFirewall, serverFirewallDataSchema, ({ check, data }, input) => {
  const relevant = data.activeProfiles.length > 0 ? data.coverage.filter((c) => data.activeProfiles.includes(c.profile)) : data.coverage;
  const hit = relevant.filter((c) => !c.open && c.localIgnored.length > 0);
  if (hit.length === 0) return null;
  const ctx = fixContext(input);
  const profiles = hit.map((c) => c.profile).join('/');
  const ignored = [...new Set(hit.flatMap((c) => c.localIgnored))];
  return windowsFinding(input, firewallLocalRulesIgnored, {
    ctx,
    vars: { profiles, ignored: ignored.join(', '), port: data.listenerPort },
    evidence: [
      ...hit.map((c) => evidence(`${c.profile} profile`, `AllowLocalFirewallRules False: local rules ${c.localIgnored.join(', ')} ignored; allowed by ${c.allowedBy.join(', ') || 'no policy rule'}`, check.id)),
    ],
    fixes: [askItForPolicyRule(ctx, data.listenerPort)],
  });
});
