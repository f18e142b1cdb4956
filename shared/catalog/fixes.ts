/**
 * Every fix the catalogue suggests: what to do by hand (steps, exact commands), where, how invasive,
 * the risk in plain words, and whether the service can do it here (`automatic`).
 * One builder per fix id; findings list them least invasive first. The Windows rules reuse these
 * builders for their own findings.
 *
 * Command text only ever contains values that passed commandText.ts validation, quoted for the shell.
 */
import type { FixCommand, FixPurpose, FixSuggestion, Invasiveness } from '../model';
import type { Target } from '../target';
import { buildRdpFile } from '../rdpFile';
import { pingCommand, pingCommandText } from '../checks/ping';
import { fixScriptCommand, type FixScriptInput } from './fixScripts';
import { HOST_PLACEHOLDER, commandAddress, commandHost, commandThumbprint, cmdCommand, mstscAddress, powershellCommand, psQuote } from './commandText';

/** Fix ids for which the service has a module that can preview, apply (with consent), verify and undo. */
export const AUTOMATIC_FIX_IDS = [
  'enable-firewall-rules',
  'regenerate-self-signed-cert',
  'repair-keyfile-acl',
  'reset-machinekeys-acl',
  'clear-certificate-hash',
  'rebuild-machinekeys',
  'start-termservice',
  'set-nla',
  'set-security-layer',
  'enable-rdp',
  'write-rdp-file',
  'remote-repair',
] as const;
export type AutomaticFixId = (typeof AUTOMATIC_FIX_IDS)[number];

export function isAutomaticFixId(id: string): id is AutomaticFixId {
  return (AUTOMATIC_FIX_IDS as readonly string[]).includes(id);
}

/**
 * Automatic fixes that also run off Windows: writing a .rdp file is meaningful everywhere (the
 * Remote Desktop apps of macOS and Linux, e.g. Windows App or Remmina, open .rdp files too).
 */
export const ANY_PLATFORM_FIX_IDS: readonly AutomaticFixId[] = ['write-rdp-file'];

/** What a fix needs to know about the situation it is suggested in. */
export interface FixContext {
  target: Target;
  /** process.platform of the machine running the app (win32, darwin, linux ...). */
  platform: string;
  /** The target is this machine (server-side fixes can run here). */
  targetIsLocal: boolean;
  /** An address that completed the handshake, for "connect by IP". */
  workingAddress?: string;
  /** The certificate the server presented, when one was seen. */
  certificate?: { selfSigned: boolean; sha1?: string; names: string[] };
  /** A path-MTU black hole: the largest packet that crossed (IP bytes), its ping payload and the address measured. */
  pathMtu?: { mtu: number; payload: number; address: string };
}

type Where = FixSuggestion['where'];

/**
 * Automatic only on Windows, except the fixes in ANY_PLATFORM_FIX_IDS; server fixes only when the
 * target is this machine; remote-repair only when it is not (it runs here and reaches the server
 * over PowerShell remoting).
 */
export function canAutomate(id: string, where: Where, ctx: Pick<FixContext, 'platform' | 'targetIsLocal'>): boolean {
  if (!isAutomaticFixId(id)) return false;
  if (ctx.platform !== 'win32' && !ANY_PLATFORM_FIX_IDS.includes(id)) return false;
  if (id === 'remote-repair') return !ctx.targetIsLocal;
  if (where === 'server') return ctx.targetIsLocal;
  return true;
}

export interface FixSpec {
  id: string;
  title: string;
  plain: string;
  where: Where;
  invasiveness: Invasiveness;
  /** Default: a repair. */
  purpose?: FixPurpose;
  risk: string;
  steps: string[];
  commands: FixCommand[];
  illustration?: string;
  params?: Record<string, unknown>;
}

/** A fix suggestion from its spec; automatic only where a fix module exists and may run here. */
export function fix(ctx: FixContext, spec: FixSpec): FixSuggestion {
  return {
    id: spec.id,
    title: spec.title,
    plain: spec.plain,
    where: spec.where,
    invasiveness: spec.invasiveness,
    ...(spec.purpose && spec.purpose !== 'repair' ? { purpose: spec.purpose } : {}),
    risk: spec.risk,
    steps: spec.steps,
    commands: spec.commands,
    ...(spec.illustration ? { illustration: spec.illustration } : {}),
    automatic: canAutomate(spec.id, spec.where, ctx),
    ...(spec.params ? { params: spec.params } : {}),
  };
}

