/**
 * Is the target this computer? Server-side checks (listener, certificate store, key file, services,
 * inbound firewall, events) describe the machine RDP Doctor runs on, so they only mean something
 * when the user is diagnosing this very machine. Pure; tested without a network.
 */
import type { NetworkInterfaceInfo } from 'node:os';
import { isIPv4, isIPv6, type Target } from '../../../shared/target';

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]> | Record<string, NetworkInterfaceInfo[] | undefined>;

/** Canonical text of an IP address: IPv6 expanded to 8 groups, zone removed, IPv4-mapped → IPv4. */
export function canonicalIp(address: string): string | null {
  let a = address.trim().toLowerCase();
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  const zone = a.indexOf('%');
  if (zone >= 0) a = a.slice(0, zone);
  if (isIPv4(a)) return a;
  if (!isIPv6(a)) return null;
  let tail: number[] = [];
  const lastColon = a.lastIndexOf(':');
  const maybeV4 = a.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    const octets = maybeV4.split('.').map(Number);
    tail = [((octets[0] ?? 0) << 8) | (octets[1] ?? 0), ((octets[2] ?? 0) << 8) | (octets[3] ?? 0)];
    a = a.slice(0, lastColon + 1) + '0:0';
  }
  const [left = '', right] = a.split('::');
  const l = left === '' ? [] : left.split(':');
  const r = right === undefined ? [] : right === '' ? [] : right.split(':');
  const missing = 8 - l.length - r.length;
  const groups = [...l, ...(right === undefined ? [] : Array(Math.max(0, missing)).fill('0')), ...r].map((g) => Number.parseInt(g, 16));
  if (tail.length === 2) {
    groups[6] = tail[0]!;
    groups[7] = tail[1]!;
  }
  // IPv4-mapped ::ffff:a.b.c.d
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const hi = groups[6] ?? 0;
    const lo = groups[7] ?? 0;
    return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  }
  return groups.map((g) => g.toString(16)).join(':');
}

export function isLoopback(address: string): boolean {
  const c = canonicalIp(address);
  if (!c) return false;
  if (isIPv4(c)) return c.startsWith('127.');
  return c === '0:0:0:0:0:0:0:1';
}

export function localAddresses(interfaces: Interfaces): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      const c = canonicalIp(info.address);
      if (c) out.add(c);
    }
  }
  return out;
}

/**
 * True when the target designates the machine we run on: localhost (and *.localhost), a loopback
 * address, one of this machine's interface addresses, this computer's name, or its name with a DNS
 * suffix (pc-042.corp.example on pc-042). When the run already resolved the name, the suffix match
 * also needs one of the resolved addresses to be local (a namesake in another domain is not us).
 */
export function isLocalTarget(target: Pick<Target, 'host' | 'kind'>, hostname: string, interfaces: Interfaces, resolvedAddresses?: readonly string[]): boolean {
  const host = target.host.trim().toLowerCase().replace(/\.$/, '');
  const local = localAddresses(interfaces);
  const isLocalIp = (address: string): boolean => {
    const c = canonicalIp(address);
    return c !== null && (isLoopback(c) || local.has(c));
  };
  if (target.kind === 'ipv4' || target.kind === 'ipv6' || canonicalIp(host) !== null) return isLocalIp(host);

  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const me = hostname.trim().toLowerCase().replace(/\.$/, '');
  if (me === '') return false;
  if (host === me) return true;
  if (resolvedAddresses && resolvedAddresses.length > 0 && resolvedAddresses.some(isLocalIp)) return true;
  const myShort = me.split('.')[0] ?? me;
  const targetShort = host.split('.')[0] ?? host;
  if (targetShort === myShort && (host.includes('.') || me.includes('.'))) {
    // A DNS suffix was added (or dropped): trust it unless the resolved addresses say otherwise.
    return !resolvedAddresses || resolvedAddresses.length === 0;
  }
  return false;
}
