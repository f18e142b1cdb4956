/**
 * The network adapters of this computer that can cut Remote Desktop: an active VPN, and adapters
 * Windows may switch off to save power. Information only, unless the network checks saw trouble.
 */
import { NET_CHECK_IDS } from '../../checks/net';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { NET_CLASS_KEY, nicPowerDataSchema } from '../../checks/windows/nicPower';
import { vpnDataSchema } from '../../checks/windows/vpn';
import { tryAnotherNetwork } from '../../catalog';
import { disableNicPowerSaving, tryWithoutVpn } from '../../catalog/windowsManualFixes';
import type { Rule, RuleInput } from '../types';
import { eachResult, windowsFindingDefinition } from './finding';

/** Did the network checks of this run see trouble on the way (failures, cuts)? */
function networkTrouble(input: RuleInput): boolean {
  return input.checks.some((c) => (c.id === NET_CHECK_IDS.stability || c.id === NET_CHECK_IDS.tcp || c.id === NET_CHECK_IDS.tls) && (c.status === 'fail' || c.status === 'warn'));
}

export const vpnActive = windowsFindingDefinition('vpn-active', 'info', 'stability');

export const nicPowerSaving = windowsFindingDefinition('nic-power-saving', 'info', 'stability');

export const vpnRule: Rule = eachResult(WINDOWS_CHECK_IDS.vpn, vpnDataSchema, ({ data, input, ctx, ev, found }) => {
  if (!data.vpnActive) return null;
  const vpnAdapters = data.adapters.filter((a) => a.isVpn);
  return found(vpnActive, {
    severity: networkTrouble(input) ? 'warning' : 'info',
    vars: {
      names: data.activeVpnNames.join(', '),
      adapters: vpnAdapters.map((a) => `${a.name} (${a.interfaceDescription}, ${a.status}${a.carriesDefaultRoute ? ', default route' : ''})`).join('; ') || 'none recognised',
      connections: data.connections.map((c) => `${c.name} to ${c.serverAddress}: ${c.status}${c.splitTunneling === null ? '' : c.splitTunneling ? ', split tunnel' : ', full tunnel'}`).join('; ') || 'none',
    },
    evidence: [
      ...vpnAdapters.map((a) => ev('VPN adapter', `${a.name}: ${a.interfaceDescription} (${a.vpnProduct ?? 'VPN'}), ${a.status}${a.carriesDefaultRoute ? ', carries the default route' : ''}`)),
      ...data.connections.filter((c) => c.status.toLowerCase() === 'connected').map((c) => ev('VPN connection', `${c.name} (${c.serverAddress}) ${c.status}`)),
    ],
    fixes: [
      tryWithoutVpn(ctx),
      tryAnotherNetwork(ctx),
    ],
  });
});

export const nicPowerRule: Rule = eachResult(WINDOWS_CHECK_IDS.nicPower, nicPowerDataSchema, ({ data, input, ctx, ev, found }) => {
  const risky = data.adapters.filter((a) => a.powerSavingAllowed === true && a.carriesDefaultRoute);
  if (risky.length === 0) return null;
  return found(nicPowerSaving, {
    severity: networkTrouble(input) ? 'warning' : 'info',
    vars: {
      adapters: risky.map((a) => `"${a.name}"`).join(', '),
      classKey: NET_CLASS_KEY,
      values: data.adapters.map((a) => `${a.name}: AllowComputerToTurnOffDevice=${a.allowComputerToTurnOffDevice ?? 'unreadable'}, PnPCapabilities=${a.pnpCapabilities ?? 'not set'}${a.classSubkey ? ` (${a.classSubkey})` : ''}`).join('; '),
    },
    evidence: risky.map((a) => ev(`Adapter ${a.name}`, `${a.interfaceDescription}: AllowComputerToTurnOffDevice=${a.allowComputerToTurnOffDevice ?? 'unreadable'}, PnPCapabilities=${a.pnpCapabilities ?? 'not set'}`)),
    fixes: [
      disableNicPowerSaving(ctx, risky),
    ],
  });
});