const ps = powershellCommand;
const cmd = cmdCommand;
const sh = (label: string, text: string): FixCommand => ({ label, shell: 'bash', text });

/** The host for commands run on this machine against the target (validated), or a placeholder. */
function hostOf(ctx: FixContext): string {
  return commandHost(ctx.target) ?? HOST_PLACEHOLDER;
}

const RDP_TCP_KEY = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp';
const TS_POLICY_KEY = 'HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services';
const ON_SERVER = 'On the remote computer (signed in as an administrator, for example at its console or through your management tool), open PowerShell as administrator.';

// Manual steps of fixes with an illustration are the illustration's numbered callouts
// (assets/illustrations/index.json), so the picture and the list say the same; how to open the
// window goes into the fix's plain text. catalog.test.ts keeps the two in step.
const FIREWALL_OPEN =
  'On the remote computer, press Windows key + R, type control firewall.cpl and press Enter, then click "Allow an app or feature through Windows Defender Firewall" on the left.';
const FIREWALL_STEPS = [
  'Click Change settings (this needs administrator rights).',
  'Find Remote Desktop in the list and tick its Private box.',
  'Tick its Public box as well only if that computer is on a network marked Public and must accept connections there.',
  'Click OK.',
];
const CERT_STORE_OPEN =
  'On the remote computer, press Windows key + R, type certlm.msc and press Enter (or run mmc, add the Certificates snap-in and choose Computer account, Local computer).';
const CERT_STORE_STEPS = [
  'In the tree on the left, open Remote Desktop and click Certificates.',
  "Look at the certificate's Expiration Date: if that date has passed, the certificate must be replaced.",
  'Right-click the certificate and choose Delete. To keep a copy, first choose All Tasks, then Export..., and delete it afterwards.',
];
const SYSTEM_REMOTE_OPEN = 'On the remote computer, press Windows key + R, type SystemPropertiesRemote and press Enter.';
const SYSTEM_REMOTE_STEPS = [
  'Open the Remote tab.',
  'Choose Allow remote connections to this computer.',
  'Leave the Network Level Authentication box ticked (recommended). Untick it only for a short test if you are asked to, and tick it again afterwards.',
  'Click Apply, then OK.',
];
const MSTSC_OPEN = 'On this computer, press Windows key + R, type mstsc and press Enter.';
const MSTSC_STEPS = [
  "In the Computer box, type the remote computer's IP address (for example 192.168.1.25) instead of its name.",
  'Click Show Options. To keep this setting, click Save As... under Connection settings and save a .rdp file; next time, double-click that file.',
  'Click Connect.',
];

// ---- the scripts the server fixes run: shown as they run (fixScripts.ts) -------------------------

export const REMOTE_REPAIR_ACTIONS = ['certificate', 'enable-rdp', 'firewall', 'security-layer'] as const;
export type RemoteRepairAction = (typeof REMOTE_REPAIR_ACTIONS)[number];
export type FirewallProfile = 'Domain' | 'Private' | 'Public';

/** The profiles the firewall fix opens by hand when nothing chose them: not Public (see FIREWALL_STEPS). */
export const DEFAULT_FIREWALL_PROFILES: readonly FirewallProfile[] = ['Domain', 'Private'];

const SCRIPT_NOTE = 'the script the fix runs; save it as a .ps1 file and run it in Windows PowerShell as administrator';
const script = (what: string): string => `${what} (${SCRIPT_NOTE})`;

const indent = (text: string): string =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');

// ---- the fixes ---------------------------------------------------------------------------------

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

