/**
 * Listener settings on this computer, through the documented WMI methods of
 * root\cimv2\TerminalServices (they update the registry and the running listener together):
 *  - set-nla: Win32_TSGeneralSetting.SetUserAuthenticationRequired
 *  - set-security-layer: Win32_TSGeneralSetting.SetSecurityLayer
 *  - enable-rdp: Win32_TerminalServiceSetting.SetAllowTSConnections(1, 1) (also opens the firewall group)
 *  - start-termservice: start TermService / SessionEnv / UmRdpService (Manual when Disabled)
 * A Group Policy value wins over these settings: then the fix is not applicable and says so.
 * Undo writes the value read before the change.
 */
import { z } from 'zod';
import { REMOTE_DESKTOP_FIREWALL_GROUP, type ServerFirewallData } from '../../shared/checks/windows/firewall';
import { LISTENER_KEY, SECURITY_LAYER_NAMES, TERMINAL_SERVER_KEY, TS_POLICY_KEY, type ListenerSettingsData } from '../../shared/checks/windows/listener';
import { enableRdp, setNla, setSecurityLayer, startTermService } from '../../shared/catalog';
import { rdpListenerCheck, serverFirewallCheck, servicesCheck } from '../checks/windows/serverChecks';
import { jsonArray, runElevatedFixScript, windowsChange } from './common';
import type { FixChange } from './types';

const WMI_TS = "Win32_TSGeneralSetting (root\\cimv2\\TerminalServices, TerminalName='RDP-Tcp')";

// ---- set-nla ------------------------------------------------------------------------------------------------

const nlaParams = z.object({ required: z.boolean() });
const nlaOutput = z.object({ before: z.number().int(), after: z.number().int() });

export const setNlaFix = windowsChange({
  id: 'set-nla',
  title: 'Change whether Network Level Authentication is required',
  params: nlaParams,
  words: (p) => ({ variants: [p.required ? 'required' : 'notRequired'] }),
  manual: (p, here) => setNla(here, p.required),
  state: { listener: rdpListenerCheck },
  plan(p, { listener: { data } }) {
    if (data?.policy.userAuthentication !== null && data?.policy.userAuthentication !== undefined) {
      return { notNeeded: `A Group Policy sets UserAuthentication = ${data.policy.userAuthentication} (${TS_POLICY_KEY}): change the policy ("Require user authentication for remote connections by using Network Level Authentication") instead.` };
    }
    const current = data?.wmi?.userAuthenticationRequired ?? data?.registry.userAuthentication ?? null;
    if (current !== null && (current !== 0) === p.required) return { notNeeded: `Network Level Authentication is already ${p.required ? 'required' : 'not required'}.` };
    return { changes: [{ description: p.required ? 'Require Network Level Authentication' : 'Stop requiring Network Level Authentication', location: `${WMI_TS} / ${LISTENER_KEY}\\UserAuthentication`, before: current === null ? 'unknown' : String(current), after: p.required ? '1' : '0' }] };
  },
  undoRecord: nlaOutput,
  async apply(p, ctx) {
    const out = await runElevatedFixScript(ctx, 'fix-set-nla', { required: p.required }, nlaOutput);
    return { message: `Network Level Authentication is now ${out.after === 1 ? 'required' : 'not required'} (was ${out.before === 0 ? 'not required' : 'required'}). It applies to new connections.`, undo: out };
  },
  verify(p, { listener: { data } }) {
    const live = data.wmi?.userAuthenticationRequired ?? data.registry.userAuthentication;
    return { passed: live !== null && (live !== 0) === p.required };
  },
  async undo(u, ctx) {
    await runElevatedFixScript(ctx, 'fix-set-nla', { required: u.before !== 0 }, nlaOutput);
    return { message: `Network Level Authentication is back to ${u.before !== 0 ? 'required' : 'not required'}.` };
  },
});

// ---- set-security-layer ----------------------------------------------------------------------------------

const layerParams = z.object({ securityLayer: z.union([z.literal(0), z.literal(1), z.literal(2)]) });
const layerOutput = z.object({ before: z.number().int(), after: z.number().int() });

