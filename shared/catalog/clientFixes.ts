/**
 * Fixes on this computer, the one the app runs on: the name or port typed, the VPN, the DNS cache,
 * connecting by address or by the certificate's name, a ready .rdp file, the clock, the account name,
 * another network.
 */
import type { FixSuggestion } from '../model';
import { buildRdpFile } from '../rdpFile';
import { bashCommand as sh, cmdCommand as cmd, commandAddress, commandHost, mstscAddress, powershellCommand as ps, psQuote } from './commandText';
import { fix, hostOf, type FixContext } from './fix';

const RDP_TCP_KEY = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp';

// Manual steps of fixes with an illustration are the illustration's numbered callouts
// (assets/illustrations/index.json), so the picture and the list say the same; how to open the
// window goes into the fix's plain text. catalog.test.ts keeps the two in step.
const MSTSC_OPEN = 'On this computer, press Windows key + R, type mstsc and press Enter.';
const MSTSC_STEPS = [
  "In the Computer box, type the remote computer's IP address (for example 192.168.1.25) instead of its name.",
  'Click Show Options. To keep this setting, click Save As... under Connection settings and save a .rdp file; next time, double-click that file.',
  'Click Connect.',
];

export function checkHostName(ctx: FixContext): FixSuggestion {
  const host = hostOf(ctx);
  return fix(ctx, {
    id: 'check-host-name',
    title: 'Check the computer name',
    plain: 'Make sure the name is spelled exactly as IT gave it to you. If you have the full name (with dots, such as pc-042.corp.example), use it instead of the short one.',
    where: 'client',
    invasiveness: 'none',
    risk: 'None: this only looks the name up.',
    steps: [
      'Compare the name you typed with the one IT gave you, letter by letter.',
      'If IT gave you a full name with dots, type the full name.',
      'Run the lookup below: it should list at least one address.',
    ],
    commands: [ps('Look the name up', `Resolve-DnsName -Name ${psQuote(host)}`), cmd('The same with nslookup', `nslookup ${host}`)],
  });
}

export function connectVpn(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'connect-vpn',
    title: 'Connect to the company network (VPN)',
    plain: 'Office computers can usually only be reached while your VPN is connected. Connect it, then try again.',
    where: 'client',
    invasiveness: 'none',
    risk: 'None.',
    steps: ['Open your VPN app (for example from the icons next to the clock).', 'Connect and wait until it says connected.', 'Run the check again.'],
    commands: [ps('Show Windows VPN connections and their state', 'Get-VpnConnection | Format-Table Name, ServerAddress, ConnectionStatus')],
  });
}

export function flushDnsCache(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'flush-dns-cache',
    title: 'Forget remembered addresses',
    plain: 'Your computer may remember an old address for this name. Clearing that memory makes it look the name up again.',
    where: 'client',
    invasiveness: 'low',
    risk: 'None to speak of: Windows looks names up again, the next few lookups take a moment longer.',
    steps: ['Open PowerShell or Command Prompt.', 'Run the command below.', 'Run the check again.'],
    commands: [ps('Clear the DNS cache', 'Clear-DnsClientCache'), cmd('The same in Command Prompt', 'ipconfig /flushdns')],
  });
}

/** Null when no valid working address is known. */
export function connectByIp(ctx: FixContext): FixSuggestion | null {
  const address = commandAddress(ctx.workingAddress);
  if (!address) return null;
  const full = mstscAddress(address, ctx.target.port);
  return fix(ctx, {
    id: 'connect-by-ip',
    title: `Connect by the address ${address}`,
    plain: `Connecting to ${full} worked in our test. ${MSTSC_OPEN} Type ${full} instead of the name.`,
    where: 'client',
    invasiveness: 'none',
    purpose: 'workaround',
    risk: 'The certificate warning shows the address instead of the name; that is expected. If the computer gets a new address later, this stops working and the name is needed again.',
    steps: [...MSTSC_STEPS],
    commands: [cmd('Connect by address', `mstsc /v:${full}`)],
    illustration: 'mstsc-rdp-file',
  });
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
    id: 'write-rdp-file',
    title: `Save a Remote Desktop file for ${full}`,
    plain: windows
      ? `A ready-made connection file that connects to ${full}: double-click it to connect. RDP Doctor can save it for you; by hand: ${MSTSC_OPEN}`
      : `A ready-made connection file that connects to ${full}: open it with your Remote Desktop app (on a Mac, Microsoft's Windows App or Remote Desktop; on Linux, for example Remmina). RDP Doctor can save it for you.`,
    where: 'client',
    invasiveness: 'low',
    purpose: 'workaround',
    risk: options.disableCredSsp
      ? 'It only creates a file. It turns off Network Level Authentication on your side, which works only where the remote computer does not require it.'
      : 'It only creates a file; nothing else changes.',
    steps: windows ? [...MSTSC_STEPS] : OTHER_RDP_APP_STEPS(full),
    commands: [
      { label: `${file.filename} (settings)`, shell: 'rdp-file', text: file.text.trimEnd() },
      windows ? cmd('Open it', `mstsc ${file.filename}`) : sh('Open it with your Remote Desktop app', `${ctx.platform === 'darwin' ? 'open' : 'xdg-open'} ${file.filename}`),
    ],
    ...(windows ? { illustration: 'mstsc-rdp-file' } : {}),
    params: { target: full, ...(options.disableCredSsp ? { disableCredSsp: true } : {}) },
  });
}

