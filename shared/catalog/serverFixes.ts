/**
 * Fixes on the remote computer's Remote Desktop itself: is it on, its services, Remote Desktop turned
 * on, its firewall rules, who listens on the port, its event log, its clock, the security layer,
 * Network Level Authentication and TLS 1.2. The certificate and key-store repairs are in
 * certificateFixes.ts.
 */
import { WATCHED_EVENTS } from '../checks/windows/events';
import type { FixSuggestion } from '../model';
import { cmdCommand as cmd, commandHost, powershellCommand as ps, psQuote } from './commandText';
import { fix, type FixContext } from './fix';
import { fixScriptCommand } from './fixScripts';
import { ON_SERVER, scriptLabel, serverScriptFix } from './serverScript';

const TS_POLICY_KEY = 'HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services';

export type FirewallProfile = 'Domain' | 'Private' | 'Public';

/** The profiles the firewall fix opens by hand when nothing chose them: not Public (see FIREWALL_STEPS). */
export const DEFAULT_FIREWALL_PROFILES: readonly FirewallProfile[] = ['Domain', 'Private'];

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
const SYSTEM_REMOTE_OPEN = 'On the remote computer, press Windows key + R, type SystemPropertiesRemote and press Enter.';
const SYSTEM_REMOTE_STEPS = [
  'Open the Remote tab.',
  'Choose Allow remote connections to this computer.',
  'Leave the Network Level Authentication box ticked (recommended). Untick it only for a short test if you are asked to, and tick it again afterwards.',
  'Click Apply, then OK.',
];

const indent = (text: string): string =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');

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

export function startTermService(ctx: FixContext): FixSuggestion {
  return serverScriptFix(ctx, {
    id: 'start-termservice',
    title: 'Start the Remote Desktop service',
    plain: 'If the Remote Desktop service on the remote computer is stopped, nothing answers on the port. IT can start it.',
    invasiveness: 'low',
    risk: 'Starting the services does not affect anyone signed in. A service that was disabled is set to start manually first; the script prints each service as it was.',
    steps: ['Run the script below: it starts Remote Desktop Services, Remote Desktop Configuration and the UserMode Port Redirector.', 'Run the check again.'],
    run: { what: 'Start the Remote Desktop services', scriptId: 'fix-start-services', input: {} },
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
      fixScriptCommand(scriptLabel('Turn Remote Desktop on and open its firewall rules'), 'fix-enable-rdp', {}),
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
      fixScriptCommand(scriptLabel(`Allow Remote Desktop in for the ${profiles.join(' and ')} profile${profiles.length > 1 ? 's' : ''}`), 'fix-firewall-apply', { profiles }),
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

export function checkServerEvents(ctx: FixContext): FixSuggestion {
  const host = commandHost(ctx.target);
  // The events the check reads, from its one list.
  const query = WATCHED_EVENTS.map(
    (w) => `Get-WinEvent -FilterHashtable @{ LogName = 'System'; ProviderName = ${psQuote(w.provider)}; Id = ${w.ids.join(', ')} } -MaxEvents 20 -ErrorAction SilentlyContinue | Format-List TimeCreated, Id, Message`,
  ).join('\n');
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
      fixScriptCommand(scriptLabel('Set the security layer (0 RDP, 1 Negotiate, 2 TLS)'), 'fix-set-security-layer', { securityLayer: layer }),
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
      fixScriptCommand(scriptLabel(required ? 'Require NLA' : 'Stop requiring NLA'), 'fix-set-nla', { required }),
      ps('Is it set by group policy?', `Get-ItemProperty -Path '${TS_POLICY_KEY}' -Name UserAuthentication -ErrorAction SilentlyContinue`),
    ],
    illustration: 'system-properties-remote-nla',
    params: { required },
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
