/**
 * Parsing what the user typed as the target: a host name, an IPv4 address, an IPv6 literal
 * (bare or in brackets), each with an optional port. Pure; used by the renderer for
 * instant feedback and by every transport's edge (through targetSchema) for enforcement.
 */
import { z } from 'zod';

export const DEFAULT_RDP_PORT = 3389;
export const MAX_TARGET_LENGTH = 260;

export type TargetKind = 'dns' | 'ipv4' | 'ipv6';

export interface Target {
  /** Host name (lower-cased, trailing dot removed) or IP literal (IPv6 without brackets). */
  host: string;
  port: number;
  kind: TargetKind;
}

export type TargetParse = { ok: true; target: Target } | { ok: false; reason: string };

const IPV4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const LABEL_RE = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

export function isIPv4(text: string): boolean {
  const m = IPV4_RE.exec(text);
  if (!m) return false;
  return m.slice(1).every((octet) => Number(octet) <= 255 && !(octet.length > 1 && octet.startsWith('0')));
}

/** IPv6 textual form (RFC 4291 2.2), optionally with an embedded IPv4 tail and a zone index. */
export function isIPv6(text: string): boolean {
  let body = text;
  const zone = body.indexOf('%');
  if (zone >= 0) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(body.slice(zone + 1))) return false;
    body = body.slice(0, zone);
  }
  if (body.length < 2 || body.length > 45) return false;
  let groups = 8;
  const lastColon = body.lastIndexOf(':');
  const tail = body.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIPv4(tail)) return false;
    body = body.slice(0, lastColon + 1) + '0:0';
    groups = 8;
  }
  const halves = body.split('::');
  if (halves.length > 2) return false;
  const parse = (part: string): string[] | null => {
    if (part === '') return [];
    const items = part.split(':');
    return items.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)) ? items : null;
  };
  if (halves.length === 2) {
    const left = parse(halves[0] ?? '');
    const right = parse(halves[1] ?? '');
    if (!left || !right) return false;
    return left.length + right.length <= groups - 1;
  }
  const all = parse(body);
  return all !== null && all.length === groups;
}

/** One part of an IPv4 address as the C library's inet_aton reads it: decimal, octal (leading 0) or hex (0x). */
function inetAtonPart(part: string): number | null {
  if (/^0x[0-9a-f]*$/i.test(part)) return part.length === 2 ? 0 : parseInt(part.slice(2), 16);
  if (/^0[0-7]*$/.test(part)) return parseInt(part, 8);
  if (/^[1-9]\d*$/.test(part)) return Number(part);
  return null;
}

/**
 * The dotted-decimal address a system resolver would make of a host that is not dotted decimal
 * but is still a number to it (0x7f000001, 2130706433, 0177.0.0.1, 127.1), or null when it is no
 * such number. Such a name must never reach DNS or the resolver: it would contact an address the
 * user never wrote.
 */