export function checkComputerOn(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'check-computer-on',
    title: 'Make sure the remote computer is on and awake',
    plain: 'A computer that is switched off, asleep or restarting does not answer. Ask someone at the office (or IT) to check it is on and not asleep.',
    where: 'server',
    invasiveness: 'none',
    risk: 'None.',
    steps: [
      'Ask a colleague or IT to check the computer is switched on and shows the sign-in screen.',
      'If it goes to sleep, IT can set it never to sleep while plugged in.',
      'Run the check again.',
    ],
    commands: [],
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

export function startTermService(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'start-termservice',
    title: 'Start the Remote Desktop service',
    plain: 'If the Remote Desktop service on the remote computer is stopped, nothing answers on the port. IT can start it.',
    where: 'server',
    invasiveness: 'low',
    risk: 'Starting the services does not affect anyone signed in. A service that was disabled is set to start manually first; the script prints each service as it was.',
    steps: [ON_SERVER, 'Run the script below: it starts Remote Desktop Services, Remote Desktop Configuration and the UserMode Port Redirector.', 'Run the check again.'],
    commands: [fixScriptCommand(script('Start the Remote Desktop services'), 'fix-start-services', {})],
  });
}

export function restartTermService(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'restart-termservice',
    title: 'Restart the Remote Desktop service',
    plain: 'Restarting the Remote Desktop service on the remote computer makes it open its port again and answer: a service that hangs or stopped listening is repaired the same way. IT can restart it (or restart the computer).',
    where: 'server',
    invasiveness: 'medium',
    risk: 'Everyone connected by Remote Desktop is disconnected; their sessions stay signed in and can be reconnected.',
    steps: [ON_SERVER, 'Run the commands below.', 'Status should read Running; then check again from here.'],
    commands: [ps('Restart Remote Desktop Services', 'Get-Service -Name TermService\nRestart-Service -Name TermService -Force\nGet-Service -Name TermService')],
  });
}

export function enableRdp(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'enable-rdp',
    title: 'Turn on Remote Desktop on the remote computer',
    plain: `Remote Desktop may be turned off on the remote computer. IT can turn it on in its settings. ${SYSTEM_REMOTE_OPEN}`,
    where: 'server',
    invasiveness: 'medium',
    risk: 'The computer starts accepting Remote Desktop sign-ins from the network (only members of Administrators or Remote Desktop Users can sign in). A group policy can turn it off again.',
    steps: [...SYSTEM_REMOTE_STEPS],
    commands: [
      fixScriptCommand(script('Turn Remote Desktop on and open its firewall rules'), 'fix-enable-rdp', {}),
      ps('Check whether a group policy overrides it', `Get-ItemProperty -Path '${TS_POLICY_KEY}' -Name fDenyTSConnections -ErrorAction SilentlyContinue`),
    ],
    illustration: 'system-properties-remote-nla',
  });
}

export function enableFirewallRules(ctx: FixContext, profiles: readonly FirewallProfile[] = DEFAULT_FIREWALL_PROFILES): FixSuggestion {
  return fix(ctx, {
    id: 'enable-firewall-rules',
    title: "Allow Remote Desktop through the remote computer's firewall",
    plain: `Windows Firewall on the remote computer may be blocking Remote Desktop. IT can allow it with the built-in Remote Desktop rules. ${FIREWALL_OPEN}`,
    where: 'server',
    invasiveness: 'low',
    risk: `Allows incoming Remote Desktop connections through Windows Firewall on that computer. It does not change other firewalls (router, company firewall, cloud security group). If Remote Desktop listens on a port other than 3389, the script adds RDP Doctor's own rules for that port.`,
    steps: [...FIREWALL_STEPS],
    commands: [
      fixScriptCommand(script(`Allow Remote Desktop in for the ${profiles.join(' and ')} profile${profiles.length > 1 ? 's' : ''}`), 'fix-firewall-apply', { profiles }),
      ps(
        'Check the rules, their port and profiles',
        "Get-NetFirewallRule -Name 'RemoteDesktop-UserMode-In-TCP' | Format-List DisplayName, Enabled, Profile, Action\nGet-NetFirewallRule -Name 'RemoteDesktop-UserMode-In-TCP' | Get-NetFirewallPortFilter",
      ),
    ],
    illustration: 'firewall-allow-app',
  });
}

