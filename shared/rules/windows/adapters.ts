/**
 * The network adapters of this computer that can cut Remote Desktop: an active VPN, and adapters
 * Windows may switch off to save power. Information only, unless the network checks saw trouble.
 */
import { NET_CHECK_IDS } from '../../checks/net';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { NET_CLASS_KEY, nicPowerDataSchema } from '../../checks/windows/nicPower';
import { vpnDataSchema } from '../../checks/windows/vpn';
import { evidence, fix, powershellCommand as ps, psQuote, tryAnotherNetwork } from '../../catalog';
import { fixContext } from '../read';
import type { Rule, RuleInput } from '../types';
import { eachResult, windowsFinding, type WindowsFindingDefinition } from './finding';

/** Did the network checks of this run see trouble on the way (failures, cuts)? */
function networkTrouble(input: RuleInput): boolean {
  return input.checks.some((c) => (c.id === NET_CHECK_IDS.stability || c.id === NET_CHECK_IDS.tcp || c.id === NET_CHECK_IDS.tls) && (c.status === 'fail' || c.status === 'warn'));
}

export const vpnActive: WindowsFindingDefinition = {
  id: 'vpn-active',
  severity: 'info',
  step: 'stability',
  title: 'A VPN is active on this computer',
  plain: 'Your connection goes through a VPN ({names}). VPNs can cut or slow down Remote Desktop (smaller packet sizes, inspection, idle timeouts). If the connection drops while securing, try once with the VPN off when you are on the same network as the computer, or ask IT about the VPN policy for Remote Desktop.',
  detail: 'Adapters: {adapters}. Windows VPN connections: {connections}. A VPN adapter carrying the default route (0.0.0.0/0 or ::/0) sends all traffic through the tunnel.',
};

export const nicPowerSaving: WindowsFindingDefinition = {
  id: 'nic-power-saving',
  severity: 'info',
  step: 'stability',
  title: 'Windows may switch off the network adapter to save power',
  plain: 'Windows is allowed to turn off {adapters} to save power. When it does, connections drop without warning. Switching this off in Device Manager keeps the adapter on.',
  detail: 'Get-NetAdapterPowerManagement AllowComputerToTurnOffDevice / PnPCapabilities under {classKey}\\NNNN: {values}. PnPCapabilities = 24 (0x18) stops Windows turning the device off (takes effect after a restart of the adapter or the computer).',
};

export const vpnRule: Rule = eachResult(WINDOWS_CHECK_IDS.vpn, vpnDataSchema, ({ check, data }, input) => {
  if (!data.vpnActive) return null;
  const ctx = fixContext(input);
  const vpnAdapters = data.adapters.filter((a) => a.isVpn);
  return windowsFinding(input, vpnActive, {
    ctx,
    severity: networkTrouble(input) ? 'warning' : 'info',
    vars: {
      names: data.activeVpnNames.join(', '),
      adapters: vpnAdapters.map((a) => `${a.name} (${a.interfaceDescription}, ${a.status}${a.carriesDefaultRoute ? ', default route' : ''})`).join('; ') || 'none recognised',
      connections: data.connections.map((c) => `${c.name} to ${c.serverAddress}: ${c.status}${c.splitTunneling === null ? '' : c.splitTunneling ? ', split tunnel' : ', full tunnel'}`).join('; ') || 'none',
    },
    evidence: [
      ...vpnAdapters.map((a) => evidence('VPN adapter', `${a.name}: ${a.interfaceDescription} (${a.vpnProduct ?? 'VPN'}), ${a.status}${a.carriesDefaultRoute ? ', carries the default route' : ''}`, check.id)),
      ...data.connections.filter((c) => c.status.toLowerCase() === 'connected').map((c) => evidence('VPN connection', `${c.name} (${c.serverAddress}) ${c.status}`, check.id)),
    ],
    fixes: [
      fix(ctx, {
        id: 'try-without-vpn',
        title: 'Try once without the VPN (only on the same network)',
        plain: 'If you are in the same office or network as the remote computer, disconnect the VPN and try once. If you are elsewhere, keep the VPN and ask IT whether its policy lets Remote Desktop through.',
        where: 'client',
        invasiveness: 'none',
        risk: 'Without the VPN, company computers are usually not reachable from outside: this test only makes sense on the same network.',
        steps: ['Disconnect the VPN from its app.', 'Run the check again.', 'Reconnect the VPN afterwards.'],
        commands: [ps('Show VPN adapters and connections', 'Get-NetAdapter | Format-Table Name, InterfaceDescription, Status\nGet-VpnConnection | Format-Table Name, ServerAddress, ConnectionStatus, SplitTunneling')],
      }),
      tryAnotherNetwork(ctx),
    ],
  });
});

export const nicPowerRule: Rule = eachResult(WINDOWS_CHECK_IDS.nicPower, nicPowerDataSchema, ({ check, data }, input) => {
  const risky = data.adapters.filter((a) => a.powerSavingAllowed === true && a.carriesDefaultRoute);
  if (risky.length === 0) return null;
  const ctx = fixContext(input);
  const commands = risky
    .filter((a) => a.classSubkey && /^\d{4}$/.test(a.classSubkey))
    .map((a) => ps(`Keep "${a.name}" powered (as administrator, then restart)`, `Set-ItemProperty -Path ${psQuote(`HKLM:${NET_CLASS_KEY.replace(/^HKLM/, '')}\\${a.classSubkey}`)} -Name PnPCapabilities -Value 24 -Type DWord`));
  return windowsFinding(input, nicPowerSaving, {
    ctx,
    severity: networkTrouble(input) ? 'warning' : 'info',
    vars: {
      adapters: risky.map((a) => `"${a.name}"`).join(', '),
      classKey: NET_CLASS_KEY,
      values: data.adapters.map((a) => `${a.name}: AllowComputerToTurnOffDevice=${a.allowComputerToTurnOffDevice ?? 'unreadable'}, PnPCapabilities=${a.pnpCapabilities ?? 'not set'}${a.classSubkey ? ` (${a.classSubkey})` : ''}`).join('; '),
    },
    evidence: risky.map((a) => evidence(`Adapter ${a.name}`, `${a.interfaceDescription}: AllowComputerToTurnOffDevice=${a.allowComputerToTurnOffDevice ?? 'unreadable'}, PnPCapabilities=${a.pnpCapabilities ?? 'not set'}`, check.id)),
    fixes: [
      fix(ctx, {
        id: 'disable-nic-power-saving',
        title: 'Stop Windows from turning the network adapter off',
        plain: 'In Device Manager, untick "Allow the computer to turn off this device to save power" for your network adapter.',
        where: 'client',
        invasiveness: 'low',
        risk: 'The adapter uses a little more power (matters on battery). The change applies after the adapter or the computer restarts.',
        steps: [
          'Press Win+X and select Device Manager.',
          `Open Network adapters, right-click ${risky[0]!.interfaceDescription || risky[0]!.name} and select Properties.`,
          'Open the Power Management tab.',
          'Untick "Allow the computer to turn off this device to save power" and select OK.',
        ],
        commands,
        illustration: 'nic-power-management',
      }),
    ],
  });
});
