/**
 * The only way values from outside (the typed target, addresses and thumbprints seen on the wire)
 * get into command text: validated first, then quoted for the shell they land in.
 * A value that fails validation is never put into a command; the caller uses a placeholder.
 */
import type { FixCommand } from '../model';
import { DEFAULT_RDP_PORT, formatTarget, isIPv4, isIPv6, parseTarget, type Target } from '../target';

/** Placeholder used in commands when no validated host is available. */
export const HOST_PLACEHOLDER = 'SERVER';

/**
 * A PowerShell single-quoted string literal. PowerShell also treats the typographic single quotes
 * (U+2018..U+201B) as quote characters, so they are doubled too.
 */
export function psQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

/**
 * The target's host, if it is what parseTarget accepts (letters, digits, dots, hyphens, IPv4,
 * IPv6): safe in a PowerShell single-quoted literal and as a bare cmd argument. Null otherwise.
 */
export function commandHost(target: Pick<Target, 'host'>): string | null {
  const host = target.host;
  if (host.length === 0 || host.length > 253) return null;
  const parsed = parseTarget(host.includes(':') ? `[${host}]` : host);
  return parsed.ok && parsed.target.host === host.toLowerCase() ? host : null;
}

/** An IP address seen on the wire, if it is a valid IPv4 or IPv6 literal. */
export function commandAddress(address: string | undefined | null): string | null {
  if (!address) return null;
  return isIPv4(address) || isIPv6(address) ? address : null;
}

/** A certificate thumbprint as Windows writes it (40 upper-case hex digits), or null. */
export function commandThumbprint(value: string | undefined | null): string | null {
  if (!value) return null;
  const hex = value.replace(/[:\s]/g, '').toUpperCase();
  return /^[0-9A-F]{40}$/.test(hex) ? hex : null;
}

/** host[:port] the way mstsc and .rdp files take it (IPv6 in brackets; port only when not 3389). */
export function mstscAddress(host: string, port: number): string {
  if (port === DEFAULT_RDP_PORT) return host.includes(':') ? `[${host}]` : host;
  return formatTarget({ host, port });
}

/** A command to run in PowerShell, as a fix card shows it. */
export const powershellCommand = (label: string, text: string): FixCommand => ({ label, shell: 'powershell', text });
/** A command to run in Command Prompt, as a fix card shows it. */
export const cmdCommand = (label: string, text: string): FixCommand => ({ label, shell: 'cmd', text });
/** A command to run in a macOS or Linux shell, as a fix card shows it. */
export const bashCommand = (label: string, text: string): FixCommand => ({ label, shell: 'bash', text });
