/**
 * enable-firewall-rules: let Remote Desktop in through Windows Firewall on this computer.
 * Port 3389: enable the built-in rules RemoteDesktop-UserMode-In-TCP/UDP (by Name: display names are
 * localized) and, for a requested profile those rules do not cover, add our own rule.
 * Another PortNumber: add RDPDoctor-RemoteDesktop-In-TCP/UDP-<port> for the requested profiles.
 * Undo puts the built-in rules back as they were and removes the rules we created.
 */
import { z } from 'zod';
import { REMOTE_DESKTOP_RULE_NAMES, coverageInUse, type FirewallProfileName, type ServerFirewallData } from '../../shared/checks/windows/firewall';
import { enableFirewallRules } from '../../shared/catalog';
import { serverFirewallCheck } from '../checks/windows/serverChecks';
import { jsonArray, profileList, runElevatedFixScript, windowsChange } from './common';
import type { FixChange } from './types';

const params = z.object({
  /** Comma-separated: Domain,Private,Public. Default: the profiles in use that are closed (or all). */
  profiles: z
    .string()
    .regex(/^(Domain|Private|Public)(,(Domain|Private|Public)){0,2}$/, 'Profiles are Domain, Private and/or Public, comma-separated.')
    .optional(),
});
type Params = z.infer<typeof params>;

const undoSchema = z.object({
  port: z.number(),
  profiles: jsonArray(z.enum(['Domain', 'Private', 'Public'])),
  before: jsonArray(z.object({ name: z.string(), enabled: z.string(), profile: z.string().optional() })),
  created: jsonArray(z.string()),
});

const RISK =
  'Allows incoming Remote Desktop connections through Windows Firewall on this computer for the chosen network profiles (only accounts allowed to use Remote Desktop can sign in). It does not change other firewalls (router, company firewall, cloud security group). Undo restores the rules as they were.';

const ALL: FirewallProfileName[] = ['Domain', 'Private', 'Public'];

/** The profiles to open: asked for, else the closed ones in use, else every closed one, else all. */
export function chooseProfiles(p: Params, data: ServerFirewallData | null): FirewallProfileName[] {
  const asked = profileList(p.profiles);
  if (asked.length > 0) return asked;
  if (!data) return ALL;
  const closed = coverageInUse(data)
    .filter((c) => !c.open)
    .map((c) => c.profile);
  if (closed.length > 0) return closed;
  const anyClosed = data.coverage.filter((c) => !c.open).map((c) => c.profile);
  return anyClosed.length > 0 ? anyClosed : ALL;
}

/** What the apply script will do, computed from the same facts it reads. */
export function plannedChanges(port: number, profiles: FirewallProfileName[], data: ServerFirewallData | null): FixChange[] {
  const changes: FixChange[] = [];
  const covered = new Set<FirewallProfileName>();
  if (port === 3389) {
    for (const name of REMOTE_DESKTOP_RULE_NAMES) {
      const rule = data?.remoteDesktopRules.find((r) => r.name === name);
      if (data && !rule) continue;
      if (rule && name.endsWith('TCP')) rule.profiles.forEach((p) => covered.add(p));
      changes.push({
        description: `Enable the built-in rule "${rule?.displayName ?? name}"`,
        location: `Windows Firewall inbound rule ${name}`,
        before: rule ? `${rule.enabled ? 'enabled' : 'disabled'} (profiles ${rule.profiles.join('/')}, ${rule.protocol} port ${rule.localPorts.join(',')})` : 'unknown',
        after: 'enabled',
      });
    }
    if (!data) ALL.forEach((p) => covered.add(p));
  }
  const missing = profiles.filter((p) => !covered.has(p));
  if (missing.length > 0) {
    for (const proto of ['TCP', 'UDP']) {
      changes.push({
        description: `Add an inbound rule allowing ${proto} port ${port} for the ${missing.join('/')} profile${missing.length > 1 ? 's' : ''}`,
        location: `Windows Firewall inbound rule RDPDoctor-RemoteDesktop-In-${proto}-${port}`,
        before: 'absent',
        after: `Allow ${proto} ${port} (${missing.join(', ')})`,
      });
    }
  }
  return changes;
}

export const enableFirewallRulesFix = windowsChange({
  id: 'enable-firewall-rules',
  title: 'Allow Remote Desktop through Windows Firewall on this computer',
  params,
  words: (p) => ({ vars: { profiles: profileList(p.profiles).join(', ') || 'in use' } }),
  // By hand: the script apply runs, for the same profiles (it reads the listener's port itself).
  manual: (p, here) => ({ commands: enableFirewallRules(here, chooseProfiles(p, null)).commands, risk: RISK }),
  state: { firewall: serverFirewallCheck },
  plan(p, { firewall: { data } }, _manual, here) {
    const port = data?.listenerPort ?? 3389;
    const profiles = chooseProfiles(p, data);
    // The commands for the profiles chosen from what was read.
    const commands = enableFirewallRules(here, profiles).commands;
    if (data && profiles.every((profile) => data.coverage.find((c) => c.profile === profile)?.open)) {
      return { notNeeded: `Remote Desktop is already allowed in on port ${port} for ${profiles.join('/')}: nothing to change.`, commands };
    }
    return { changes: plannedChanges(port, profiles, data), commands };
  },
  undoRecord: undoSchema,
  changedSomething: (u) => u.before.length > 0 || u.created.length > 0,
  async apply(p, ctx, readState) {
    const profiles = chooseProfiles(p, (await readState()).firewall.data);
    const out = await runElevatedFixScript(ctx, 'fix-firewall-apply', { undoId: ctx.undoId, profiles }, undoSchema);
    const parts = [
      ...out.before.filter((b) => b.name.startsWith('RemoteDesktop-') && out.port === 3389).map((b) => `enabled ${b.name}${b.enabled === 'True' ? ' (was already on)' : ''}`),
      ...out.created.map((c) => `added ${c}`),
    ];
    return { message: `Windows Firewall: ${parts.join(', ') || 'no change was needed'} (port ${out.port}, ${out.profiles.join('/')}).`, undo: out };
  },
  verify(p, { firewall: { data } }) {
    const profiles = profileList(p.profiles);
    const wanted = profiles.length > 0 ? profiles : data.activeProfiles.length > 0 ? data.activeProfiles : ALL;
    return { passed: wanted.every((w) => data.coverage.find((c) => c.profile === w)?.open === true) };
  },
  async undo(u, ctx) {
    const out = await runElevatedFixScript(ctx, 'fix-firewall-undo', { before: u.before, created: u.created }, z.object({ restored: jsonArray(z.string()) }));
    return { message: `Windows Firewall restored: ${out.restored.join(', ') || 'nothing to restore'}.` };
  },
});