export function checkListenerProcess(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'check-listener-process',
    title: 'See which program listens on the port',
    plain: 'IT can check on the remote computer which program owns the port. For Remote Desktop it is the Remote Desktop Services host (svchost).',
    where: 'server',
    invasiveness: 'none',
    purpose: 'investigate',
    risk: 'None: this only looks.',
    steps: [ON_SERVER, 'Run the command below.'],
    commands: [
      ps(
        'Who listens on the port',
        `Get-NetTCPConnection -LocalPort ${ctx.target.port} -State Listen | ForEach-Object { Get-Process -Id $_.OwningProcess }`,
      ),
      cmd('The same with netstat', `netstat -ano | findstr :${ctx.target.port}`),
    ],
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

export function checkServerEvents(ctx: FixContext): FixSuggestion {
  const host = commandHost(ctx.target);
  const query = [
    "Get-WinEvent -FilterHashtable @{ LogName = 'System'; ProviderName = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager'; Id = 1050, 1051, 1052, 1055, 1057, 1058, 1059, 1061, 1062, 1063, 1064, 1065 } -MaxEvents 20 -ErrorAction SilentlyContinue | Format-List TimeCreated, Id, Message",
    "Get-WinEvent -FilterHashtable @{ LogName = 'System'; ProviderName = 'Schannel'; Id = 36870, 36871, 36874, 36887, 36888 } -MaxEvents 20 -ErrorAction SilentlyContinue | Format-List TimeCreated, Id, Message",
  ].join('\n');
  const commands = [ps('On the remote computer: certificate and TLS errors', query)];
  if (host && !ctx.targetIsLocal) {
    commands.push(ps('The same from here, over PowerShell remoting', `Invoke-Command -ComputerName ${psQuote(host)} -Credential (Get-Credential) -ScriptBlock {\n${indent(query)}\n}`));
  }
  return fix(ctx, {
    id: 'check-server-events',
    title: "Read the remote computer's error log",
    plain: 'The remote computer writes down why it refused to secure a connection. IT can read those entries to confirm the cause before changing anything.',
    where: 'server',
    invasiveness: 'none',
    purpose: 'investigate',
    risk: 'None: this only reads the System event log.',
    steps: [
      ON_SERVER,
      'Run the command below.',
      'Event 36870 or 1057/1058 points to the certificate key file permissions; 36871 to TLS turned off; 36874 to no common cipher; 1058 to an expired certificate that was not replaced; 1062 to 1065 to the certificate from the Group Policy certificate template.',
    ],
    commands,
  });
}

export function repairKeyfileAcl(ctx: FixContext, restart = true): FixSuggestion {
  return fix(ctx, {
    id: 'repair-keyfile-acl',
    title: "Repair the permissions on the certificate's key file",
    plain: "Remote Desktop needs to read the secret key of its certificate. If the permissions on that key file are wrong, it cannot secure connections and Windows cannot renew the certificate. IT can restore the permissions.",
    where: 'server',
    invasiveness: 'low',
    risk: "Gives the Remote Desktop service (NETWORK SERVICE) read access to the one key file it needs, and SYSTEM and Administrators full control. Restarting Remote Desktop Configuration (SessionEnv) should not sign anyone out. The permissions before the change are saved in the undo folder, for the record.",
    steps: [
      ON_SERVER,
      'Run the script below; it finds the key file of the certificate Remote Desktop uses, saves its permissions, takes ownership back only where Administrators are refused, removes deny entries that reach NETWORK SERVICE and grants read access.',
      'It restarts "Remote Desktop Configuration" (SessionEnv) so that Windows tries again.',
      'Run the check again.',
    ],
    commands: [fixScriptCommand(script('Restore read access for NETWORK SERVICE and retry'), 'fix-keyfile-acl', { restartSessionEnv: restart })],
  });
}

export function regenerateSelfSignedCert(ctx: FixContext, only: string | null = ctx.certificate?.selfSigned ? (ctx.certificate.sha1 ?? null) : null): FixSuggestion {
  const thumbprint = commandThumbprint(only);
  return fix(ctx, {
    id: 'regenerate-self-signed-cert',
    title: 'Make Windows create a new Remote Desktop certificate',
    plain: `Deleting the broken or expired Remote Desktop certificate on the remote computer makes Windows create a fresh one when its Remote Desktop Configuration service restarts. ${CERT_STORE_OPEN}`,
    where: 'server',
    invasiveness: 'medium',
    risk: 'Only the self-signed certificate in the "Remote Desktop" store is deleted; a certificate IT deployed from a certificate authority lives elsewhere and is not touched. Everyone who connects sees the "verify this computer" prompt once. If the key file permissions are broken, no new certificate is created (event 1057): repair them first.',
    steps: [
      ...CERT_STORE_STEPS,
      'Press Windows key + R, type services.msc and press Enter; click Remote Desktop Configuration, then Restart the service on the left.',
      'Back in the certificates console, press F5: a new certificate with a later expiration date appears. Then run the check again.',
    ],
    commands: [fixScriptCommand(script('Delete the certificate and let Windows create a new one'), 'fix-regenerate-cert', { thumbprint })],
    illustration: 'certificates-remote-desktop-store',
    ...(thumbprint ? { params: { thumbprint } } : {}),
  });
}

export function resetMachineKeysAcl(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'reset-machinekeys-acl',
    title: "Reset the permissions of the computer's key store",
    plain: 'When the folder where Windows keeps its machine keys has lost its permissions, Remote Desktop cannot read or create its key. IT can give the folder back to the administrators and reset its permissions, the repair Microsoft documents, then restart Remote Desktop.',
    where: 'server',
    invasiveness: 'medium',
    risk: 'The Administrators group becomes the owner of the MachineKeys folder and of every key file in it; SYSTEM and Administrators get full control and NETWORK SERVICE read on all of them (other entries stay). Restarting Remote Desktop Services (TermService) ends the remote sessions on that computer. The owners and permissions before are saved; undo puts the permissions back, and the owners that could be read.',
    steps: [
      ON_SERVER,
      'Run the commands below: they save the permissions, take ownership back for Administrators, reset the permissions and restart Remote Desktop Services.',
      'Run the check again.',
    ],
    commands: [fixScriptCommand(script('Take ownership back, reset the permissions, restart Remote Desktop Services'), 'fix-reset-machinekeys-acl', {})],
  });
}

