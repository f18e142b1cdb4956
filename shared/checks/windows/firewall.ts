/**
 * Windows Firewall as the firewall checks read it: profiles and rules, the client check (outbound
 * rules that stop mstsc.exe or the port) and the server check (inbound rules that let Remote Desktop
 * in), and the port/protocol matching both use.
 */
import { z } from 'zod';
import { sectionProblemsSchema } from './ids';

export const FIREWALL_PROFILES = ['Domain', 'Private', 'Public'] as const;
export const firewallProfileNameSchema = z.enum(FIREWALL_PROFILES);
export type FirewallProfileName = z.infer<typeof firewallProfileNameSchema>;

export const firewallProfileSchema = z.object({
  name: firewallProfileNameSchema,
  /** null: not configured in this store. */
  enabled: z.boolean().nullable(),
  defaultInboundAction: z.enum(['Allow', 'Block', 'NotConfigured']).nullable(),
  defaultOutboundAction: z.enum(['Allow', 'Block', 'NotConfigured']).nullable(),
  /** "Block all incoming connections" switches this off (False). */
  allowInboundRules: z.boolean().nullable(),
  /** Group Policy "Apply local firewall rules: No" makes this False: rules made on this computer are ignored. */
  allowLocalFirewallRules: z.boolean().nullable().default(null),
});
export type FirewallProfile = z.infer<typeof firewallProfileSchema>;

export const firewallRuleSchema = z.object({
  /** Rule Name (stable, not localized), e.g. RemoteDesktop-UserMode-In-TCP. */
  name: z.string(),
  /** Localized display name, for people. */
  displayName: z.string(),
  /** Group as stored (e.g. "@FirewallAPI.dll,-28752" for Remote Desktop): not localized. */
  group: z.string(),
  enabled: z.boolean(),
  direction: z.enum(['Inbound', 'Outbound']),
  action: z.enum(['Allow', 'Block', 'Bypass']),
  /** Domain/Private/Public; all three for "Any". */
  profiles: z.array(firewallProfileNameSchema),
  /** "Any" or a path (may contain %SystemRoot%). */
  program: z.string(),
  /** "Any", "TCP", "UDP" or a protocol number as text. */
  protocol: z.string(),
  localPorts: z.array(z.string()),
  remotePorts: z.array(z.string()),
  remoteAddresses: z.array(z.string()),
  /** Local, GroupPolicy, Dynamic, ... (PolicyStoreSourceType). */
  source: z.string(),
});
export type FirewallRule = z.infer<typeof firewallRuleSchema>;

export const clientFirewallDataSchema = z.object({
  targetPort: z.number(),
  profiles: z.array(firewallProfileSchema),
  /** Profiles of the networks this computer is connected to right now (empty: unknown). */
  activeProfiles: z.array(firewallProfileNameSchema),
  /** Enabled outbound Block rules that stop mstsc.exe or the target port (TCP or UDP). */
  blockingRules: z.array(
    firewallRuleSchema.extend({
      matchedBy: z.enum(['program', 'port', 'all-traffic']),
      /** Limited to some remote addresses: may or may not hit the target. */
      scopedToAddresses: z.boolean(),
      /** Applies to a network profile in use now; null when the profiles in use are unknown. */
      appliesToActiveProfile: z.boolean().nullable(),
    }),
  ),
  /** Enabled outbound Allow rules for mstsc.exe or the port (matter when a profile blocks outbound by default). */
  allowRules: z.array(firewallRuleSchema),
  /** Profiles whose default outbound action is Block with no allow rule for mstsc or the port. */
  defaultBlockProfiles: z.array(firewallProfileNameSchema),
  rulesExamined: z.number(),
  problems: sectionProblemsSchema,
});
export type ClientFirewallData = z.infer<typeof clientFirewallDataSchema>;

export const REMOTE_DESKTOP_FIREWALL_GROUP = '@FirewallAPI.dll,-28752';
export const REMOTE_DESKTOP_RULE_NAMES = ['RemoteDesktop-UserMode-In-TCP', 'RemoteDesktop-UserMode-In-UDP'] as const;

export const serverFirewallDataSchema = z.object({
  /** The listener's PortNumber (3389 when not set). */
  listenerPort: z.number(),
  profiles: z.array(firewallProfileSchema),
  /** Profiles of the networks this computer is connected to right now. */
  activeProfiles: z.array(firewallProfileNameSchema),
  /** Rules of the Remote Desktop group (by group id, not the localized name) and RemoteDesktop-* names. */
  remoteDesktopRules: z.array(firewallRuleSchema),
  /** Other inbound rules whose local port covers the listener port. */
  portRules: z.array(firewallRuleSchema),
  /** Per profile: an enabled inbound Allow rule covers TCP listenerPort, and no enabled Block rule does. */
  coverage: z.array(
    z.object({
      profile: firewallProfileNameSchema,
      firewallOn: z.boolean().nullable(),
      allowedBy: z.array(z.string()),
      blockedBy: z.array(z.string()),
      open: z.boolean(),
      /** Local allow rules that would have opened it, ignored because a policy ignores local rules. */
      localIgnored: z.array(z.string()).default([]),
    }),
  ),
  problems: sectionProblemsSchema,
});
export type ServerFirewallData = z.infer<typeof serverFirewallDataSchema>;

/** The coverage of the network profiles in use (all profiles when which ones are in use is unknown). */
export function coverageInUse(data: Pick<ServerFirewallData, 'activeProfiles' | 'coverage'>): ServerFirewallData['coverage'] {
  return data.activeProfiles.length > 0 ? data.coverage.filter((c) => data.activeProfiles.includes(c.profile)) : data.coverage;
}

/** Does a firewall port list ("Any", "3389", "1000-2000", "RPC" ...) cover this port? */
export function portListCovers(ports: readonly string[], port: number): boolean {
  for (const raw of ports) {
    const p = raw.trim();
    if (p.toLowerCase() === 'any') return true;
    for (const part of p.split(',')) {
      const range = /^(\d+)\s*-\s*(\d+)$/.exec(part.trim());
      if (range) {
        if (Number(range[1]) <= port && port <= Number(range[2])) return true;
      } else if (/^\d+$/.test(part.trim()) && Number(part.trim()) === port) {
        return true;
      }
    }
  }
  return false;
}

/** TCP (6), UDP (17) or Any. */
export function protocolCovers(protocol: string, which: 'TCP' | 'UDP'): boolean {
  const p = protocol.trim().toUpperCase();
  return p === 'ANY' || p === which || (which === 'TCP' && p === '6') || (which === 'UDP' && p === '17');
}
