/**
 * Fixes for the way between this computer and the remote one: testing the port and the route by hand,
 * what IT checks on the path (firewalls, port forwarding, name records, connection inspection), and
 * packets too big for the path (path MTU: the VPN adapter, the gateway's MSS, measuring by hand).
 */
import type { FixCommand, FixSuggestion } from '../model';
import { pingCommand, pingCommandText } from '../checks/ping';
import { bashCommand as sh, cmdCommand as cmd, powershellCommand as ps, psQuote } from './commandText';
import { fix, hostOf, type FixContext } from './fix';

export function testPort(ctx: FixContext): FixSuggestion {
  const host = hostOf(ctx);
  return fix(ctx, {
    id: 'test-port',
    title: 'Test the port by hand',
    plain: `Check from this computer whether port ${ctx.target.port} answers, for example after IT changed something.`,
    where: 'client',
    invasiveness: 'none',
    purpose: 'investigate',
    risk: 'None. Test-NetConnection cannot tell "refused" from "no answer"; RDP Doctor\'s own check can.',
    steps: ['Open PowerShell.', 'Run the command below.', 'TcpTestSucceeded : True means the port answers.'],
    commands: [
      ps('Test the TCP port', `Test-NetConnection -ComputerName ${psQuote(host)} -Port ${ctx.target.port}`),
      sh('From macOS or Linux', `nc -vz -w 5 ${host} ${ctx.target.port}`),
    ],
  });
}

export function testRoute(ctx: FixContext): FixSuggestion {
  const host = hostOf(ctx);
  return fix(ctx, {
    id: 'test-route',
    title: 'See where the way to the computer ends',
    plain: 'A route trace shows how far your connection gets; IT can read from it where it is blocked.',
    where: 'client',
    invasiveness: 'none',
    purpose: 'investigate',
    risk: 'None.',
    steps: ['Open PowerShell.', 'Run the command below.', 'Send the output to IT.'],
    commands: [ps('Trace the route', `Test-NetConnection -ComputerName ${psQuote(host)} -TraceRoute`), cmd('The same with tracert', `tracert -d ${host}`)],
  });
}

export function askNetworkAdmin(ctx: FixContext): FixSuggestion {
  const host = hostOf(ctx);
  return fix(ctx, {
    id: 'ask-network-admin',
    title: 'Ask IT to check the network path',
    plain: `Something between you and the computer (a company firewall, router, VPN policy or cloud security rule) may block or cut the connection. IT needs to allow TCP port ${ctx.target.port} from your network to the computer.`,
    where: 'network',
    invasiveness: 'none',
    risk: 'None for you; IT decides what to open.',
    steps: [
      'Send IT this report (the Markdown or HTML export).',
      `Ask them to check firewalls, VPN policies and security groups for TCP ${ctx.target.port} to this computer, and any TLS inspection on the way.`,
    ],
    commands: [ps('What IT can run from an affected network', `Test-NetConnection -ComputerName ${psQuote(host)} -Port ${ctx.target.port} -InformationLevel Detailed`)],
  });
}

export function checkPortForwarding(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'check-port-forwarding',
    title: 'Check where the port is forwarded',
    plain: 'If you connect through a router or a gateway, it may send this port to the wrong device. IT (or whoever manages the router) needs to check the port forwarding.',
    where: 'network',
    invasiveness: 'none',
    purpose: 'investigate',
    risk: 'None: this only looks.',
    steps: [
      `Open the router's or firewall's port forwarding (NAT) settings.`,
      `Check that TCP ${ctx.target.port} goes to the remote computer's address and its Remote Desktop port.`,
    ],
    commands: [],
  });
}

export function fixDnsRecord(ctx: FixContext): FixSuggestion {
  const host = hostOf(ctx);
  return fix(ctx, {
    id: 'fix-dns-record',
    title: 'Ask IT to correct the name records',
    plain: `The name ${host} leads to an address that does not belong to the computer you want (often an old record). IT needs to remove or correct it.`,
    where: 'network',
    invasiveness: 'none',
    risk: 'None for you; IT changes the records.',
    steps: ['Send IT this report.', 'IT compares the records below with the computer\'s real addresses and removes stale ones (check DHCP and dynamic registration too).'],
    commands: [ps('Every address the name has', `Resolve-DnsName -Name ${psQuote(host)} -Type A_AAAA -DnsOnly`)],
  });
}

