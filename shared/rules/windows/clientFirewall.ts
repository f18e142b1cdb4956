/**
 * Windows Firewall on this computer (the client) blocks Remote Desktop Connection: an outbound Block
 * rule for mstsc.exe or the port, or a profile that blocks outbound traffic by default.
 */
import { clientFirewallDataSchema } from '../../checks/windows/firewall';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import type { FixSuggestion, Severity } from '../../model';
import { allowMstscOutbound, askItFirewallPolicy, disableOutboundBlockRules } from '../../catalog/windowsManualFixes';
import type { Rule } from '../types';
import { eachResult, windowsFindingDefinition } from './finding';

export const clientFirewallBlocksMstsc = windowsFindingDefinition('client-firewall-blocks-mstsc', 'error', 'reachability');

export const clientFirewallRule: Rule = eachResult(WINDOWS_CHECK_IDS.clientFirewall, clientFirewallDataSchema, ({ data, ctx, ev, found }) => {
  const active = (p: string) => data.activeProfiles.length === 0 || (data.activeProfiles as string[]).includes(p);
  const definite = data.blockingRules.filter((r) => !r.scopedToAddresses && r.appliesToActiveProfile !== false);
  const defaultBlock = data.defaultBlockProfiles.filter(active);
  if (data.blockingRules.length === 0 && data.defaultBlockProfiles.length === 0) return null;
  const severity: Severity = definite.length > 0 || defaultBlock.length > 0 ? 'error' : 'warning';
  const local = data.blockingRules.filter((r) => r.source.toLowerCase() !== 'grouppolicy');
  const fixes: FixSuggestion[] = [];
  if (local.length > 0) {
    fixes.push(
      disableOutboundBlockRules(ctx, local),
    );
  }
  if (data.defaultBlockProfiles.length > 0) {
    fixes.push(
      allowMstscOutbound(ctx),
    );
  }
  if (data.blockingRules.some((r) => r.source.toLowerCase() === 'grouppolicy')) {
    fixes.push(
      askItFirewallPolicy(ctx),
    );
  }
  return found(clientFirewallBlocksMstsc, {
    severity,
    ctx,
    vars: {
      rules: data.blockingRules.map((r) => `${r.name} ("${r.displayName}", ${r.matchedBy}, program ${r.program}, ${r.protocol} remote port ${r.remotePorts.join(',')}, profiles ${r.profiles.join('/')}, source ${r.source}${r.scopedToAddresses ? `, remote addresses ${r.remoteAddresses.join(',')}` : ''})`).join('; ') || 'none',
      profiles: data.defaultBlockProfiles.join(', ') || 'none',
    },
    evidence: [
      ...data.blockingRules.slice(0, 20).map((r) => ev(`Outbound block rule ${r.name}`, `"${r.displayName}": program ${r.program}, ${r.protocol} to port ${r.remotePorts.join(',')}, profiles ${r.profiles.join('/')}${r.scopedToAddresses ? `, only to ${r.remoteAddresses.join(',')}` : ''}`)),
      ...data.defaultBlockProfiles.map((p) => ev(`${p} profile`, 'DefaultOutboundAction = Block, no allow rule for mstsc.exe')),
    ],
    fixes,
  });
});
