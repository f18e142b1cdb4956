/** VPN adapters and Windows VPN connections on this computer, and how an adapter is recognised as a VPN. */
import { z } from 'zod';
import { netAdapterSchema } from './adapter';
import { sectionProblemsSchema } from './ids';

export const vpnAdapterSchema = netAdapterSchema.extend({
  status: z.string(),
  ifIndex: z.number().nullable(),
  /** IANA ifType: 23 PPP, 53 propVirtual, 6 ethernet, 71 wifi ... */
  ifType: z.number().nullable(),
  isVpn: z.boolean(),
  /** Which VPN we recognised (Cisco AnyConnect, GlobalProtect ...), or "PPP / Windows VPN". */
  vpnProduct: z.string().nullable(),
});
export const vpnConnectionSchema = z.object({
  name: z.string(),
  serverAddress: z.string(),
  status: z.string(),
  splitTunneling: z.boolean().nullable(),
  tunnelType: z.string().nullable(),
  allUsers: z.boolean(),
});
export const vpnDataSchema = z.object({
  adapters: z.array(vpnAdapterSchema),
  connections: z.array(vpnConnectionSchema),
  /** A VPN adapter is up or a Windows VPN connection is connected. */
  vpnActive: z.boolean(),
  activeVpnNames: z.array(z.string()),
  problems: sectionProblemsSchema,
});
export type VpnData = z.infer<typeof vpnDataSchema>;

/** VPN adapters by driver description (InterfaceDescription). */
export const KNOWN_VPN_ADAPTERS: readonly { product: string; pattern: RegExp }[] = [
  { product: 'Cisco AnyConnect / Secure Client', pattern: /anyconnect|cisco (secure client|systems vpn)|cisco.*virtual miniport/i },
  { product: 'Palo Alto GlobalProtect', pattern: /pangp|globalprotect/i },
  { product: 'FortiClient', pattern: /fortinet|forticlient/i },
  { product: 'WireGuard', pattern: /wireguard/i },
  { product: 'OpenVPN', pattern: /tap-windows|tap-win32|openvpn|\btap adapter/i },
  { product: 'Wintun (WireGuard/OpenVPN/Tailscale)', pattern: /wintun/i },
  { product: 'Zscaler', pattern: /zscaler/i },
  { product: 'Pulse Secure / Ivanti', pattern: /juniper|pulse secure|ivanti/i },
  { product: 'Check Point', pattern: /check ?point/i },
  { product: 'SonicWall', pattern: /sonicwall|netextender/i },
  { product: 'Tailscale', pattern: /tailscale/i },
  { product: 'ZeroTier', pattern: /zerotier/i },
  { product: 'Hamachi', pattern: /hamachi/i },
  { product: 'NordVPN', pattern: /nordlynx|nordvpn/i },
  { product: 'ExpressVPN', pattern: /expressvpn/i },
  { product: 'Proton VPN', pattern: /proton ?vpn/i },
  { product: 'Cloudflare WARP', pattern: /cloudflare warp/i },
  { product: 'Citrix Secure Access', pattern: /citrix/i },
  { product: 'F5 BIG-IP Edge', pattern: /\bf5\b|big-ip/i },
  { product: 'Windows VPN (WAN Miniport)', pattern: /wan miniport \((ikev2|l2tp|pptp|sstp)\)/i },
];

/** Is this adapter a VPN tunnel? ifType 23 is PPP (the Windows VPN client). */
export function classifyVpnAdapter(interfaceDescription: string, ifType: number | null): string | null {
  const known = KNOWN_VPN_ADAPTERS.find((a) => a.pattern.test(interfaceDescription));
  if (known) return known.product;
  if (ifType === 23) return 'PPP / Windows VPN';
  return null;
}