export function rebuildMachineKeys(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'rebuild-machinekeys',
    title: "Rebuild the computer's key store (last resort)",
    plain: "If the key store itself is damaged, IT can set it aside so Windows builds a new one. This is a heavy repair for when the others did not help.",
    where: 'server',
    invasiveness: 'high',
    risk: "Every machine-wide private key is set aside, not only Remote Desktop's: certificates of other services on that computer (web server, VPN, SQL Server, Wi-Fi/802.1X) stop working until their keys are restored from the backup or the certificates are re-issued. The self-signed Remote Desktop certificate is backed up and deleted so Windows makes a new one. Remote Desktop Services is stopped, which ends every remote session on that computer. Only for a dedicated machine, with the backup kept.",
    steps: [
      ON_SERVER,
      'Make sure no other service on this computer depends on machine certificates, or plan to re-import them.',
      'Run the commands below: they back up and delete the self-signed certificate, stop Remote Desktop Services, set the key folder aside, create a new one with the same permissions and start the services. If a service does not start, restart the computer.',
      'Check that a new key file and a new certificate exist (the last two commands), then run the check again. To undo: stop Remote Desktop Services, move the new MachineKeys folder aside, rename MachineKeys.old-<time> back to MachineKeys and start the services.',
    ],
    commands: [fixScriptCommand(script('Back up, set aside, start again and check'), 'fix-rebuild-machinekeys', {})],
  });
}

/** What remote-repair.ps1 is given: the same for the command shown and the repair run (electron/fixes/remoteRepair.ts). */
export function remoteRepairInput(host: string, action: RemoteRepairAction, thumbprint: string | null | undefined, connection: { useSsl: boolean; skipCertificateCheck: boolean }): FixScriptInput {
  return { host, action, thumbprint: action === 'certificate' ? commandThumbprint(thumbprint) : null, useSsl: connection.useSsl, skipCertificateCheck: connection.useSsl && connection.skipCertificateCheck };
}