/** What setting a layer other than Negotiate risks (Negotiate's risk is the catalogue's). */
const LAYER_RISK: Partial<Record<0 | 1 | 2, string>> = {
  0: 'Weakens security: connections are no longer protected by TLS, and clients that require TLS (or NLA) cannot connect. Only as a temporary test.',
  2: 'Clients that cannot do TLS (very old ones) can no longer connect. TLS needs a usable certificate on this computer. A Group Policy wins over this setting.',
};

const layerName = (n: number | null | undefined) => (n === null || n === undefined ? 'unknown' : `${n} (${SECURITY_LAYER_NAMES[n] ?? 'unknown'})`);

export const setSecurityLayerFix = windowsChange({
  id: 'set-security-layer',
  title: 'Change the Remote Desktop security layer',
  params: layerParams,
  manual: (p, here) => {
    const base = setSecurityLayer(here, p.securityLayer);
    return { commands: base.commands, risk: LAYER_RISK[p.securityLayer] ?? base.risk };
  },
  state: { listener: rdpListenerCheck },
  plan(p, { listener: { data } }) {
    if (data?.policy.securityLayer !== null && data?.policy.securityLayer !== undefined) {
      return { notNeeded: `A Group Policy sets SecurityLayer = ${data.policy.securityLayer} (${TS_POLICY_KEY}): change the policy ("Require use of specific security layer for remote (RDP) connections") instead.` };
    }
    const current = data?.wmi?.securityLayer ?? data?.registry.securityLayer ?? null;
    if (current === p.securityLayer) return { notNeeded: `The security layer is already ${layerName(current)}.` };
    return { changes: [{ description: `Set the security layer to ${layerName(p.securityLayer)}`, location: `${WMI_TS} / ${LISTENER_KEY}\\SecurityLayer`, before: layerName(current), after: layerName(p.securityLayer) }] };
  },
  undoRecord: layerOutput,
  async apply(p, ctx) {
    const out = await runElevatedFixScript(ctx, 'fix-set-security-layer', { securityLayer: p.securityLayer }, layerOutput);
    return { message: `The security layer is now ${layerName(out.after)} (was ${layerName(out.before)}). It applies to new connections.`, undo: out };
  },
  verify(p, { listener: { data } }) {
    return { passed: (data.wmi?.securityLayer ?? data.registry.securityLayer) === p.securityLayer };
  },
  async undo(u, ctx) {
    if (u.before !== 0 && u.before !== 1 && u.before !== 2) return { message: `The previous value ${u.before} is not a valid security layer; nothing was changed.` };
    await runElevatedFixScript(ctx, 'fix-set-security-layer', { securityLayer: u.before }, layerOutput);
    return { message: `The security layer is back to ${layerName(u.before)}.` };
  },
});

// ---- enable-rdp -------------------------------------------------------------------------------------------

const ruleState = z.object({ name: z.string(), enabled: z.string() });
/** changed: the script made the WMI call (a record printed before it, from a failed change, names nothing to undo). */
const enableOutput = z.object({ beforeDeny: z.number().int().nullable(), rules: jsonArray(ruleState), changed: z.boolean().optional() });

/** SetAllowTSConnections(1, 1) enables every rule of the Remote Desktop group: each one, when the firewall check could list them. */
function groupRuleChanges(firewall: ServerFirewallData | null): FixChange[] {
  if (!firewall) return [{ description: `Enable the Remote Desktop firewall rules (group ${REMOTE_DESKTOP_FIREWALL_GROUP})`, location: 'Windows Firewall', before: 'as they are now', after: 'enabled' }];
  return firewall.remoteDesktopRules
    .filter((r) => r.group === REMOTE_DESKTOP_FIREWALL_GROUP)
    .map((r) => ({ description: `Enable the Remote Desktop firewall rule "${r.displayName}"`, location: `Windows Firewall inbound rule ${r.name}`, before: r.enabled ? 'enabled' : 'disabled', after: 'enabled' }));
}

function rdpState(data: ListenerSettingsData | null): string {
  if (!data) return 'unknown';
  return `fDenyTSConnections ${data.registry.fDenyTSConnections ?? 'not set'}${data.wmi?.allowTsConnections !== null && data.wmi?.allowTsConnections !== undefined ? `, AllowTSConnections ${data.wmi.allowTsConnections}` : ''}`;
}

