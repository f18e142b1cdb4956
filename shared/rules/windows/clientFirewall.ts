/**
 * Windows Firewall on this computer (the client) blocks Remote Desktop Connection: an outbound Block
 * rule for mstsc.exe or the port, or a profile that blocks outbound traffic by default.
 */
import { clientFirewallDataSchema } from '../../checks/windows/firewall';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { evidence, fix, powershellCommand as ps, psQuote } from '../../catalog';
import type { FixSuggestion, Severity } from '../../model';
import { fixContext } from '../read';
import type { Rule } from '../types';
import { eachResult, windowsFinding, type WindowsFindingDefinition } from './finding';

export const clientFirewallBlocksMstsc: WindowsFindingDefinition = {
  id: 'client-firewall-blocks-mstsc',
  severity: 'error',
  step: 'reachability',
  title: 'Windows Firewall on this computer blocks Remote Desktop',
  plain: 'A firewall rule on your own computer stops Remote Desktop Connection from reaching {target}. Until that rule is switched off or changed, the connection cannot even start.',
  detail: 'Outbound rules (ActiveStore, Group Policy included): {rules}. Default outbound Block on: {profiles}. Inspect with Get-NetFirewallRule -PolicyStore ActiveStore -Direction Outbound -Action Block -Enabled True | Get-NetFirewallApplicationFilter / Get-NetFirewallPortFilter. Rules from Group Policy (source GroupPolicy) can only be changed by IT.',
};

export const clientFirewallRule: Rule = eachResult(WINDOWS_CHECK_IDS.clientFirewall, clientFirewallDataSchema, ({ check, data }, input) => {
  const active = (p: string) => data.activeProfiles.length === 0 || (data.activeProfiles as string[]).includes(p);
  const definite = data.blockingRules.filter((r) => !r.scopedToAddresses && r.appliesToActiveProfile !== false);
  const defaultBlock = data.defaultBlockProfiles.filter(active);
  if (data.blockingRules.length === 0 && data.defaultBlockProfiles.length === 0) return null;
  const severity: Severity = definite.length > 0 || defaultBlock.length > 0 ? 'error' : 'warning';
  const ctx = fixContext(input);
  const local = data.blockingRules.filter((r) => r.source.toLowerCase() !== 'grouppolicy');
  const fixes: FixSuggestion[] = [];
  if (local.length > 0) {
    fixes.push(
      fix(ctx, {
        id: 'disable-outbound-block-rule',
        title: 'Switch off the rule that blocks Remote Desktop',
        plain: `Switch off ${local.length === 1 ? `the outbound rule "${local[0]!.displayName}"` : `these outbound rules: ${local.map((r) => `"${r.displayName}"`).join(', ')}`} in Windows Defender Firewall with Advanced Security.`,
        where: 'client',
        invasiveness: 'low',
        risk: 'Whatever the rule was meant to stop can pass again. If you did not create it, ask IT first: it may be there on purpose.',
        steps: ['Press Win+R, type wf.msc and press Enter.', 'Select Outbound Rules.', 'Right-click the rule named above and select Disable Rule.', 'Run the check again.'],
        commands: local.slice(0, 10).map((r) => ps(`Disable "${r.displayName}"`, `Disable-NetFirewallRule -Name ${psQuote(r.name)}`)),
        illustration: 'firewall-allow-app',
      }),
    );
  }
  if (data.defaultBlockProfiles.length > 0) {
    fixes.push(
      fix(ctx, {
        id: 'allow-mstsc-outbound',
        title: 'Allow Remote Desktop Connection out',
        plain: 'This computer blocks outgoing connections unless a rule allows them. Add a rule that allows Remote Desktop Connection (mstsc.exe).',
        where: 'client',
        invasiveness: 'low',
        risk: 'Only Remote Desktop Connection is allowed out; nothing else changes.',
        steps: ['Open PowerShell as administrator.', 'Run the command below.', 'Run the check again.'],
        commands: [ps('Allow mstsc.exe out', "New-NetFirewallRule -DisplayName 'Remote Desktop Connection (mstsc) out' -Direction Outbound -Program '%SystemRoot%\\system32\\mstsc.exe' -Action Allow")],
        illustration: 'firewall-allow-app',
      }),
    );
  }
  if (data.blockingRules.some((r) => r.source.toLowerCase() === 'grouppolicy')) {
    fixes.push(
      fix(ctx, {
        id: 'ask-it-firewall-policy',
        title: 'Ask IT about the firewall policy',
        plain: 'The blocking rule comes from a company policy; only IT can change it. Send them this report.',
        where: 'network',
        invasiveness: 'none',
        risk: 'None for you.',
        steps: ['Export the report (Markdown or HTML).', 'Send it to IT with the name of the rule.'],
        commands: [],
      }),
    );
  }
  return windowsFinding(input, clientFirewallBlocksMstsc, {
    severity,
    ctx,
    vars: {
      rules: data.blockingRules.map((r) => `${r.name} ("${r.displayName}", ${r.matchedBy}, program ${r.program}, ${r.protocol} remote port ${r.remotePorts.join(',')}, profiles ${r.profiles.join('/')}, source ${r.source}${r.scopedToAddresses ? `, remote addresses ${r.remoteAddresses.join(',')}` : ''})`).join('; ') || 'none',
      profiles: data.defaultBlockProfiles.join(', ') || 'none',
    },
    evidence: [
      ...data.blockingRules.slice(0, 20).map((r) => evidence(`Outbound block rule ${r.name}`, `"${r.displayName}": program ${r.program}, ${r.protocol} to port ${r.remotePorts.join(',')}, profiles ${r.profiles.join('/')}${r.scopedToAddresses ? `, only to ${r.remoteAddresses.join(',')}` : ''}`, check.id)),
      ...data.defaultBlockProfiles.map((p) => evidence(`${p} profile`, 'DefaultOutboundAction = Block, no allow rule for mstsc.exe', check.id)),
    ],
    fixes,
  });
});