export function legacyIPv4Equivalent(host: string): string | null {
  const parts = host.split('.');
  if (parts.length > 4) return null;
  const values = parts.map(inetAtonPart);
  if (values.some((v) => v === null)) return null;
  const nums = values as number[];
  const last = nums[nums.length - 1] ?? 0;
  const lead = nums.slice(0, -1);
  if (lead.some((v) => v > 255) || last >= 2 ** (8 * (5 - nums.length))) return null;
  let value = last;
  lead.forEach((v, i) => {
    value += v * 2 ** (8 * (3 - i));
  });
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** Why an IPv4 address cannot be a target (unspecified, broadcast, multicast), or null. */
export function ipv4TargetProblem(address: string): string | null {
  const octets = address.split('.').map(Number);
  const first = octets[0] ?? 0;
  if (first === 0) return `${address} means "this computer, any address" and cannot be connected to: use the computer's own address.`;
  if (octets.every((o) => o === 255)) return '255.255.255.255 is the broadcast address and cannot be connected to: use the computer\'s own address.';
  if (first >= 224 && first <= 239) return `${address} is a multicast address and cannot be connected to: use the computer's own address.`;
  return null;
}

/** Why an IPv6 address cannot be a target (unspecified, multicast, or a mapped IPv4 that cannot), or null. */
export function ipv6TargetProblem(address: string): string | null {
  const body = address.toLowerCase().split('%')[0] ?? '';
  if (!/[1-9a-f.]/.test(body)) {
    return ':: means "this computer, any address" and cannot be connected to: use the computer\'s own address.';
  }
  if (/^ff[0-9a-f]{0,2}:/.test(body)) return `${address} is a multicast address and cannot be connected to: use the computer's own address.`;
  const tail = body.slice(body.lastIndexOf(':') + 1);
  if (isIPv4(tail)) return ipv4TargetProblem(tail);
  return null;
}

function parsePort(text: string): number | string {
  if (!/^\d{1,5}$/.test(text)) return `The port "${text.slice(0, 12)}" is not a number from 1 to 65535.`;
  const port = Number(text);
  if (port < 1 || port > 65535) return `The port ${port} is out of range: use a number from 1 to 65535.`;
  return port;
}

function hostNameProblem(host: string): string | null {
  if (host.length > 253) return 'That name is longer than 253 characters, the limit for a host name.';
  const labels = host.split('.');
  for (const label of labels) {
    if (label.length === 0) return 'That name has an empty part (two dots in a row, or a leading dot).';
    if (label.length > 63) return `The part "${label.slice(0, 20)}…" is longer than 63 characters, the limit for one part of a host name.`;
    if (!LABEL_RE.test(label)) {
      if (label.startsWith('-') || label.endsWith('-')) return `The part "${label}" starts or ends with a hyphen, which host names cannot.`;
      return 'A host name may only contain letters, digits, hyphens and dots.';
    }
  }
  const last = labels[labels.length - 1] ?? '';
  if (/^\d+$/.test(last)) return 'That looks like an incomplete IPv4 address: it needs four numbers, such as 192.168.1.20.';
  return null;
}

/** Parse one target as typed. Never throws; every failure is one line the user can act on. */
export function parseTarget(input: string): TargetParse {
  const fail = (reason: string): TargetParse => ({ ok: false, reason });
  if (typeof input !== 'string') return fail('Type the name or address of the computer you connect to.');
  if (input.length > MAX_TARGET_LENGTH) return fail(`That is too long for a computer name or address (${input.length} characters).`);
  const text = input.trim();
  if (text === '') return fail('Type the name or address of the computer you connect to, for example pc-042.corp.example or 10.0.0.5.');
  if (/\s/.test(text)) return fail('A computer name or address cannot contain spaces.');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.includes('/')) {
    return fail('That looks like a web address; type only the computer name or IP address, optionally with :port.');
  }
  if (/[^\x21-\x7e]/.test(text)) return fail('Use only plain letters, digits, dots and hyphens (for an international name, use its xn-- form).');
  if (/[;|&$`<>"'\\(){}!*?,=+#^~@]/.test(text)) {
    return fail('A computer name or address cannot contain characters such as ; | & $ ` ( ) < > quotes or backslashes.');
  }

  let host: string;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return fail('An IPv6 address in brackets needs its closing "]", for example [2001:db8::5]:3389.');
    host = text.slice(1, close);
    const rest = text.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) return fail('After "]" only a port may follow, as in [2001:db8::5]:3389.');
      portText = rest.slice(1);
    }
    if (!isIPv6(host)) return fail(`"${host.slice(0, 45)}" is not a valid IPv6 address.`);
  } else {
    const colons = (text.match(/:/g) ?? []).length;
    if (colons > 1) {
      if (!isIPv6(text)) return fail('That is not a valid IPv6 address. To add a port to an IPv6 address, write it as [address]:port.');
      host = text;
    } else if (colons === 1) {
      const at = text.indexOf(':');
      host = text.slice(0, at);
      portText = text.slice(at + 1);
    } else {
      host = text;
    }
  }

  let port = DEFAULT_RDP_PORT;
  if (portText !== undefined) {
    if (portText === '') return fail('A port is missing after the ":".');
    const parsed = parsePort(portText);
    if (typeof parsed === 'string') return fail(parsed);
    port = parsed;
  }
  if (host === '') return fail('The computer name is missing before the ":".');

  if (isIPv6(host)) {
    const problem = ipv6TargetProblem(host);
    if (problem) return fail(problem);
    return { ok: true, target: { host: host.toLowerCase(), port, kind: 'ipv6' } };
  }
  if (isIPv4(host)) {
    const problem = ipv4TargetProblem(host);
    if (problem) return fail(problem);
    return { ok: true, target: { host, port, kind: 'ipv4' } };
  }
  const name = host.toLowerCase().replace(/\.$/, '');
  const equivalent = legacyIPv4Equivalent(name);
  if (equivalent !== null) {
    if (/^(?:[1-9]\d*|0)(?:\.(?:[1-9]\d*|0)){1,2}$/.test(name)) {
      return fail(`That looks like an incomplete IPv4 address: it needs four numbers, such as 192.168.1.20 (a resolver would read "${name}" as ${equivalent}).`);
    }
    return fail(`"${host.slice(0, 40)}" is an IPv4 address in hex, octal, integer or short form: write it as four decimal numbers (${equivalent}).`);
  }
  if (IPV4_RE.test(host)) return fail(`"${host}" is not a valid IPv4 address: each of its four numbers must be from 0 to 255, without leading zeros.`);
  const lastLabel = name.slice(name.lastIndexOf('.') + 1);
  if (/^0x[0-9a-f]*$/.test(lastLabel)) return fail(`"${host.slice(0, 40)}" ends like a hex number, which a resolver would read as an IPv4 address: write the address as four decimal numbers, such as 192.168.1.20.`);
  const problem = hostNameProblem(name);
  if (problem) return fail(problem);
  return { ok: true, target: { host: name, port, kind: 'dns' } };
}

/** host:port the way mstsc writes it (IPv6 in brackets). */
export function formatTarget(target: Pick<Target, 'host' | 'port'>): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `${host}:${target.port}`;
}

export const targetSchema = z.object({
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  kind: z.enum(['dns', 'ipv4', 'ipv6']),
});

/** A target as typed, validated and parsed at the edge: the schema's message is the user's one-line reason. */
export const targetInputSchema = z.string().transform((value, ctx): Target => {
  const parsed = parseTarget(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.reason });
    return z.NEVER;
  }
  return parsed.target;
});
