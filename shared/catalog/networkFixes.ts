/**
 * Fixes for the way between this computer and the remote one: testing the port and the route by hand,
 * what IT checks on the path (firewalls, port forwarding, name records, connection inspection), and
 * packets too big for the path (path MTU: the VPN adapter, the gateway's MSS, measuring by hand).
 * Their words are in fixTexts.json.
 */
import type { FixCommand, FixSuggestion } from '../model';
import { pingCommand, pingCommandText } from '../checks/ping';
import { bashCommand as sh, cmdCommand as cmd, powershellCommand as ps, psQuote } from './commandText';
import { fix, hostOf, type FixContext } from './fix';
import { fixText } from './fixTexts';

export function testPort(ctx: FixContext): FixSuggestion {
  const host = hostOf(ctx);
  const { port } = ctx.target;
  return fix(ctx, {
    ...fixText('test-port', { port }),
    commands: [ps('Test the TCP port', `Test-NetConnection -ComputerName ${psQuote(host)} -Port ${port}`), sh('From macOS or Linux', `nc -vz -w 5 ${host} ${port}`)],
  });
}

export function testRoute(ctx: FixContext): FixSuggestion {
  const host = hostOf(ctx);
  return fix(ctx, {
    ...fixText('test-route'),
    commands: [ps('Trace the route', `Test-NetConnection -ComputerName ${psQuote(host)} -TraceRoute`), cmd('The same with tracert', `tracert -d ${host}`)],
  });
}

export function askNetworkAdmin(ctx: FixContext): FixSuggestion {
  const host = hostOf(ctx);
  const { port } = ctx.target;
  return fix(ctx, {
    ...fixText('ask-network-admin', { port }),
    commands: [ps('What IT can run from an affected network', `Test-NetConnection -ComputerName ${psQuote(host)} -Port ${port} -InformationLevel Detailed`)],
  });
}

export function checkPortForwarding(ctx: FixContext): FixSuggestion {
  return fix(ctx, { ...fixText('check-port-forwarding', { port: ctx.target.port }), commands: [] });
}

export function fixDnsRecord(ctx: FixContext): FixSuggestion {
  const host = hostOf(ctx);
  return fix(ctx, { ...fixText('fix-dns-record', { host }), commands: [ps('Every address the name has', `Resolve-DnsName -Name ${psQuote(host)} -Type A_AAAA -DnsOnly`)] });
}

const SECURITY_PRODUCTS = [
  "Get-CimInstance -Namespace 'root/SecurityCenter2' -ClassName AntiVirusProduct | Format-Table displayName, productState",
  "Get-CimInstance -Namespace 'root/SecurityCenter2' -ClassName FirewallProduct -ErrorAction SilentlyContinue | Format-Table displayName, productState",
].join('\n');

export function checkSecuritySoftware(ctx: FixContext): FixSuggestion {
  return fix(ctx, { ...fixText('check-security-software'), commands: [ps('Installed antivirus and firewall products (Windows desktop editions)', SECURITY_PRODUCTS)] });
}

/** The MTU to set: what crossed, or a safe VPN value when no measurement came with the finding. */
function mtuOf(ctx: FixContext): number {
  return ctx.pathMtu?.mtu ?? 1200;
}

export function lowerVpnMtu(ctx: FixContext): FixSuggestion {
  const mtu = mtuOf(ctx);
  return fix(ctx, {
    ...fixText('lower-vpn-mtu', { mtu }),
    commands: [
      ps('The MTU of each network adapter', 'Get-NetIPInterface -AddressFamily IPv4 | Sort-Object -Property NlMtu | Format-Table -Property InterfaceAlias, NlMtu, ConnectionState'),
      ps(`Set the VPN adapter's MTU to ${mtu} (replace VPN with its name)`, `Set-NetIPInterface -InterfaceAlias 'VPN' -AddressFamily IPv4 -NlMtuBytes ${mtu}`),
      cmd('The same with netsh (kept after a restart)', `netsh interface ipv4 set subinterface "VPN" mtu=${mtu} store=persistent`),
      sh('macOS (replace utun3 with the VPN interface from ifconfig)', `sudo ifconfig utun3 mtu ${mtu}`),
      sh('Linux (replace tun0 with the VPN interface from ip link)', `sudo ip link set dev tun0 mtu ${mtu}`),
    ],
  });
}

export function clampMss(ctx: FixContext): FixSuggestion {
  const mtu = mtuOf(ctx);
  const mss = mtu - 40;
  return fix(ctx, {
    ...fixText('clamp-mss', { mtu, mss }),
    commands: [
      sh('Linux gateway: clamp the MSS of forwarded connections', `iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss ${mss}`),
      sh('Linux gateway: or clamp to the path MTU the gateway knows', 'iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu'),
    ],
  });
}

export function testPathMtu(ctx: FixContext): FixSuggestion | null {
  const measured = ctx.pathMtu;
  if (!measured) return null;
  const fits = pingCommand(ctx.platform, measured.address, measured.payload, 1000);
  const tooBig = pingCommand(ctx.platform, measured.address, measured.payload + 1, 1000);
  if (!fits || !tooBig) return null;
  const shell = (label: string, text: string): FixCommand => (ctx.platform === 'win32' ? cmd(label, text) : sh(label, text));
  return fix(ctx, {
    ...fixText('test-path-mtu', { mtu: measured.mtu }),
    commands: [shell(`${measured.mtu}-byte packet (crosses)`, pingCommandText(fits)), shell(`${measured.mtu + 1}-byte packet (lost)`, pingCommandText(tooBig))],
  });
}
