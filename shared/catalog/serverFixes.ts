/**
 * Fixes on the remote computer's Remote Desktop itself: is it on, its services, Remote Desktop turned
 * on, its firewall rules, who listens on the port, its event log, its clock, the security layer,
 * Network Level Authentication and TLS 1.2. The certificate and key-store repairs are in
 * certificateFixes.ts. Their words are in fixTexts.json.
 */
import { WATCHED_EVENTS } from '../checks/windows/events';
import type { FixSuggestion } from '../model';
import { cmdCommand as cmd, commandHost, powershellCommand as ps, psQuote } from './commandText';
import { fix, type FixContext } from './fix';
import { fixScriptCommand } from './fixScripts';
import { fixText } from './fixTexts';
import { scriptLabel, serverScriptFix } from './serverScript';

const TS_POLICY_KEY = 'HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services';

export type FirewallProfile = 'Domain' | 'Private' | 'Public';

/** The profiles the firewall fix opens by hand when nothing chose them: not Public (see its steps). */
export const DEFAULT_FIREWALL_PROFILES: readonly FirewallProfile[] = ['Domain', 'Private'];

const indent = (text: string): string =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');

/** "Is it set by group policy?": the Terminal Services policy value that would override a setting. */
const policyValue = (name: string) => ps('Is it set by group policy?', `Get-ItemProperty -Path '${TS_POLICY_KEY}' -Name ${name} -ErrorAction SilentlyContinue`);

export function checkComputerOn(ctx: FixContext): FixSuggestion {
  return fix(ctx, { ...fixText('check-computer-on'), commands: [] });
}

export function startTermService(ctx: FixContext): FixSuggestion {
  return serverScriptFix(ctx, { ...fixText('start-termservice'), run: { what: 'Start the Remote Desktop services', scriptId: 'fix-start-services', input: {} } });
}

export function restartTermService(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    ...fixText('restart-termservice'),
    commands: [ps('Restart Remote Desktop Services', 'Get-Service -Name TermService\nRestart-Service -Name TermService -Force\nGet-Service -Name TermService')],
  });
}

export function enableRdp(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    ...fixText('enable-rdp'),
    commands: [
      fixScriptCommand(scriptLabel('Turn Remote Desktop on and open its firewall rules'), 'fix-enable-rdp', {}),
      ps('Check whether a group policy overrides it', `Get-ItemProperty -Path '${TS_POLICY_KEY}' -Name fDenyTSConnections -ErrorAction SilentlyContinue`),
    ],
  });
}

export function enableFirewallRules(ctx: FixContext, profiles: readonly FirewallProfile[] = DEFAULT_FIREWALL_PROFILES): FixSuggestion {
  return fix(ctx, {
    ...fixText('enable-firewall-rules'),
    commands: [
      fixScriptCommand(scriptLabel(`Allow Remote Desktop in for the ${profiles.join(' and ')} profile${profiles.length > 1 ? 's' : ''}`), 'fix-firewall-apply', { profiles }),
      ps(
        'Check the rules, their port and profiles',
        "Get-NetFirewallRule -Name 'RemoteDesktop-UserMode-In-TCP' | Format-List DisplayName, Enabled, Profile, Action\nGet-NetFirewallRule -Name 'RemoteDesktop-UserMode-In-TCP' | Get-NetFirewallPortFilter",
      ),
    ],
  });
}

export function checkListenerProcess(ctx: FixContext): FixSuggestion {
  const { port } = ctx.target;
  return fix(ctx, {
    ...fixText('check-listener-process'),
    commands: [
      ps('Who listens on the port', `Get-NetTCPConnection -LocalPort ${port} -State Listen | ForEach-Object { Get-Process -Id $_.OwningProcess }`),
      cmd('The same with netstat', `netstat -ano | findstr :${port}`),
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
  return fix(ctx, { ...fixText('check-server-events'), commands });
}

export function syncServerClock(ctx: FixContext): FixSuggestion {
  return fix(ctx, { ...fixText('sync-server-clock'), commands: [cmd('Resynchronise and show the source', 'w32tm /resync\nw32tm /query /status')] });
}

export function setSecurityLayer(ctx: FixContext, layer: 0 | 1 | 2 = 1): FixSuggestion {
  return fix(ctx, {
    ...fixText('set-security-layer', {}, `${layer}`),
    commands: [fixScriptCommand(scriptLabel('Set the security layer (0 RDP, 1 Negotiate, 2 TLS)'), 'fix-set-security-layer', { securityLayer: layer }), policyValue('SecurityLayer')],
    params: { securityLayer: layer },
  });
}

export function setNla(ctx: FixContext, required: boolean): FixSuggestion {
  return fix(ctx, {
    ...fixText('set-nla', {}, required ? 'required' : 'notRequired'),
    commands: [fixScriptCommand(scriptLabel(required ? 'Require NLA' : 'Stop requiring NLA'), 'fix-set-nla', { required }), policyValue('UserAuthentication')],
    params: { required },
  });
}

const TLS12_ON = [
  "foreach ($side in 'Server', 'Client') {",
  '  $key = "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\$side"',
  '  if (-not (Test-Path $key)) { New-Item -Path $key -Force | Out-Null }',
  '  New-ItemProperty -Path $key -Name Enabled -Value 1 -PropertyType DWord -Force | Out-Null',
  '  New-ItemProperty -Path $key -Name DisabledByDefault -Value 0 -PropertyType DWord -Force | Out-Null',
  '}',
].join('\n');

export function enableTls12(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    ...fixText('enable-tls12'),
    commands: [
      ps('Enable TLS 1.2 for server and client side', TLS12_ON),
      ps('Show the current TLS switches', "Get-ChildItem -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols' -Recurse"),
    ],
  });
}
