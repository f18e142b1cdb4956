/**
 * Fixes on this computer, the one the app runs on: the name or port typed, the VPN, the DNS cache,
 * connecting by address or by the certificate's name, a ready .rdp file, the clock, the account name,
 * another network. Their words are in fixTexts.json.
 */
import type { FixSuggestion } from '../model';
import { buildRdpFile } from '../rdpFile';
import { bashCommand as sh, cmdCommand as cmd, commandAddress, commandHost, mstscAddress, powershellCommand as ps, psQuote } from './commandText';
import { fix, hostOf, type FixContext } from './fix';
import { fixText } from './fixTexts';

const RDP_TCP_KEY = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp';

export function checkHostName(ctx: FixContext): FixSuggestion {
  const host = hostOf(ctx);
  return fix(ctx, {
    ...fixText('check-host-name'),
    commands: [ps('Look the name up', `Resolve-DnsName -Name ${psQuote(host)}`), cmd('The same with nslookup', `nslookup ${host}`)],
  });
}

export function connectVpn(ctx: FixContext): FixSuggestion {
  return fix(ctx, { ...fixText('connect-vpn'), commands: [ps('Show Windows VPN connections and their state', 'Get-VpnConnection | Format-Table Name, ServerAddress, ConnectionStatus')] });
}

export function flushDnsCache(ctx: FixContext): FixSuggestion {
  return fix(ctx, { ...fixText('flush-dns-cache'), commands: [ps('Clear the DNS cache', 'Clear-DnsClientCache'), cmd('The same in Command Prompt', 'ipconfig /flushdns')] });
}

/** Null when no valid working address is known. */
export function connectByIp(ctx: FixContext): FixSuggestion | null {
  const address = commandAddress(ctx.workingAddress);
  if (!address) return null;
  const full = mstscAddress(address, ctx.target.port);
  return fix(ctx, { ...fixText('connect-by-ip', { address, full }), commands: [cmd('Connect by address', `mstsc /v:${full}`)] });
}

export interface RdpFileFixOptions {
  address?: string;
  disableCredSsp?: boolean;
}

/** A ready .rdp file for the working address (or the target). Null when no valid address is known. */
export function writeRdpFile(ctx: FixContext, options: RdpFileFixOptions = {}): FixSuggestion | null {
  const host = commandAddress(options.address ?? ctx.workingAddress) ?? commandHost(ctx.target);
  if (!host) return null;
  const file = buildRdpFile({ target: { host, port: ctx.target.port }, disableCredSsp: options.disableCredSsp === true });
  const full = mstscAddress(host, ctx.target.port);
  const windows = ctx.platform === 'win32';
  return fix(ctx, {
    ...fixText('write-rdp-file', { full }, windows ? 'windows' : 'otherPlatform', ...(options.disableCredSsp ? (['withoutCredSsp'] as const) : [])),
    commands: [
      { label: `${file.filename} (settings)`, shell: 'rdp-file', text: file.text.trimEnd() },
      windows ? cmd('Open it', `mstsc ${file.filename}`) : sh('Open it with your Remote Desktop app', `${ctx.platform === 'darwin' ? 'open' : 'xdg-open'} ${file.filename}`),
    ],
    params: { target: full, ...(options.disableCredSsp ? { disableCredSsp: true } : {}) },
  });
}

export function checkPortNumber(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    ...fixText('check-port-number', { example: mstscAddress(hostOf(ctx), 3390) }),
    commands: [ps('On the remote computer: the port Remote Desktop listens on', `Get-ItemProperty -Path '${RDP_TCP_KEY}' -Name PortNumber`)],
  });
}

/** Null when the certificate carries no name that is safe to use as a host. */
export function connectWithCertificateName(ctx: FixContext): FixSuggestion | null {
  const name = (ctx.certificate?.names ?? []).find((n) => !n.startsWith('*.') && commandHost({ host: n.toLowerCase() }) !== null);
  if (!name) return null;
  const host = name.toLowerCase();
  const full = mstscAddress(host, ctx.target.port);
  return fix(ctx, { ...fixText('connect-with-certificate-name', { name: host, full }), commands: [cmd('Connect by the certificate name', `mstsc /v:${full}`)] });
}

export function syncClock(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    ...fixText('sync-clock'),
    commands: [cmd('Resynchronise the clock (as administrator)', 'w32tm /resync'), cmd('Show the time source and last sync', 'w32tm /query /status'), sh('macOS or Linux: show clock status', 'date -u; timedatectl status 2>/dev/null')],
  });
}

export function useNlaCredentials(ctx: FixContext): FixSuggestion {
  return fix(ctx, { ...fixText('use-nla-credentials'), commands: [] });
}

export function tryAnotherNetwork(ctx: FixContext): FixSuggestion {
  return fix(ctx, { ...fixText('try-another-network'), commands: [] });
}
