/**
 * The Remote Desktop listener's settings on this computer: Remote Desktop switched off, security
 * settings that contradict each other or offer only the old RDP security, and Group Policy deciding them.
 */
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { ENCRYPTION_LEVEL_NAMES, LISTENER_KEY, SECURITY_LAYER_NAMES, TERMINAL_SERVER_KEY, TS_POLICY_KEY, listenerSettingsDataSchema } from '../../checks/windows/listener';
import { enableRdp, setNla, setSecurityLayer } from '../../catalog';
import type { Finding } from '../../model';
import { changeRdpPolicy } from '../../catalog/windowsManualFixes';
import type { Rule } from '../types';
import { eachResult, windowsFindingDefinition } from './finding';

export const rdpDisabled = windowsFindingDefinition('rdp-disabled', 'error', 'reachability');

export const listenerSecurityInconsistent = windowsFindingDefinition('listener-security-inconsistent', 'error', 'security');

export const listenerRdpSecurityOnly = windowsFindingDefinition('listener-rdp-security-only', 'warning', 'security');

export const nlaPolicyOverride = windowsFindingDefinition('nla-policy-override', 'info', 'security');

export const listenerSettingsRule: Rule = eachResult(WINDOWS_CHECK_IDS.rdpListener, listenerSettingsDataSchema, ({ data, ctx, ev, found }) => {
  if (data.edition?.home) return null; // windows-home-cannot-host says it: no setting helps on Home
  const out: Finding[] = [];
  const e = data.effective;
    const settingEvidence = [
    ev('fDenyTSConnections', `listener ${data.registry.fDenyTSConnections ?? 'not set'}, policy ${data.policy.fDenyTSConnections ?? 'not set'}, WMI AllowTSConnections ${data.wmi?.allowTsConnections ?? 'unreadable'}`),
    ev('UserAuthentication (NLA)', `listener ${data.registry.userAuthentication ?? 'not set'}, policy ${data.policy.userAuthentication ?? 'not set'}, WMI ${data.wmi?.userAuthenticationRequired ?? 'unreadable'}`),
    ev('SecurityLayer', `listener ${data.registry.securityLayer ?? 'not set'}, policy ${data.policy.securityLayer ?? 'not set'}, WMI ${data.wmi?.securityLayer ?? 'unreadable'}`),
    ev('PortNumber', String(e.port)),
  ];
  if (!e.rdpEnabled) {
    const byPolicy = e.rdpEnabledSource === 'policy';
    out.push(
      found(rdpDisabled, {
        vars: {
          byPolicy: byPolicy ? ' by a Group Policy' : '',
          tsKey: TERMINAL_SERVER_KEY,
          policyKey: TS_POLICY_KEY,
          listener: String(data.registry.fDenyTSConnections ?? 'not set'),
          policy: String(data.policy.fDenyTSConnections ?? 'not set'),
          wmi: String(data.wmi?.allowTsConnections ?? 'unreadable'),
        },
        evidence: settingEvidence,
        fixes: byPolicy
          ? [
              changeRdpPolicy(ctx),
            ]
          : [enableRdp(ctx)],
      }),
    );
  }
  if (e.securityLayer === 0 && e.nlaRequired === true) {
    out.push(
      found(listenerSecurityInconsistent, {
        vars: { layerSource: e.securityLayerSource, nlaSource: e.nlaSource, listenerKey: LISTENER_KEY, policyKey: TS_POLICY_KEY },
        evidence: settingEvidence,
        fixes: e.securityLayerSource === 'policy' ? [] : [setSecurityLayer(ctx, 1), setNla(ctx, false)],
      }),
    );
  } else if (e.securityLayer === 0) {
    out.push(
      found(listenerRdpSecurityOnly, {
        vars: { source: e.securityLayerSource, encryption: e.minEncryptionLevel === null ? 'not set' : `${e.minEncryptionLevel} (${ENCRYPTION_LEVEL_NAMES[e.minEncryptionLevel] ?? 'unknown'})` },
        evidence: settingEvidence,
        fixes: e.securityLayerSource === 'policy' ? [] : [setSecurityLayer(ctx, 1)],
      }),
    );
  }
  if (data.policyOverrides.length > 0) {
    const names = data.policyOverrides.map((o) => o.setting);
    out.push(
      found(nlaPolicyOverride, {
        vars: {
          settings: names.join(', '),
          policyKey: TS_POLICY_KEY,
          listenerKey: LISTENER_KEY,
          overrides: data.policyOverrides.map((o) => `${o.setting} = ${o.policy} (listener: ${o.listener ?? 'not set'}${o.setting === 'SecurityLayer' ? `; ${SECURITY_LAYER_NAMES[o.policy] ?? ''}` : ''})`).join('; '),
        },
        evidence: data.policyOverrides.map((o) => ev(`Policy ${o.setting}`, `${TS_POLICY_KEY}\\${o.setting} = ${o.policy}; listener value ${o.listener ?? 'not set'}`)),
        fixes: [],
      }),
    );
  }
  return out;
});
