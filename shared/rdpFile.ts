/**
 * A .rdp file for Remote Desktop Connection (mstsc): typically "connect by the IP that worked",
 * optionally without NLA on the client side. Pure: the text, a safe file name, and the bytes in
 * the encoding mstsc itself writes (UTF-16LE with a byte-order mark).
 */
import { DEFAULT_RDP_PORT, parseTarget, type Target } from './target';
import { mstscAddress } from './catalog/commandText';

export interface RdpFileOptions {
  target: Pick<Target, 'host' | 'port'>;
  /** 0 connect without warning, 1 do not connect, 2 warn (default). */
  authenticationLevel?: 0 | 1 | 2;
  /** Write `enablecredsspsupport:i:0` (the client skips NLA; works only where the server does not require it). */
  disableCredSsp?: boolean;
  /** Written as `username:s:` when given (DOMAIN\name or name@domain). */
  username?: string;
}

export interface RdpFile {
  /** Safe file name from the host (and port when not 3389), ending in .rdp. */
  filename: string;
  /** The settings, one per line, CRLF line ends, no byte-order mark. */
  text: string;
  /** How to write `text` to disk: what mstsc writes. `encodeRdpFile` produces these bytes. */
  encoding: 'utf-16le-bom';
  /** Plain words on how to use the file and what its settings do. */
  note: string;
}

export class RdpFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RdpFileError';
  }
}

// Line breaks and other control characters (including Unicode line/paragraph separators)
// would start a new setting line inside the file.
const UNSAFE_VALUE = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;
const MAX_USERNAME = 104;

function checkValue(label: string, value: string): void {
  if (UNSAFE_VALUE.test(value)) throw new RdpFileError(`The ${label} cannot contain line breaks or control characters.`);
}

/** Re-validates the host the way the target input is validated; returns it normalised. */
function validatedHost(target: Pick<Target, 'host' | 'port'>): string {
  checkValue('computer name', target.host);
  const parsed = parseTarget(target.host.includes(':') ? `[${target.host}]` : target.host);
  if (!parsed.ok) throw new RdpFileError(parsed.reason);
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535) {
    throw new RdpFileError(`The port ${String(target.port)} is out of range: use a number from 1 to 65535.`);
  }
  return parsed.target.host;
}

/** `pc-042.corp.example.rdp`, `10.0.0.5-3390.rdp`, `2001-db8--5.rdp`. */
export function rdpFileName(target: Pick<Target, 'host' | 'port'>): string {
  const base =
    target.host
      .toLowerCase()
      .replace(/[^a-z0-9.-]/g, '-')
      .replace(/^[.-]+|[.]+$/g, '')
      .slice(0, 100) || 'remote-desktop';
  const port = target.port === DEFAULT_RDP_PORT ? '' : `-${target.port}`;
  return `${base}${port}.rdp`;
}

export function buildRdpFile(options: RdpFileOptions): RdpFile {
  const host = validatedHost(options.target);
  const level = options.authenticationLevel ?? 2;
  if (level !== 0 && level !== 1 && level !== 2) throw new RdpFileError('The authentication level must be 0, 1 or 2.');
  const lines = [`full address:s:${mstscAddress(host, options.target.port)}`];
  if (options.username !== undefined && options.username !== '') {
    checkValue('user name', options.username);
    if (options.username.length > MAX_USERNAME) throw new RdpFileError(`The user name is longer than ${MAX_USERNAME} characters.`);
    lines.push(`username:s:${options.username}`);
  }
  lines.push('prompt for credentials:i:1', `authentication level:i:${level}`, 'negotiate security layer:i:1');
  if (options.disableCredSsp) lines.push('enablecredsspsupport:i:0');

  const note = [
    'Save it as it is (Remote Desktop Connection writes these files as UTF-16 with a byte-order mark) and open it with a double-click, or run: mstsc FILE.rdp. To change it: mstsc /edit FILE.rdp.',
    level === 0
      ? 'It connects without warning you about the certificate: use it only for a computer you know.'
      : level === 1
        ? 'It refuses to connect when the computer cannot prove its identity.'
        : 'It warns you when the computer cannot prove its identity, and lets you decide.',
    options.disableCredSsp
      ? 'It turns off Network Level Authentication on your side: this works only where the remote computer does not require it, and you then sign in on the remote sign-in screen.'
      : '',
  ].filter(Boolean);

  return {
    filename: rdpFileName({ host, port: options.target.port }),
    text: `${lines.join('\r\n')}\r\n`,
    encoding: 'utf-16le-bom',
    note: note.join(' '),
  };
}

/** The bytes mstsc writes: FF FE, then the text as UTF-16 little-endian. */
export function encodeRdpFile(text: string): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes[0] = 0xff;
  bytes[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes[2 + i * 2] = unit & 0xff;
    bytes[3 + i * 2] = unit >> 8;
  }
  return bytes;
}