export function checkSecuritySoftware(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'check-security-software',
    title: 'Check security software that inspects connections',
    plain: 'Antivirus suites, web filters and company firewalls that "inspect" encrypted connections can break the moment Remote Desktop secures the connection. IT can check for such inspection and exempt Remote Desktop.',
    where: 'network',
    invasiveness: 'none',
    risk: 'None: this only looks. Do not uninstall security software yourself.',
    steps: [
      'Note which security software runs on this computer (Windows Security > Virus & threat protection shows the provider).',
      'Ask IT whether TLS/SSL inspection applies to Remote Desktop traffic, and to exempt it.',
    ],
    commands: [
      ps(
        'Installed antivirus and firewall products (Windows desktop editions)',
        "Get-CimInstance -Namespace 'root/SecurityCenter2' -ClassName AntiVirusProduct | Format-Table displayName, productState\nGet-CimInstance -Namespace 'root/SecurityCenter2' -ClassName FirewallProduct -ErrorAction SilentlyContinue | Format-Table displayName, productState",
      ),
    ],
  });
}

/** The MTU to set: what crossed, or a safe VPN value when no measurement came with the finding. */
function mtuOf(ctx: FixContext): number {
  return ctx.pathMtu?.mtu ?? 1200;
}

export function lowerVpnMtu(ctx: FixContext): FixSuggestion {
  const mtu = mtuOf(ctx);
  return fix(ctx, {
    id: 'lower-vpn-mtu',
    title: "Lower the VPN adapter's packet size (MTU) on this computer",
    plain: `Your computer sends and expects packets bigger than the way to the remote computer carries. Setting the VPN adapter's packet size (MTU) to ${mtu} makes both sides use packets that fit.`,
    where: 'client',
    invasiveness: 'low',
    risk: 'Low: only this computer\'s VPN adapter changes, and it can be set back the same way. Some VPN apps set their own value each time they connect; then the setting belongs in the VPN app (or its profile, which IT manages).',
    steps: [
      'Open PowerShell as administrator.',
      'Run the first command and find the VPN adapter in the list (its name often contains the VPN product\'s name).',
      `Run the second command with that name instead of VPN, then connect again. To undo, set the value you saw in the list before.`,
    ],
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
    id: 'clamp-mss',
    title: 'Clamp the TCP MSS on the VPN gateway, and let "fragmentation needed" through',
    plain: `IT can make the VPN gateway tell both computers to use smaller packets, which fixes this for every user of that VPN at once.`,
    where: 'network',
    invasiveness: 'low',
    risk: 'Low: new TCP connections through the gateway use segments that fit the tunnel; nothing else changes. Needs a change on the gateway or firewall.',
    steps: [
      `On the VPN gateway (or the firewall in front of the tunnel), clamp the TCP MSS of connections through the tunnel to ${mss} bytes (${mtu}-byte packets minus 40 bytes of IPv4 and TCP headers), or to the tunnel's path MTU.`,
      'Cisco IOS: ip tcp adjust-mss on the tunnel interface; FortiGate: tcp-mss-sender / tcp-mss-receiver in the policy; Palo Alto: adjust TCP MSS on the tunnel interface; Linux: the iptables rule below.',
      'Let ICMP type 3 code 4 ("fragmentation needed", and ICMPv6 "packet too big") through every firewall on the path, so path MTU discovery works again.',
    ],
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
    id: 'test-path-mtu',
    title: 'Measure the largest packet by hand',
    plain: `The same measurement RDP Doctor made: a packet of ${measured.mtu} bytes gets an answer, one byte more does not.`,
    where: 'client',
    invasiveness: 'none',
    purpose: 'investigate',
    risk: 'None: two single pings.',
    steps: ['Open a terminal (Command Prompt on Windows).', 'Run both commands: the first should get a reply, the second none (no "needs to be fragmented" message either).', 'Run them again after a change to see it worked.'],
    commands: [shell(`${measured.mtu}-byte packet (crosses)`, pingCommandText(fits)), shell(`${measured.mtu + 1}-byte packet (lost)`, pingCommandText(tooBig))],
  });
}
