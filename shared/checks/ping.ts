/**
 * The system `ping` with the don't-fragment bit set, one packet of a given size: the only way the
 * path-MTU sweep (electron/checks/net/pathMtu.ts) measures the largest packet that crosses a path,
 * and the command a fix shows for doing the same by hand. One builder for both, so what the card
 * shows is what the check ran.
 *
 * Arguments are fixed; the only values from outside are an IP address (validated here: an IPv4 or
 * IPv6 literal, never a name, never anything starting with '-') and numbers we choose. The caller
 * runs them without a shell (execFile), so nothing is ever interpreted as a command line.
 *
 *   Windows: ping -4 -n 1 -w MS -f -l SIZE ADDR      (-f: don't fragment, IPv4 only; -w in ms)
 *            ping -6 -n 1 -w MS -l SIZE ADDR         (routers never fragment IPv6)
 *   macOS:   ping -n -c 1 -W MS -D -s SIZE ADDR      (-D: don't fragment; -W in ms)
 *   Linux:   ping -4|-6 -n -c 1 -w S -W S -M do -s SIZE ADDR  (iputils; -M do: don't fragment; -w/-W in s:
 *            without the -w deadline, iputils lingers twice the wait before it gives up)
 */
import { isIPv4, isIPv6 } from '../target';

/** ICMP echo header (8) plus the IP header: IPv4 20, IPv6 40. Packet size = payload + header. */
export const PING_HEADER_BYTES = { 4: 28, 6: 48 } as const;

/** The largest packet a standard Ethernet path carries (and what a healthy VPN path should too). */
export const ETHERNET_MTU = 1500;

/** The systems we build ping arguments for. */
export type PingPlatform = 'win32' | 'darwin' | 'linux';

export interface PingCommand {
  /** Program name as the user would type it (the runner resolves it to a fixed path). */
  program: 'ping';
  args: string[];
  family: 4 | 6;
  platform: PingPlatform;
}

export function pingPlatform(platform: string): PingPlatform | null {
  return platform === 'win32' || platform === 'darwin' || platform === 'linux' ? platform : null;
}

/** 4 or 6 for an IP literal (no zone index: a link-local zone is not a path worth measuring), else null. */
export function pingFamily(address: string): 4 | 6 | null {
  if (address.startsWith('-') || address.includes('%')) return null;
  if (isIPv4(address)) return 4;
  if (isIPv6(address)) return 6;
  return null;
}

/** The largest payload a 1,500-byte packet carries for this family (1472 for IPv4). */
export function ethernetPayload(family: 4 | 6): number {
  return ETHERNET_MTU - PING_HEADER_BYTES[family];
}

/**
 * One don't-fragment echo of `payload` bytes to `address`, waiting at most `waitMs` for the reply.
 * Null when the address is not an IP literal, the numbers are out of range, or this system has no
 * way to set the bit for this family (macOS IPv6).
 */
export function pingCommand(platform: string, address: string, payload: number, waitMs: number): PingCommand | null {
  const system = pingPlatform(platform);
  const family = pingFamily(address);
  if (!system || !family) return null;
  if (!Number.isInteger(payload) || payload < 0 || payload > 65_000) return null;
  if (!Number.isFinite(waitMs) || waitMs <= 0) return null;
  const ms = String(Math.max(1, Math.min(60_000, Math.round(waitMs))));
  const size = String(payload);
  const base = { program: 'ping' as const, family, platform: system };
  switch (system) {
    case 'win32':
      return family === 4
        ? { ...base, args: ['-4', '-n', '1', '-w', ms, '-f', '-l', size, address] }
        : { ...base, args: ['-6', '-n', '1', '-w', ms, '-l', size, address] };
    case 'darwin':
      // macOS ping6 has no don't-fragment switch of the same kind: not measured there.
      return family === 4 ? { ...base, args: ['-n', '-c', '1', '-W', ms, '-D', '-s', size, address] } : null;
    case 'linux': {
      // iputils takes whole seconds everywhere (fractions only in newer releases).
      const seconds = String(Math.max(1, Math.min(60, Math.ceil(waitMs / 1000))));
      return { ...base, args: [`-${family}`, '-n', '-c', '1', '-w', seconds, '-W', seconds, '-M', 'do', '-s', size, address] };
    }
  }
}

/** The command as one line, for a fix card or the evidence (every part is a flag, a number or a validated address). */
export function pingCommandText(command: PingCommand): string {
  return [command.program, ...command.args].join(' ');
}