export function remoteRepair(ctx: FixContext, action: RemoteRepairAction, connection: { useSsl: boolean; skipCertificateCheck: boolean } = { useSsl: false, skipCertificateCheck: false }): FixSuggestion | null {
  const host = commandHost(ctx.target);
  if (!host || ctx.targetIsLocal) return null;
  const thumbprint = ctx.certificate?.selfSigned ? commandThumbprint(ctx.certificate.sha1) : null;
  const what: Record<RemoteRepairAction, string> = {
    certificate: 'repair the certificate key file permissions and let Windows create a new Remote Desktop certificate',
    'enable-rdp': 'turn Remote Desktop on and open its firewall rules',
    firewall: 'enable the built-in Remote Desktop firewall rules',
    'security-layer': 'set the Remote Desktop security layer to Negotiate',
  };
  return fix(ctx, {
    id: 'remote-repair',
    title: 'Repair it from here over PowerShell remoting',
    plain: `When Remote Desktop is broken, PowerShell remoting (WinRM) to ${host} often still works. An administrator can ${what[action]} from this computer.`,
    where: 'server',
    invasiveness: 'medium',
    risk: 'Needs administrator credentials on the remote computer and PowerShell remoting enabled there (TCP 5985/5986). The changes are the same as doing it at the remote computer. With an IP address instead of a name, remoting also needs HTTPS or a TrustedHosts entry.',
    steps: [
      'Open Windows PowerShell on this computer (PowerShell 7 cannot show the Windows sign-in dialog).',
      'Check that remoting answers (first command).',
      'Run the repair script; sign in with an administrator account of the remote computer. For HTTPS (5986), set "useSsl" to true in its input line.',
      'On an Azure VM without remoting, paste the part of the script assigned to $work into Run command > RunPowerShellScript in the portal.',
      'Run the check again.',
    ],
    commands: [
      ps('Does PowerShell remoting answer?', `Test-WSMan -ComputerName ${psQuote(host)}`),
      fixScriptCommand(script('Repair over remoting'), 'remote-repair', remoteRepairInput(host, action, thumbprint, connection)),
    ],
    params: { host, action, port: ctx.target.port, ...(thumbprint && action === 'certificate' ? { thumbprint } : {}) },
  });
}

export function renewCertificate(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'renew-certificate',
    title: 'Renew the certificate from the certificate authority',
    plain: 'The remote computer uses a certificate issued by your organisation (not one Windows made itself). IT needs to renew it and set Remote Desktop to use the new one.',
    where: 'server',
    invasiveness: 'medium',
    risk: 'A new certificate must match the computer name and have Server Authentication (or Remote Desktop Authentication) usage; a wrong thumbprint stops Remote Desktop from securing connections.',
    steps: [
      'Renew or re-enroll the certificate (certlm.msc > Personal > Certificates, or the group policy certificate template for Remote Desktop).',
      'Copy the new certificate\'s thumbprint.',
      'Set it on the Remote Desktop listener with the commands below (replace THUMBPRINT).',
      'Run the check again.',
    ],
    commands: [
      ps(
        'Show the certificate the listener uses',
        "Get-CimInstance -Namespace 'root/cimv2/TerminalServices' -ClassName Win32_TSGeneralSetting -Filter \"TerminalName='RDP-Tcp'\" | Format-List SSLCertificateSHA1Hash",
      ),
      ps(
        'Bind the renewed certificate (replace THUMBPRINT)',
        "$ts = Get-CimInstance -Namespace 'root/cimv2/TerminalServices' -ClassName Win32_TSGeneralSetting -Filter \"TerminalName='RDP-Tcp'\"\nSet-CimInstance -InputObject $ts -Property @{ SSLCertificateSHA1Hash = 'THUMBPRINT' }",
      ),
    ],
  });
}