/** Connecting by address from a Mac or Linux computer (no mstsc there). */
const OTHER_RDP_APP_STEPS = (full: string): string[] => [
  'Save the connection file (RDP Doctor can do it for you).',
  'Open the file with your Remote Desktop app: double-click it, or use the app\'s Import or Open command.',
  `Or type ${full} into the app's computer or server field instead of the name, and connect.`,
];

export function checkPortNumber(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'check-port-number',
    title: 'Check the port number',
    plain: `Remote Desktop normally uses port 3389. If IT gave you a different port, type it after the name, like ${mstscAddress(hostOf(ctx), 3390)}.`,
    where: 'client',
    invasiveness: 'none',
    risk: 'None.',
    steps: [
      'Ask IT which port the computer uses for Remote Desktop.',
      'Type it after the name with a colon, then run the check again.',
      'On the remote computer, IT can read the port with the command below.',
    ],
    commands: [ps('On the remote computer: the port Remote Desktop listens on', `Get-ItemProperty -Path '${RDP_TCP_KEY}' -Name PortNumber`)],
  });
}

/** Null when the certificate carries no name that is safe to use as a host. */
export function connectWithCertificateName(ctx: FixContext): FixSuggestion | null {
  const name = (ctx.certificate?.names ?? []).find((n) => !n.startsWith('*.') && commandHost({ host: n.toLowerCase() }) !== null);
  if (!name) return null;
  const host = name.toLowerCase();
  return fix(ctx, {
    id: 'connect-with-certificate-name',
    title: `Connect using the name ${host}`,
    plain: `The certificate is made out to ${host}. If IT confirms that is the right computer, connect using that name and the name warning goes away.`,
    where: 'client',
    invasiveness: 'none',
    purpose: 'workaround',
    risk: 'Only use the name if IT confirms it is the computer you mean.',
    steps: ['Open Remote Desktop Connection (mstsc).', `In "Computer", type ${mstscAddress(host, ctx.target.port)}.`, 'Select Connect.'],
    commands: [cmd('Connect by the certificate name', `mstsc /v:${mstscAddress(host, ctx.target.port)}`)],
  });
}

export function syncClock(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'sync-clock',
    title: "Set this computer's clock automatically",
    plain: 'Make sure the date, time and time zone on your computer are set automatically, then try again.',
    where: 'client',
    invasiveness: 'low',
    risk: 'None to speak of: the clock jumps to the correct time.',
    steps: [
      'Open Settings > Time & language > Date & time.',
      'Turn on "Set time automatically" and "Set time zone automatically", then select "Sync now".',
      'Run the check again.',
    ],
    commands: [cmd('Resynchronise the clock (as administrator)', 'w32tm /resync'), cmd('Show the time source and last sync', 'w32tm /query /status'), sh('macOS or Linux: show clock status', 'date -u; timedatectl status 2>/dev/null')],
  });
}

export function useNlaCredentials(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'use-nla-credentials',
    title: 'Sign in with your full account name',
    plain: 'The remote computer checks your account before the session starts. Type your user name as DOMAIN\\name or name@company.com, and make sure your password has not expired.',
    where: 'client',
    invasiveness: 'none',
    risk: 'None.',
    steps: [
      'When Remote Desktop asks for your credentials, select "More choices" > "Use a different account".',
      'Type DOMAIN\\name (or name@company.com) and your password.',
      'If your password expired, change it first (for example on the company web portal).',
    ],
    commands: [],
  });
}

export function tryAnotherNetwork(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'try-another-network',
    title: 'Try from another network',
    plain: 'To see whether something on the way cuts the connection, try once from a different network: a cable instead of Wi-Fi, or a phone hotspot (with the VPN connected if you need it).',
    where: 'client',
    invasiveness: 'none',
    purpose: 'workaround',
    risk: 'None.',
    steps: ['Connect to a different network (cable, or your phone\'s hotspot).', 'Connect the VPN if you need it.', 'Run the check again and compare.'],
    commands: [],
  });
}