export const enableRdpFix = windowsChange({
  id: 'enable-rdp',
  title: 'Turn on Remote Desktop on this computer',
  manual: (_p, here) => enableRdp(here),
  state: { listener: rdpListenerCheck, firewall: serverFirewallCheck },
  // The firewall rules are shown in the preview; what turns Remote Desktop on is the listener's state.
  verifies: ['listener'],
  plan(_p, { listener: { data }, firewall }) {
    if (data?.policy.fDenyTSConnections === 1) return { notNeeded: `A Group Policy turns Remote Desktop off (${TS_POLICY_KEY}\\fDenyTSConnections = 1): only the policy can turn it on.` };
    if (data?.effective.rdpEnabled) return { notNeeded: 'Remote Desktop is already turned on.' };
    return {
      changes: [
        { description: 'Allow Remote Desktop connections', location: `Win32_TerminalServiceSetting.SetAllowTSConnections / ${TERMINAL_SERVER_KEY}\\fDenyTSConnections`, before: rdpState(data), after: 'fDenyTSConnections 0' },
        ...groupRuleChanges(firewall.data),
      ],
    };
  },
  undoRecord: enableOutput,
  // The script prints the state it read before the WMI call (changed: true once it made it).
  changedSomething: (u) => u.changed === true,
  async apply(_p, ctx) {
    const out = await runElevatedFixScript(ctx, 'fix-enable-rdp', {}, enableOutput);
    return { message: 'Remote Desktop is turned on and its firewall rules are enabled.', undo: out };
  },
  verify(_p, { listener: { data } }) {
    return { passed: data.effective.rdpEnabled };
  },
  async undo(u, ctx) {
    await runElevatedFixScript(ctx, 'fix-enable-rdp-undo', { beforeDeny: u.beforeDeny, rules: u.rules }, z.object({ rules: jsonArray(z.string()) }));
    return { message: u.beforeDeny === 0 ? 'The firewall rules are back as they were (Remote Desktop was already on before).' : 'Remote Desktop is turned off again and its firewall rules are back as they were.' };
  },
});

// ---- start-termservice ------------------------------------------------------------------------------------

const startOutput = z.object({ before: jsonArray(z.object({ name: z.string(), status: z.string(), startType: z.string() })) });

export const startTermServiceFix = windowsChange({
  id: 'start-termservice',
  manual: (_p, here) => startTermService(here),
  state: { services: servicesCheck },
  plan(_p, { services: { data } }) {
    const present = data?.services.filter((s) => s.exists) ?? [];
    if (data && !present.some((s) => s.name === 'TermService')) return { notNeeded: 'Remote Desktop Services (TermService) is not installed on this computer.' };
    const todo = data ? present.filter((s) => s.status !== 'Running' || s.startType === 'Disabled') : [];
    if (data && todo.length === 0) return { notNeeded: 'The Remote Desktop services are already running.' };
    const changes: FixChange[] = data
      ? todo.flatMap((s) => [
          ...(s.startType === 'Disabled' ? [{ description: `Set ${s.name} to start manually`, location: `Service ${s.name}`, before: 'Disabled', after: 'Manual' }] : []),
          ...(s.status !== 'Running' ? [{ description: `Start ${s.displayName ?? s.name}`, location: `Service ${s.name}`, before: s.status ?? 'unknown', after: 'Running' }] : []),
        ])
      : [{ description: 'Start TermService, SessionEnv and UmRdpService (Manual start type when Disabled)', location: 'Services', before: 'unknown', after: 'Running' }];
    return { changes };
  },
  undoRecord: startOutput,
  changedSomething: (u) => u.before.length > 0,
  async apply(_p, ctx) {
    const out = await runElevatedFixScript(ctx, 'fix-start-services', {}, startOutput);
    return { message: `Started: ${out.before.filter((b) => b.status !== 'Running').map((b) => b.name).join(', ') || 'nothing (already running)'}.`, undo: out };
  },
  verify(_p, { services: { data } }) {
    return { passed: data.services.find((s) => s.name === 'TermService')?.status === 'Running' };
  },
  async undo(u, ctx) {
    const out = await runElevatedFixScript(ctx, 'fix-start-services-undo', { before: u.before }, z.object({ restored: jsonArray(z.string()) }));
    return { message: `Services back as they were: ${out.restored.join(', ') || 'none'}.` };
  },
});