export function useCaCertificate(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'use-ca-certificate',
    title: 'Give the computer a certificate from your certificate authority',
    plain: 'With a certificate from your organisation that carries the computer\'s name, Remote Desktop stops asking whether to trust the computer.',
    where: 'server',
    invasiveness: 'medium',
    risk: 'Needs a certificate authority the clients trust. A certificate without the right name or usage causes new warnings or failures.',
    steps: [
      'Issue a certificate with the computer\'s full DNS name and Server Authentication usage (a group policy template for Remote Desktop can do this for many computers).',
      'Import it to the computer\'s Personal store.',
      'Bind it to the listener (SSLCertificateSHA1Hash) as shown, replacing THUMBPRINT.',
    ],
    commands: [
      ps(
        'Bind a certificate to the Remote Desktop listener (replace THUMBPRINT)',
        "$ts = Get-CimInstance -Namespace 'root/cimv2/TerminalServices' -ClassName Win32_TSGeneralSetting -Filter \"TerminalName='RDP-Tcp'\"\nSet-CimInstance -InputObject $ts -Property @{ SSLCertificateSHA1Hash = 'THUMBPRINT' }",
      ),
    ],
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

export function syncServerClock(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'sync-server-clock',
    title: "Correct the remote computer's clock",
    plain: "If your clock is right, the remote computer's clock is wrong. IT can make it synchronise again.",
    where: 'server',
    invasiveness: 'low',
    risk: 'The clock jumps to the correct time; scheduled tasks due in the skipped time may run at once.',
    steps: [ON_SERVER, 'Run the commands below.', 'In a domain, the computer takes its time from the domain controllers: check their time too.'],
    commands: [cmd('Resynchronise and show the source', 'w32tm /resync\nw32tm /query /status')],
  });
}

export function setSecurityLayer(ctx: FixContext, layer: 0 | 1 | 2 = 1): FixSuggestion {
  return fix(ctx, {
    id: 'set-security-layer',
    title: `Set the Remote Desktop security layer to ${(['RDP Security Layer', 'Negotiate', 'TLS'] as const)[layer]}`,
    plain: 'The remote computer is set to the old Remote Desktop security only. Switching it to Negotiate lets up-to-date computers secure the connection with TLS, and still lets old ones in.',
    where: 'server',
    invasiveness: 'low',
    risk: 'Applies to new connections. A group policy ("Require use of specific security layer for remote (RDP) connections") wins over this setting; then the policy must change. TLS needs a usable certificate on the computer.',
    steps: [ON_SERVER, 'Check whether a group policy sets the security layer (second command).', 'Run the first command.', 'Run the check again.'],
    commands: [
      fixScriptCommand(script('Set the security layer (0 RDP, 1 Negotiate, 2 TLS)'), 'fix-set-security-layer', { securityLayer: layer }),
      ps('Is it set by group policy?', `Get-ItemProperty -Path '${TS_POLICY_KEY}' -Name SecurityLayer -ErrorAction SilentlyContinue`),
    ],
    params: { securityLayer: layer },
  });
}

