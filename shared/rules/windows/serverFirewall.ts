/**
 * Windows Firewall on this computer does not let Remote Desktop in: its rules are off on the network
 * profile in use, or Remote Desktop listens on a port the rules do not allow.
 */
import { coverageInUse, serverFirewallDataSchema } from '../../checks/windows/firewall';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { LISTENER_KEY } from '../../checks/windows/listener';
import { enableFirewallRules, powershellCommand as ps } from '../../catalog';
import type { Rule } from '../types';
import { eachResult, windowsFindingDefinition } from './finding';

export const serverFirewallRuleOff = windowsFindingDefinition('server-firewall-rule-off', 'error', 'reachability');

export const listenerPortFirewallMismatch = windowsFindingDefinition('listener-port-firewall-mismatch', 'error', 'reachability');

export const serverFirewallRule: Rule = eachResult(WINDOWS_CHECK_IDS.serverFirewall, serverFirewallDataSchema, ({ data, ctx, ev, found }) => {
  const closed = coverageInUse(data).filter((c) => !c.open);
  if (closed.length === 0) return null;
  // Closed only because a policy ignores the local rules: firewall-local-rules-ignored says it (enabling rules here would not help).
  if (closed.every((c) => c.localIgnored.length > 0)) return null;
  const tcpRule = data.remoteDesktopRules.find((r) => r.name === 'RemoteDesktop-UserMode-In-TCP');
  const rulePorts = tcpRule ? tcpRule.localPorts.join(',') : '3389';
  const portMoved = data.listenerPort !== 3389 && !(tcpRule && tcpRule.localPorts.some((p) => p === String(data.listenerPort)));
  const evidenceList = [
    ...data.remoteDesktopRules.map((r) => ev(`Rule ${r.name}`, `"${r.displayName}": ${r.enabled ? 'enabled' : 'disabled'}, ${r.action}, ${r.protocol} local port ${r.localPorts.join(',')}, profiles ${r.profiles.join('/')}, source ${r.source}`)),
    ...data.coverage.map((c) => ev(`${c.profile} profile`, `${c.open ? 'open' : 'closed'}: firewall ${c.firewallOn === null ? 'unknown' : c.firewallOn ? 'on' : 'off'}, allowed by ${c.allowedBy.join(', ') || 'no rule'}${c.blockedBy.length > 0 ? `, blocked by ${c.blockedBy.join(', ')}` : ''}`)),
  ];
  const enable = { ...enableFirewallRules(ctx), params: { profiles: closed.map((c) => c.profile).join(',') } };
  if (portMoved) {
    return found(listenerPortFirewallMismatch, {
      vars: { port: data.listenerPort, rulePorts, listenerKey: LISTENER_KEY },
      evidence: [ev('Listener PortNumber', String(data.listenerPort)), ...evidenceList],
      fixes: [
        {
          ...enable,
          title: `Allow port ${data.listenerPort} through the firewall`,
          plain: `Add an inbound firewall rule for TCP and UDP port ${data.listenerPort}, the port Remote Desktop uses on this computer.`,
          commands: [
            ps(
              `Allow TCP/UDP ${data.listenerPort} in (as administrator)`,
              `New-NetFirewallRule -Name 'RDPDoctor-RemoteDesktop-In-TCP-${data.listenerPort}' -DisplayName 'Remote Desktop (port ${data.listenerPort})' -Direction Inbound -Protocol TCP -LocalPort ${data.listenerPort} -Action Allow\nNew-NetFirewallRule -Name 'RDPDoctor-RemoteDesktop-In-UDP-${data.listenerPort}' -DisplayName 'Remote Desktop (port ${data.listenerPort}, UDP)' -Direction Inbound -Protocol UDP -LocalPort ${data.listenerPort} -Action Allow`,
            ),
          ],
        },
      ],
    });
  }
  return found(serverFirewallRuleOff, {
    vars: {
      profiles: closed.map((c) => c.profile).join('/'),
      port: data.listenerPort,
      rules: data.remoteDesktopRules.map((r) => `${r.name} ${r.enabled ? 'enabled' : 'disabled'} (${r.profiles.join('/')}, port ${r.localPorts.join(',')})`).join('; ') || 'none found',
      coverage: data.coverage.map((c) => `${c.profile} ${c.open ? 'open' : 'closed'}`).join(', '),
      active: data.activeProfiles.join(', ') || 'unknown',
    },
    evidence: evidenceList,
    fixes: [enable],
  });
});