export function setNla(ctx: FixContext, required: boolean): FixSuggestion {
  return fix(ctx, {
    id: 'set-nla',
    title: required ? 'Require Network Level Authentication' : 'Turn off Network Level Authentication (only if a client cannot use it)',
    plain: required
      ? `Network Level Authentication makes people sign in before a session starts. It is the safer setting. ${SYSTEM_REMOTE_OPEN}`
      : `Only if a client that cannot do Network Level Authentication must connect: IT can stop requiring it for a short test, so people sign in on the remote sign-in screen instead. ${SYSTEM_REMOTE_OPEN}`,
    where: 'server',
    invasiveness: required ? 'low' : 'high',
    risk: required
      ? 'Clients without CredSSP support (very old ones) can no longer connect.'
      : 'Weakens security: the sign-in screen is shown to anyone who can reach the port, before they prove who they are. Turn it back on as soon as the client is fixed.',
    steps: [...SYSTEM_REMOTE_STEPS],
    commands: [
      fixScriptCommand(script(required ? 'Require NLA' : 'Stop requiring NLA'), 'fix-set-nla', { required }),
      ps('Is it set by group policy?', `Get-ItemProperty -Path '${TS_POLICY_KEY}' -Name UserAuthentication -ErrorAction SilentlyContinue`),
    ],
    illustration: 'system-properties-remote-nla',
    params: { required },
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

export function enableTls12(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'enable-tls12',
    title: 'Turn on TLS 1.2 on the remote computer',
    plain: 'The remote computer only speaks old versions of the security protocol. IT should turn on TLS 1.2 (and install the update that adds it on very old Windows versions).',
    where: 'server',
    invasiveness: 'medium',
    risk: 'Needs a restart of the remote computer. Windows 7 and Server 2008 R2 need update KB3080079 before Remote Desktop can use TLS 1.1/1.2. Do not solve this by turning old TLS back on elsewhere: that weakens every connection.',
    steps: [
      ON_SERVER,
      'On Windows 7 / Server 2008 R2, install the Remote Desktop TLS 1.1/1.2 update (KB3080079) first.',
      'Run the commands below (they only create the keys that are missing).',
      'Restart the computer, then run the check again.',
    ],
    commands: [
      ps(
        'Enable TLS 1.2 for server and client side',
        [
          "foreach ($side in 'Server', 'Client') {",
          '  $key = "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\$side"',
          '  if (-not (Test-Path $key)) { New-Item -Path $key -Force | Out-Null }',
          '  New-ItemProperty -Path $key -Name Enabled -Value 1 -PropertyType DWord -Force | Out-Null',
          '  New-ItemProperty -Path $key -Name DisabledByDefault -Value 0 -PropertyType DWord -Force | Out-Null',
          '}',
        ].join('\n'),
      ),
      ps('Show the current TLS switches', "Get-ChildItem -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols' -Recurse"),
    ],
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

/** Drops the fixes that do not apply (null) and keeps the order: least invasive first. */
/** The same fix with another purpose for one finding (what repairs one cause only works around another). */
export function withPurpose(fix: FixSuggestion, purpose: FixPurpose): FixSuggestion {
  const { purpose: _old, ...rest } = fix;
  return purpose === 'repair' ? rest : { ...rest, purpose };
}

/** Who reads the options: a remote worker on their own computer (plain words), or IT staff. */
export type FixAudience = 'plain' | 'it';

const PURPOSE_RANK: Record<FixPurpose, number> = { repair: 0, workaround: 1, investigate: 2 };
const INVASIVENESS_RANK: Record<Invasiveness, number> = { none: 0, low: 1, medium: 2, high: 3 };

/** A fix's purpose (a fix that says none is a repair). */
export function purposeOf(fix: Pick<FixSuggestion, 'purpose'>): FixPurpose {
  return fix.purpose ?? 'repair';
}

/**
 * A fix the audience can carry out themselves and that gets them connected: for IT any repair or
 * workaround; for a remote worker only one on their own computer.
 */
export function actionableBy(fix: Pick<FixSuggestion, 'purpose' | 'where'>, audience: FixAudience): boolean {
  if (purposeOf(fix) === 'investigate') return false;
  return audience === 'it' || fix.where === 'client';
}

/**
 * The order options are offered in: first what repairs the cause for this audience, least invasive
 * first among those; then what works around it; reading logs and testing by hand last (they are a
 * step of a repair, not the first thing to do). IT: repairs anywhere. A remote worker: what they can
 * do on this computer first, then the rest in IT's order (for the report they send). Equal ranks keep
 * the catalogue's order; duplicates (same id) are dropped.
 */
export function orderFixes(fixes: ReadonlyArray<FixSuggestion | null | undefined>, audience: FixAudience = 'it'): FixSuggestion[] {
  const seen = new Set<string>();
  const mine = (f: FixSuggestion) => (audience === 'plain' && !actionableBy(f, 'plain') ? 1 : 0);
  return fixes
    .filter((f): f is FixSuggestion => Boolean(f))
    .map((f, index) => ({ f, index }))
    .sort(
      (a, b) =>
        mine(a.f) - mine(b.f) ||
        PURPOSE_RANK[purposeOf(a.f)] - PURPOSE_RANK[purposeOf(b.f)] ||
        INVASIVENESS_RANK[a.f.invasiveness] - INVASIVENESS_RANK[b.f.invasiveness] ||
        a.index - b.index,
    )
    .map(({ f }) => f)
    .filter((f) => (seen.has(f.id) ? false : (seen.add(f.id), true)));
}
