/**
 * The Windows rules: local check results (this computer as client, and as server when the target is
 * this computer) → findings. Each finding says in plain words what it means, gives IT the registry
 * paths, values and event IDs, lists the evidence, and offers fixes least invasive first. A fix is
 * `automatic` only on Windows, and a server fix only when the target is this computer.
 * Checks that were skipped or errored produce nothing here (the step verdict says "not checked").
 */
import {
  CREDSSP_POLICY_PATH,
  ENCRYPTION_LEVEL_NAMES,
  LISTENER_KEY,
  NET_CLASS_KEY,
  SCHANNEL_PATH,
  SECURITY_LAYER_NAMES,
  TERMINAL_SERVER_KEY,
  TS_POLICY_KEY,
  WINDOWS_CHECK_IDS,
  acceptedCertificateDataSchema,
  certStoreDataSchema,
  clientFirewallDataSchema,
  credsspPolicyDataSchema,
  eventsDataSchema,
  keyFileDataSchema,
  keyMissing,
  listenerSettingsDataSchema,
  nicPowerDataSchema,
  schannelDataSchema,
  securitySuitesDataSchema,
  serverFirewallDataSchema,
  servicesDataSchema,
  vpnDataSchema,
  type StoreCertificate,
} from '../checks/windows';
import { NET_CHECK_IDS, tlsDataSchema } from '../checks/net';
import {
  buildFinding,
  checkSecuritySoftware,
  checkServerEvents,
  enableFirewallRules,
  enableRdp,
  enableTls12,
  evidence,
  fix,
  grantCertificateKeyRead,
  psQuote,
  rebuildMachineKeys,
  resetMachineKeysAcl,
  regenerateSelfSignedCert,
  reimportCertificateKey,
  renewCertificate,
  repairKeyfileAcl,
  setNla,
  setSecurityLayer,
  startTermService,
  tryAnotherNetwork,
  type FindingDefinition,
  type FixContext,
  type FixSpec,
  type TemplateVars,
} from '../catalog';
import type { Evidence, Finding, FixSuggestion, Severity } from '../model';
import { powershellCommand } from '../catalog/commandText';
import { fixContext, usable } from './read';
import type { Rule, RuleInput } from './types';
import { certificateServicesOff, certificateServicesRule } from './certificateServices';
import { machineKeysFolderPermissions, machineKeysFolderRule } from './machineKeysFolder';
import { portOwnerRule, rdpPortNotListening, rdpPortTaken } from './portOwner';
import { homeEditionRule, windowsHomeCannotHost } from './homeEdition';
import { staleCertificateHash, staleCertificateHashRule } from './staleCertificateHash';
import { firewallLocalRulesIgnored, localFirewallRulesRule } from './localFirewallRules';
import { connectionFloodRule, rdpConnectionFlood } from './connectionFlood';
import { cipherSuitesRule, tlsNoCommonCipher } from './cipherSuites';
import { rdpTemplateCertificate, templateCertificateRule } from './templateCertificate';
import { eventGroupText as eventText } from './eventText';

const ps = powershellCommand;

/** Our own fix suggestions, built like the catalogue's (automatic only where a fix module exists and may run here). */
const manualFix = (ctx: FixContext, spec: FixSpec): FixSuggestion => fix(ctx, spec);

type Def = Omit<FindingDefinition, 'fixes'>;

function finding(input: RuleInput, def: Def, args: { evidence: Evidence[]; vars?: TemplateVars; fixes: ReadonlyArray<FixSuggestion | null>; severity?: Severity; ctx?: FixContext }): Finding {
  const ctx = args.ctx ?? fixContext(input);
  return buildFinding({ ...def, severity: args.severity ?? def.severity, fixes: () => args.fixes }, { ctx, evidence: args.evidence, ...(args.vars ? { vars: args.vars } : {}) });
}

/** Did the network checks of this run see trouble on the way (failures, cuts)? */
function networkTrouble(input: RuleInput): boolean {
  return input.checks.some((c) => (c.id === NET_CHECK_IDS.stability || c.id === NET_CHECK_IDS.tcp || c.id === NET_CHECK_IDS.tls) && (c.status === 'fail' || c.status === 'warn'));
}

// ---- definitions ----------------------------------------------------------------------------------

const D = {
  clientFirewall: {
    id: 'client-firewall-blocks-mstsc',
    severity: 'error',
    step: 'reachability',
    title: 'Windows Firewall on this computer blocks Remote Desktop',
    plain: 'A firewall rule on your own computer stops Remote Desktop Connection from reaching {target}. Until that rule is switched off or changed, the connection cannot even start.',
    detail: 'Outbound rules (ActiveStore, Group Policy included): {rules}. Default outbound Block on: {profiles}. Inspect with Get-NetFirewallRule -PolicyStore ActiveStore -Direction Outbound -Action Block -Enabled True | Get-NetFirewallApplicationFilter / Get-NetFirewallPortFilter. Rules from Group Policy (source GroupPolicy) can only be changed by IT.',
  },
  securitySuite: {
    id: 'security-suite-present',
    severity: 'warning',
    step: 'reachability',
    title: 'Security software that can interfere with Remote Desktop is active',
    plain: '{products} is running on this computer. Suites like this can inspect or filter encrypted connections, and some cut Remote Desktop exactly while it is "securing the remote connection". Pausing its web/TLS scanning once is a quick test.',
    detail: 'root\\SecurityCenter2 AntiVirusProduct/FirewallProduct: {states}. productState decoded as scanner byte (0x10 on) and signature byte (0x00 up to date); the layout is undocumented. Test with HTTPS/SSL scanning paused or mstsc.exe excluded.',
  },
  credssp: {
    id: 'credssp-policy-mismatch',
    severity: 'warning',
    step: 'security',
    title: 'The CredSSP policy on this computer may not match the server',
    plain: '{plainMeaning}',
    detail: '{path}\\AllowEncryptionOracle = {value} ({meaning}). 0 Force Updated Clients (refuses unpatched servers), 1 Mitigated (default), 2 Vulnerable. Policy: Computer Configuration > Administrative Templates > System > Credentials Delegation > Encryption Oracle Remediation (CVE-2018-0886).',
  },
  vpn: {
    id: 'vpn-active',
    severity: 'info',
    step: 'stability',
    title: 'A VPN is active on this computer',
    plain: 'Your connection goes through a VPN ({names}). VPNs can cut or slow down Remote Desktop (smaller packet sizes, inspection, idle timeouts). If the connection drops while securing, try once with the VPN off when you are on the same network as the computer, or ask IT about the VPN policy for Remote Desktop.',
    detail: 'Adapters: {adapters}. Windows VPN connections: {connections}. A VPN adapter carrying the default route (0.0.0.0/0 or ::/0) sends all traffic through the tunnel.',
  },
  nicPower: {
    id: 'nic-power-saving',
    severity: 'info',
    step: 'stability',
    title: 'Windows may switch off the network adapter to save power',
    plain: 'Windows is allowed to turn off {adapters} to save power. When it does, connections drop without warning. Switching this off in Device Manager keeps the adapter on.',
    detail: 'Get-NetAdapterPowerManagement AllowComputerToTurnOffDevice / PnPCapabilities under {classKey}\\NNNN: {values}. PnPCapabilities = 24 (0x18) stops Windows turning the device off (takes effect after a restart of the adapter or the computer).',
  },
  rdpDisabled: {
    id: 'rdp-disabled',
    severity: 'error',
    step: 'reachability',
    title: 'Remote Desktop is turned off on this computer',
    plain: 'This computer does not accept Remote Desktop connections: it is switched off in its settings{byPolicy}. Turning it on (System Properties > Remote) lets people connect again.',
    detail: '{tsKey}\\fDenyTSConnections = {listener}; policy {policyKey}\\fDenyTSConnections = {policy}; WMI Win32_TerminalServiceSetting.AllowTSConnections = {wmi}. A policy value wins over the local setting.',
  },
  termService: {
    id: 'termservice-stopped',
    severity: 'error',
    step: 'reachability',
    title: 'The Remote Desktop service is not running on this computer',
    plain: 'Remote Desktop Services (TermService) is {state}, so nothing answers Remote Desktop connections here. Starting it fixes that; it does not affect anyone signed in.',
    detail: 'TermService: {term}; SessionEnv: {sessionEnv}; UmRdpService: {umrdp}. TermService runs as NETWORK SERVICE; a disabled start type must be changed to Manual or Automatic first.',
  },
  serverFirewall: {
    id: 'server-firewall-rule-off',
    severity: 'error',
    step: 'reachability',
    title: 'Windows Firewall on this computer does not let Remote Desktop in',
    plain: 'The firewall of this computer blocks incoming Remote Desktop connections on the {profiles} network profile. Enabling the built-in Remote Desktop rules lets connections in.',
    detail: 'Listener port {port}. Remote Desktop rules (group @FirewallAPI.dll,-28752, names RemoteDesktop-UserMode-In-TCP/UDP): {rules}. Per profile: {coverage}. Profiles in use: {active}.',
  },
  portMismatch: {
    id: 'listener-port-firewall-mismatch',
    severity: 'error',
    step: 'reachability',
    title: 'Remote Desktop listens on another port than the firewall allows',
    plain: 'Remote Desktop on this computer was moved to port {port}, but the firewall rules still only allow port {rulePorts}. Connections to port {port} are blocked until a rule allows that port.',
    detail: '{listenerKey}\\PortNumber = {port}. RemoteDesktop-UserMode-In-TCP local port: {rulePorts}. No enabled inbound Allow rule covers TCP {port}. A changed PortNumber needs the firewall rule changed too, and a restart of TermService.',
  },
  machineKeys: {
    id: 'machinekeys-permissions',
    severity: 'error',
    step: 'certificate',
    title: "Remote Desktop cannot read its certificate's key",
    plain: 'Remote Desktop cannot use the secret key of its certificate ({problem}), so it cannot secure connections (and Windows cannot renew the certificate). This is a classic cause of error 0x904 / 0x7. {remedy}',
    detail: 'Certificate {certificate} (chosen by {source}). Key {uniqueName}, {storage} key file {path} (MachineGuid {guid}), {length}; opened by RDP Doctor: {opened}. ACL: {acl}. NETWORK SERVICE (S-1-5-20) needs Read; SYSTEM (S-1-5-18) and Administrators (S-1-5-32-544) Full Control. Related events: Schannel 36870, RemoteConnectionManager 1055/1057/1058.',
  },
  certExpired: {
    id: 'cert-store-expired',
    severity: 'error',
    step: 'certificate',
    title: 'The Remote Desktop certificate on this computer has expired',
    plain: 'The certificate this computer uses to secure Remote Desktop expired on {notAfter}{notRenewed}. {action}',
    detail: 'Cert:\\LocalMachine\\{store}\\{thumbprint}: subject {subject}, issuer {issuer}, valid {notBefore} to {notAfter}, private key {privateKey}, in use {inUse}. Listener SSLCertificateSHA1Hash (WMI) = {inUseThumbprint}. Event 1058 means Windows failed to replace an expired self-signed certificate.',
  },
  schannelErrors: {
    id: 'schannel-key-errors',
    severity: 'error',
    step: 'certificate',
    title: 'Windows logged certificate key errors for Remote Desktop',
    plain: 'In the last {days} days this computer recorded errors reading or creating the Remote Desktop certificate key. While they happen, connections are dropped while "securing the remote connection".',
    detail: 'System log: {events}. 36870 = Schannel cannot access the private key (0x8009030D); 36872 = no suitable default server credential (no usable certificate and key); 1057 = self-signed certificate creation failed (keyset does not exist); 1058 = expired self-signed certificate not replaced (access denied); 1055 = private key inaccessible.',
  },
  tlsDisabled: {
    id: 'tls-disabled-on-server',
    severity: 'error',
    step: 'certificate',
    title: 'TLS is switched off for Remote Desktop on this computer',
    plain: 'The security protocol TLS 1.2 is turned off in the registry of this computer, so Remote Desktop cannot secure connections with up-to-date clients.',
    detail: '{path}\\<version>\\Server: {switches}. {events}FIPS policy (Lsa\\FIPSAlgorithmPolicy\\Enabled) = {fips}. Schannel event 36871 = credential creation failed (TLS switched off).',
  },
  nlaPolicy: {
    id: 'nla-policy-override',
    severity: 'info',
    step: 'security',
    title: 'Group Policy decides the Remote Desktop security settings here',
    plain: 'A Group Policy sets {settings} on this computer. Changing them in System Properties has no effect; they must be changed in the policy (by IT).',
    detail: 'Policy key {policyKey}: {overrides}. Listener key {listenerKey}. Policies: Computer Configuration > Administrative Templates > Windows Components > Remote Desktop Services > Remote Desktop Session Host > Security.',
  },
  inconsistent: {
    id: 'listener-security-inconsistent',
    severity: 'error',
    step: 'security',
    title: 'Remote Desktop security settings contradict each other',
    plain: 'This computer requires Network Level Authentication but only allows the old Remote Desktop security, which cannot carry it. Windows then refuses every connection. Switching the security layer to Negotiate (or TLS) resolves it.',
    detail: 'SecurityLayer = 0 ({layerSource}) with UserAuthentication = 1 ({nlaSource}). Event 1050 ("inconsistent security settings") is logged. Keys: {listenerKey}, policy {policyKey}.',
  },
  rdpOnly: {
    id: 'listener-rdp-security-only',
    severity: 'warning',
    step: 'security',
    title: 'This computer only offers the old Remote Desktop security',
    plain: 'Remote Desktop here is set to the old "RDP security layer" without TLS. Up-to-date clients that insist on TLS cannot connect, and the connection is less protected. Setting it to Negotiate fixes both.',
    detail: 'SecurityLayer = 0 ({source}); MinEncryptionLevel = {encryption}. 0 RDP, 1 Negotiate, 2 SSL (TLS).',
  },
  acceptedChanged: {
    id: 'accepted-cert-changed',
    severity: 'info',
    step: 'certificate',
    title: 'The server presents a different certificate than the one you accepted before',
    plain: 'When you last connected, you accepted a certificate for {host}; today it presents another one. That is normal after a certificate was renewed or regenerated, but confirm with IT before you accept the new one.',
    detail: 'HKCU\\Software\\Microsoft\\Terminal Server Client\\Servers\\{entry}\\CertHash = {accepted}; presented SHA-1 {presented}. (Unconfirmed: CertHash is taken to be the SHA-1 thumbprint.)',
  },
  wireMismatch: {
    id: 'certificate-differs-on-wire',
    severity: 'warning',
    step: 'certificate',
    title: 'The certificate that arrives over the network is not the one this computer uses',
    plain: 'Remote Desktop on this computer uses certificate {configured}, but the connection to {target} received another one ({presented}). Something between the two presents its own certificate (a firewall or security software that inspects encrypted traffic), or the name leads to another computer. Such inspection can cut Remote Desktop while it is securing the connection.',
    detail: 'Presented on the wire (TLS handshake with {address}): SHA-1 {presented}, subject {subject}, issuer {issuer}. This computer: listener SSLCertificateSHA1Hash (WMI) {inUse}, registry {registry}; certificates in its Remote Desktop / Personal stores: {local}. None of them matches the presented one. Compare with certutil -store "Remote Desktop" and Get-CimInstance -Namespace root/cimv2/TerminalServices Win32_TSGeneralSetting.',
  },
} as const satisfies Record<string, Def>;

// ---- client side ------------------------------------------------------------------------------------

export const clientFirewallRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { check, data } of usable(input.checks, WINDOWS_CHECK_IDS.clientFirewall, clientFirewallDataSchema)) {
    const active = (p: string) => data.activeProfiles.length === 0 || (data.activeProfiles as string[]).includes(p);
    const definite = data.blockingRules.filter((r) => !r.scopedToAddresses && r.appliesToActiveProfile !== false);
    const defaultBlock = data.defaultBlockProfiles.filter(active);
    if (data.blockingRules.length === 0 && data.defaultBlockProfiles.length === 0) continue;
    const severity: Severity = definite.length > 0 || defaultBlock.length > 0 ? 'error' : 'warning';
    const ctx = fixContext(input);
    const local = data.blockingRules.filter((r) => r.source.toLowerCase() !== 'grouppolicy');
    const fixes: FixSuggestion[] = [];
    if (local.length > 0) {
      fixes.push(
        manualFix(ctx, {
          id: 'disable-outbound-block-rule',
          title: 'Switch off the rule that blocks Remote Desktop',
          plain: `Switch off ${local.length === 1 ? `the outbound rule "${local[0]!.displayName}"` : `these outbound rules: ${local.map((r) => `"${r.displayName}"`).join(', ')}`} in Windows Defender Firewall with Advanced Security.`,
          where: 'client',
          invasiveness: 'low',
          risk: 'Whatever the rule was meant to stop can pass again. If you did not create it, ask IT first: it may be there on purpose.',
          steps: ['Press Win+R, type wf.msc and press Enter.', 'Select Outbound Rules.', 'Right-click the rule named above and select Disable Rule.', 'Run the check again.'],
          commands: local.slice(0, 10).map((r) => ps(`Disable "${r.displayName}"`, `Disable-NetFirewallRule -Name ${psQuote(r.name)}`)),
          illustration: 'firewall-allow-app',
        }),
      );
    }
    if (data.defaultBlockProfiles.length > 0) {
      fixes.push(
        manualFix(ctx, {
          id: 'allow-mstsc-outbound',
          title: 'Allow Remote Desktop Connection out',
          plain: 'This computer blocks outgoing connections unless a rule allows them. Add a rule that allows Remote Desktop Connection (mstsc.exe).',
          where: 'client',
          invasiveness: 'low',
          risk: 'Only Remote Desktop Connection is allowed out; nothing else changes.',
          steps: ['Open PowerShell as administrator.', 'Run the command below.', 'Run the check again.'],
          commands: [ps('Allow mstsc.exe out', "New-NetFirewallRule -DisplayName 'Remote Desktop Connection (mstsc) out' -Direction Outbound -Program '%SystemRoot%\\system32\\mstsc.exe' -Action Allow")],
          illustration: 'firewall-allow-app',
        }),
      );
    }
    if (data.blockingRules.some((r) => r.source.toLowerCase() === 'grouppolicy')) {
      fixes.push(
        manualFix(ctx, {
          id: 'ask-it-firewall-policy',
          title: 'Ask IT about the firewall policy',
          plain: 'The blocking rule comes from a company policy; only IT can change it. Send them this report.',
          where: 'network',
          invasiveness: 'none',
          risk: 'None for you.',
          steps: ['Export the report (Markdown or HTML).', 'Send it to IT with the name of the rule.'],
          commands: [],
        }),
      );
    }
    out.push(
      finding(input, D.clientFirewall, {
        severity,
        ctx,
        vars: {
          rules: data.blockingRules.map((r) => `${r.name} ("${r.displayName}", ${r.matchedBy}, program ${r.program}, ${r.protocol} remote port ${r.remotePorts.join(',')}, profiles ${r.profiles.join('/')}, source ${r.source}${r.scopedToAddresses ? `, remote addresses ${r.remoteAddresses.join(',')}` : ''})`).join('; ') || 'none',
          profiles: data.defaultBlockProfiles.join(', ') || 'none',
        },
        evidence: [
          ...data.blockingRules.slice(0, 20).map((r) => evidence(`Outbound block rule ${r.name}`, `"${r.displayName}": program ${r.program}, ${r.protocol} to port ${r.remotePorts.join(',')}, profiles ${r.profiles.join('/')}${r.scopedToAddresses ? `, only to ${r.remoteAddresses.join(',')}` : ''}`, check.id)),
          ...data.defaultBlockProfiles.map((p) => evidence(`${p} profile`, 'DefaultOutboundAction = Block, no allow rule for mstsc.exe', check.id)),
        ],
        fixes,
      }),
    );
  }
  return out;
};

export const securitySuiteRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { check, data } of usable(input.checks, WINDOWS_CHECK_IDS.securitySuites, securitySuitesDataSchema)) {
    const suspects = data.products.filter((p) => p.mayFilterRdp);
    if (suspects.length === 0) continue;
    const ctx = fixContext(input);
    const names = [...new Set(suspects.map((p) => p.displayName))];
    out.push(
      finding(input, D.securitySuite, {
        ctx,
        vars: {
          products: names.join(', '),
          states: data.products.map((p) => `${p.displayName} (${p.kind}, productState ${p.productState} = ${p.stateHex}: ${p.enabled === null ? 'state unknown' : p.enabled ? 'on' : 'off'}, ${p.upToDate === null ? 'signatures unknown' : p.upToDate ? 'up to date' : 'out of date'})`).join('; '),
        },
        evidence: data.products.map((p) => evidence(`${p.kind === 'firewall' ? 'Firewall' : 'Antivirus'} product`, `${p.displayName}: productState ${p.stateHex}${p.vendor ? ` (${p.vendor}: can inspect TLS / filter traffic)` : ''}`, check.id)),
        fixes: [
          manualFix(ctx, {
            id: 'pause-tls-inspection',
            title: `Test once with ${names[0]}'s connection scanning paused`,
            plain: `In ${names.join(' / ')}, pause the scanning of encrypted connections (often called "HTTPS scanning", "SSL/TLS filtering", "Encrypted web scan" or "Scan encrypted connections") or add mstsc.exe as an exception, then try Remote Desktop once. If it works, ask IT for a permanent exception.`,
            where: 'client',
            invasiveness: 'low',
            risk: 'While scanning is paused, encrypted web traffic is not inspected. Turn it back on after the test. On a company computer, ask IT first.',
            steps: [`Open ${names[0]}.`, 'Find its web / network protection settings.', 'Pause encrypted-connection scanning, or exclude C:\\Windows\\System32\\mstsc.exe.', 'Try Remote Desktop, then turn scanning back on.'],
            commands: [],
          }),
          checkSecuritySoftware(ctx),
        ],
      }),
    );
  }
  return out;
};

export const credsspRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { check, data } of usable(input.checks, WINDOWS_CHECK_IDS.credsspPolicy, credsspPolicyDataSchema)) {
    if (data.meaning !== 'force-updated-clients' && data.meaning !== 'vulnerable' && data.meaning !== 'unknown') continue;
    const ctx = fixContext(input);
    const plainMeaning =
      data.meaning === 'force-updated-clients'
        ? 'This computer is set to connect only to servers that have the 2018 CredSSP security update. If the remote computer lacks it, the connection is refused during sign-in. The right fix is to update the remote computer.'
        : data.meaning === 'vulnerable'
          ? 'This computer is set to allow CredSSP connections to servers without the 2018 security update ("Vulnerable"). That makes connections weaker; it was probably set to work around an old server. Update that server and set the policy back.'
          : `The CredSSP policy on this computer has an unexpected value (${data.allowEncryptionOracle}).`;
    const regPath = `HKLM:${data.registryPath.replace(/^HKLM/, '')}`;
    out.push(
      finding(input, D.credssp, {
        ctx,
        vars: { plainMeaning, path: data.registryPath || CREDSSP_POLICY_PATH, value: String(data.allowEncryptionOracle), meaning: data.meaning },
        evidence: [evidence('AllowEncryptionOracle', `${data.registryPath}\\AllowEncryptionOracle = ${data.allowEncryptionOracle} (${data.meaning})`, check.id)],
        fixes: [
          manualFix(ctx, {
            id: 'update-remote-computer',
            title: 'Install current Windows updates on the remote computer',
            plain: 'The remote computer needs the CredSSP update from May 2018 or later (any current cumulative update includes it).',
            where: 'server',
            invasiveness: 'medium',
            risk: 'Updates may need a restart of the remote computer.',
            steps: ['On the remote computer, open Settings > Windows Update (or ask IT).', 'Install the updates and restart.', 'Run the check again.'],
            commands: [],
          }),
          manualFix(ctx, {
            id: 'set-credssp-mitigated',
            title: 'Set the CredSSP policy back to "Mitigated" on this computer',
            plain: 'Set "Encryption Oracle Remediation" to Mitigated, the Windows default: it connects to updated servers and refuses to send credentials to vulnerable ones only when they would be at risk.',
            where: 'client',
            invasiveness: 'low',
            risk: 'A company policy may set this value again; then IT must change the policy. Never leave it on "Vulnerable".',
            steps: [
              'Press Win+R, type gpedit.msc and press Enter (Windows Pro/Enterprise).',
              'Open Computer Configuration > Administrative Templates > System > Credentials Delegation.',
              'Open "Encryption Oracle Remediation", select Enabled and Protection Level "Mitigated", then OK.',
              'Run gpupdate /force, then the check again.',
            ],
            commands: [ps('Set Mitigated (as administrator)', `Set-ItemProperty -Path ${psQuote(regPath)} -Name AllowEncryptionOracle -Value 1 -Type DWord`)],
          }),
        ],
      }),
    );
  }
  return out;
};

export const vpnRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { check, data } of usable(input.checks, WINDOWS_CHECK_IDS.vpn, vpnDataSchema)) {
    if (!data.vpnActive) continue;
    const ctx = fixContext(input);
    const vpnAdapters = data.adapters.filter((a) => a.isVpn);
    out.push(
      finding(input, D.vpn, {
        ctx,
        severity: networkTrouble(input) ? 'warning' : 'info',
        vars: {
          names: data.activeVpnNames.join(', '),
          adapters: vpnAdapters.map((a) => `${a.name} (${a.interfaceDescription}, ${a.status}${a.carriesDefaultRoute ? ', default route' : ''})`).join('; ') || 'none recognised',
          connections: data.connections.map((c) => `${c.name} to ${c.serverAddress}: ${c.status}${c.splitTunneling === null ? '' : c.splitTunneling ? ', split tunnel' : ', full tunnel'}`).join('; ') || 'none',
        },
        evidence: [
          ...vpnAdapters.map((a) => evidence('VPN adapter', `${a.name}: ${a.interfaceDescription} (${a.vpnProduct ?? 'VPN'}), ${a.status}${a.carriesDefaultRoute ? ', carries the default route' : ''}`, check.id)),
          ...data.connections.filter((c) => c.status.toLowerCase() === 'connected').map((c) => evidence('VPN connection', `${c.name} (${c.serverAddress}) ${c.status}`, check.id)),
        ],
        fixes: [
          manualFix(ctx, {
            id: 'try-without-vpn',
            title: 'Try once without the VPN (only on the same network)',
            plain: 'If you are in the same office or network as the remote computer, disconnect the VPN and try once. If you are elsewhere, keep the VPN and ask IT whether its policy lets Remote Desktop through.',
            where: 'client',
            invasiveness: 'none',
            risk: 'Without the VPN, company computers are usually not reachable from outside: this test only makes sense on the same network.',
            steps: ['Disconnect the VPN from its app.', 'Run the check again.', 'Reconnect the VPN afterwards.'],
            commands: [ps('Show VPN adapters and connections', 'Get-NetAdapter | Format-Table Name, InterfaceDescription, Status\nGet-VpnConnection | Format-Table Name, ServerAddress, ConnectionStatus, SplitTunneling')],
          }),
          tryAnotherNetwork(ctx),
        ],
      }),
    );
  }
  return out;
};

export const nicPowerRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { check, data } of usable(input.checks, WINDOWS_CHECK_IDS.nicPower, nicPowerDataSchema)) {
    const risky = data.adapters.filter((a) => a.powerSavingAllowed === true && a.carriesDefaultRoute);
    if (risky.length === 0) continue;
    const ctx = fixContext(input);
    const commands = risky
      .filter((a) => a.classSubkey && /^\d{4}$/.test(a.classSubkey))
      .map((a) => ps(`Keep "${a.name}" powered (as administrator, then restart)`, `Set-ItemProperty -Path ${psQuote(`HKLM:${NET_CLASS_KEY.replace(/^HKLM/, '')}\\${a.classSubkey}`)} -Name PnPCapabilities -Value 24 -Type DWord`));
    out.push(
      finding(input, D.nicPower, {
        ctx,
        severity: networkTrouble(input) ? 'warning' : 'info',
        vars: {
          adapters: risky.map((a) => `"${a.name}"`).join(', '),
          classKey: NET_CLASS_KEY,
          values: data.adapters.map((a) => `${a.name}: AllowComputerToTurnOffDevice=${a.allowComputerToTurnOffDevice ?? 'unreadable'}, PnPCapabilities=${a.pnpCapabilities ?? 'not set'}${a.classSubkey ? ` (${a.classSubkey})` : ''}`).join('; '),
        },
        evidence: risky.map((a) => evidence(`Adapter ${a.name}`, `${a.interfaceDescription}: AllowComputerToTurnOffDevice=${a.allowComputerToTurnOffDevice ?? 'unreadable'}, PnPCapabilities=${a.pnpCapabilities ?? 'not set'}`, check.id)),
        fixes: [
          manualFix(ctx, {
            id: 'disable-nic-power-saving',
            title: 'Stop Windows from turning the network adapter off',
            plain: 'In Device Manager, untick "Allow the computer to turn off this device to save power" for your network adapter.',
            where: 'client',
            invasiveness: 'low',
            risk: 'The adapter uses a little more power (matters on battery). The change applies after the adapter or the computer restarts.',
            steps: [
              'Press Win+X and select Device Manager.',
              `Open Network adapters, right-click ${risky[0]!.interfaceDescription || risky[0]!.name} and select Properties.`,
              'Open the Power Management tab.',
              'Untick "Allow the computer to turn off this device to save power" and select OK.',
            ],
            commands,
            illustration: 'nic-power-management',
          }),
        ],
      }),
    );
  }
  return out;
};

export const acceptedCertificateRule: Rule = (input) => {
  const out: Finding[] = [];
  const presented = usable(input.checks, NET_CHECK_IDS.tls, tlsDataSchema)
    .map(({ data }) => data.certificate)
    .find((c) => c !== undefined);
  if (!presented) return out;
  const sha1 = presented.sha1.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  const sha256 = presented.sha256.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  for (const { check, data } of usable(input.checks, WINDOWS_CHECK_IDS.acceptedCertificate, acceptedCertificateDataSchema)) {
    const entry = data.entries.find((e) => e.certHash && (e.certHash.length === 40 || e.certHash.length === 64));
    if (!entry || !entry.certHash) continue;
    const same = entry.certHash.length === 40 ? entry.certHash === sha1 : entry.certHash === sha256;
    if (same) continue;
    out.push(
      finding(input, D.acceptedChanged, {
        vars: { entry: entry.name, accepted: entry.certHash, presented: sha1 },
        evidence: [evidence('Accepted before', `${entry.name}: CertHash ${entry.certHash}`, check.id), evidence('Presented now', `SHA-1 ${sha1}, valid until ${presented.validTo}`, NET_CHECK_IDS.tls)],
        fixes: [],
      }),
    );
  }
  return out;
};

// ---- server side (the target is this computer) -------------------------------------------------------

const hex = (s: string | null | undefined) => (s ?? '').replace(/[^0-9a-fA-F]/g, '').toUpperCase();

/**
 * The certificate the network check received against the one this computer's listener is set to
 * use (the target is this computer). It is only a mismatch when the presented certificate is none
 * of this computer's own: the WMI hash can be stale right after a regeneration.
 */
export const certificateOnWireRule: Rule = (input) => {
  const out: Finding[] = [];
  if (!input.context.targetIsLocal) return out;
  const tls = usable(input.checks, NET_CHECK_IDS.tls, tlsDataSchema).find(({ data }) => data.certificate !== undefined);
  const presented = tls?.data.certificate;
  if (!tls || !presented) return out;
  const wire = hex(presented.sha1);
  for (const { check, data } of usable(input.checks, WINDOWS_CHECK_IDS.certStore, certStoreDataSchema)) {
    const configured = hex(data.inUseThumbprint) || hex(data.configuredThumbprint);
    if (!configured || configured === wire) continue;
    if (data.certificates.some((c) => hex(c.thumbprint) === wire)) continue;
    const ctx = fixContext(input);
    out.push(
      finding(input, D.wireMismatch, {
        ctx,
        vars: {
          configured,
          presented: wire,
          address: tls.data.address,
          subject: presented.subject,
          issuer: presented.issuer,
          inUse: data.inUseThumbprint ?? 'unreadable',
          registry: data.configuredThumbprint ?? 'not set',
          local: data.certificates.map((c) => `${c.thumbprint} (${c.store})`).join(', ') || 'none',
        },
        evidence: [
          evidence('Presented on the wire', `SHA-1 ${wire}, ${presented.subject}, issuer ${presented.issuer}`, NET_CHECK_IDS.tls),
          evidence('Listener uses', configured, check.id),
          ...data.certificates.map((c) => evidence(`Local certificate ${c.thumbprint}`, `${c.subject}, store ${c.store}`, check.id)),
        ],
        fixes: [checkSecuritySoftware(ctx), tryAnotherNetwork(ctx)],
      }),
    );
  }
  return out;
};

export const listenerSettingsRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { check, data } of usable(input.checks, WINDOWS_CHECK_IDS.rdpListener, listenerSettingsDataSchema)) {
    if (data.edition?.home) continue; // windows-home-cannot-host says it: no setting helps on Home
    const ctx = fixContext(input);
    const e = data.effective;
    const ev = (label: string, value: string) => evidence(label, value, check.id);
    const settingEvidence = [
      ev('fDenyTSConnections', `listener ${data.registry.fDenyTSConnections ?? 'not set'}, policy ${data.policy.fDenyTSConnections ?? 'not set'}, WMI AllowTSConnections ${data.wmi?.allowTsConnections ?? 'unreadable'}`),
      ev('UserAuthentication (NLA)', `listener ${data.registry.userAuthentication ?? 'not set'}, policy ${data.policy.userAuthentication ?? 'not set'}, WMI ${data.wmi?.userAuthenticationRequired ?? 'unreadable'}`),
      ev('SecurityLayer', `listener ${data.registry.securityLayer ?? 'not set'}, policy ${data.policy.securityLayer ?? 'not set'}, WMI ${data.wmi?.securityLayer ?? 'unreadable'}`),
      ev('PortNumber', String(e.port)),
    ];
    if (!e.rdpEnabled) {
      const byPolicy = e.rdpEnabledSource === 'policy';
      out.push(
        finding(input, D.rdpDisabled, {
          ctx,
          vars: {
            byPolicy: byPolicy ? ' by a Group Policy' : '',
            tsKey: TERMINAL_SERVER_KEY,
            policyKey: TS_POLICY_KEY,
            listener: String(data.registry.fDenyTSConnections ?? 'not set'),
            policy: String(data.policy.fDenyTSConnections ?? 'not set'),
            wmi: String(data.wmi?.allowTsConnections ?? 'unreadable'),
          },
          evidence: settingEvidence,
          fixes: byPolicy
            ? [
                manualFix(ctx, {
                  id: 'change-rdp-policy',
                  title: 'Ask IT to allow Remote Desktop in the policy',
                  plain: 'A Group Policy turns Remote Desktop off here. Only the policy can turn it on: "Allow users to connect remotely by using Remote Desktop Services".',
                  where: 'network',
                  invasiveness: 'none',
                  risk: 'None for you; IT decides.',
                  steps: ['Computer Configuration > Administrative Templates > Windows Components > Remote Desktop Services > Remote Desktop Session Host > Connections.', 'Set "Allow users to connect remotely by using Remote Desktop Services" to Enabled.', 'Run gpupdate /force on this computer.'],
                  commands: [ps('Which policy applies', 'gpresult /h "$env:TEMP\\gpresult.html"; Start-Process "$env:TEMP\\gpresult.html"')],
                }),
              ]
            : [enableRdp(ctx)],
        }),
      );
    }
    if (e.securityLayer === 0 && e.nlaRequired === true) {
      out.push(
        finding(input, D.inconsistent, {
          ctx,
          vars: { layerSource: e.securityLayerSource, nlaSource: e.nlaSource, listenerKey: LISTENER_KEY, policyKey: TS_POLICY_KEY },
          evidence: settingEvidence,
          fixes: e.securityLayerSource === 'policy' ? [] : [setSecurityLayer(ctx, 1), setNla(ctx, false)],
        }),
      );
    } else if (e.securityLayer === 0) {
      out.push(
        finding(input, D.rdpOnly, {
          ctx,
          vars: { source: e.securityLayerSource, encryption: e.minEncryptionLevel === null ? 'not set' : `${e.minEncryptionLevel} (${ENCRYPTION_LEVEL_NAMES[e.minEncryptionLevel] ?? 'unknown'})` },
          evidence: settingEvidence,
          fixes: e.securityLayerSource === 'policy' ? [] : [setSecurityLayer(ctx, 1)],
        }),
      );
    }
    if (data.policyOverrides.length > 0) {
      const names = data.policyOverrides.map((o) => o.setting);
      out.push(
        finding(input, D.nlaPolicy, {
          ctx,
          vars: {
            settings: names.join(', '),
            policyKey: TS_POLICY_KEY,
            listenerKey: LISTENER_KEY,
            overrides: data.policyOverrides.map((o) => `${o.setting} = ${o.policy} (listener: ${o.listener ?? 'not set'}${o.setting === 'SecurityLayer' ? `; ${SECURITY_LAYER_NAMES[o.policy] ?? ''}` : ''})`).join('; '),
          },
          evidence: data.policyOverrides.map((o) => ev(`Policy ${o.setting}`, `${TS_POLICY_KEY}\\${o.setting} = ${o.policy}; listener value ${o.listener ?? 'not set'}`)),
          fixes: [],
        }),
      );
    }
  }
  return out;
};

export const servicesRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { check, data } of usable(input.checks, WINDOWS_CHECK_IDS.services, servicesDataSchema)) {
    const term = data.services.find((s) => s.name === 'TermService');
    if (!term || !term.exists || (term.status === 'Running' && term.startType !== 'Disabled')) continue;
    const ctx = fixContext(input);
    const describe = (name: string) => {
      const s = data.services.find((x) => x.name === name);
      return s ? (s.exists ? `${s.status ?? 'unknown'}, start ${s.startType ?? 'unknown'}${s.account ? `, as ${s.account}` : ''}` : 'not installed') : 'unknown';
    };
    const start = startTermService(ctx);
    out.push(
      finding(input, D.termService, {
        ctx,
        vars: { state: term.startType === 'Disabled' ? 'disabled' : (term.status ?? 'not running').toLowerCase(), term: describe('TermService'), sessionEnv: describe('SessionEnv'), umrdp: describe('UmRdpService') },
        evidence: data.services.map((s) => evidence(s.name, describe(s.name), check.id)),
        // The start-termservice module exists (electron/fixes); automatic where it may run.
        fixes: [{ ...start, automatic: ctx.platform === 'win32' && ctx.targetIsLocal }],
      }),
    );
  }
  return out;
};

export const serverFirewallRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { check, data } of usable(input.checks, WINDOWS_CHECK_IDS.serverFirewall, serverFirewallDataSchema)) {
    const relevant = data.activeProfiles.length > 0 ? data.coverage.filter((c) => data.activeProfiles.includes(c.profile)) : data.coverage;
    const closed = relevant.filter((c) => !c.open);
    if (closed.length === 0) continue;
    // Closed only because a policy ignores the local rules: firewall-local-rules-ignored says it (enabling rules here would not help).
    if (closed.every((c) => c.localIgnored.length > 0)) continue;
    const ctx = fixContext(input);
    const tcpRule = data.remoteDesktopRules.find((r) => r.name === 'RemoteDesktop-UserMode-In-TCP');
    const rulePorts = tcpRule ? tcpRule.localPorts.join(',') : '3389';
    const portMoved = data.listenerPort !== 3389 && !(tcpRule && tcpRule.localPorts.some((p) => p === String(data.listenerPort)));
    const evidenceList = [
      ...data.remoteDesktopRules.map((r) => evidence(`Rule ${r.name}`, `"${r.displayName}": ${r.enabled ? 'enabled' : 'disabled'}, ${r.action}, ${r.protocol} local port ${r.localPorts.join(',')}, profiles ${r.profiles.join('/')}, source ${r.source}`, check.id)),
      ...data.coverage.map((c) => evidence(`${c.profile} profile`, `${c.open ? 'open' : 'closed'}: firewall ${c.firewallOn === null ? 'unknown' : c.firewallOn ? 'on' : 'off'}, allowed by ${c.allowedBy.join(', ') || 'no rule'}${c.blockedBy.length > 0 ? `, blocked by ${c.blockedBy.join(', ')}` : ''}`, check.id)),
    ];
    const enable = { ...enableFirewallRules(ctx), params: { profiles: closed.map((c) => c.profile).join(',') } };
    if (portMoved) {
      out.push(
        finding(input, D.portMismatch, {
          ctx,
          vars: { port: data.listenerPort, rulePorts, listenerKey: LISTENER_KEY },
          evidence: [evidence('Listener PortNumber', String(data.listenerPort), check.id), ...evidenceList],
          fixes: [
            {
              ...enable,
              title: `Allow port ${data.listenerPort} through the firewall`,
              plain: `Add an inbound firewall rule for TCP and UDP port ${data.listenerPort}, the port Remote Desktop uses on this computer.`,
              commands: [
                ps(
                  `Allow TCP/UDP ${data.listenerPort} in (as administrator)`,
                  `New-NetFirewallRule -Name 'RDPDoctor-RemoteDesktop-In-TCP-${data.listenerPort}' -DisplayName 'Remote Desktop (port ${data.listenerPort})' -Direction Inbound -Protocol TCP -LocalPort ${data.listenerPort} -Action Allow\nNew-NetFirewallRule -Name 'RDPDoctor-RemoteDesktop-In-UDP-${data.listenerPort}' -DisplayName 'Remote Desktop (port ${data.listenerPort}, UDP)' -Direction Inbound -Protocol UDP -LocalPort ${data.listenerPort} -Action Allow`,
                ),
              ],
            },
          ],
        }),
      );
      continue;
    }
    out.push(
      finding(input, D.serverFirewall, {
        ctx,
        vars: {
          profiles: closed.map((c) => c.profile).join('/'),
          port: data.listenerPort,
          rules: data.remoteDesktopRules.map((r) => `${r.name} ${r.enabled ? 'enabled' : 'disabled'} (${r.profiles.join('/')}, port ${r.localPorts.join(',')})`).join('; ') || 'none found',
          coverage: data.coverage.map((c) => `${c.profile} ${c.open ? 'open' : 'closed'}`).join(', '),
          active: data.activeProfiles.join(', ') || 'unknown',
        },
        evidence: evidenceList,
        fixes: [enable],
      }),
    );
  }
  return out;
};

/** Which certificate the listener uses (or would use): the in-use one, else the self-signed ones in the store. */
function currentCertificates(certs: readonly StoreCertificate[], inUse: string | null): StoreCertificate[] {
  const current = inUse ? certs.filter((c) => c.thumbprint === inUse) : [];
  return current.length > 0 ? current : certs.filter((c) => c.store === 'Remote Desktop');
}

function keyFileBroken(input: RuleInput): boolean {
  return usable(input.checks, WINDOWS_CHECK_IDS.keyFile, keyFileDataSchema).some(({ data }) => data.networkServiceCanRead === false || data.length === 0);
}

export const certificateStoreRule: Rule = (input) => {
  const out: Finding[] = [];
  const events = usable(input.checks, WINDOWS_CHECK_IDS.events, eventsDataSchema).flatMap(({ data }) => data.groups);
  const notRenewed = events.some((g) => g.id === 1058 && g.count > 0);
  for (const { check, data } of usable(input.checks, WINDOWS_CHECK_IDS.certStore, certStoreDataSchema)) {
    const current = currentCertificates(data.certificates, data.inUseThumbprint);
    const expired = current.filter((c) => c.validity === 'expired');
    if (expired.length === 0 || current.some((c) => c.validity === 'valid' && !data.inUseThumbprint)) continue;
    const c = expired[0]!;
    const ctx: FixContext = { ...fixContext(input), certificate: { selfSigned: c.selfSigned, sha1: c.thumbprint, names: [] } };
    const fixes = c.selfSigned
      ? [...(keyFileBroken(input) || notRenewed ? [repairKeyfileAcl(ctx)] : []), regenerateSelfSignedCert(ctx)]
      : [renewCertificate(ctx)];
    out.push(
      finding(input, D.certExpired, {
        ctx,
        vars: {
          notAfter: c.notAfter ?? 'an unknown date',
          notRenewed: c.selfSigned && notRenewed ? ', and Windows failed to replace it (event 1058)' : '',
          action: c.selfSigned ? 'Windows normally replaces its own certificate; deleting the expired one makes it create a new one.' : 'It was issued by a certificate authority: IT needs to renew it.',
          store: c.store,
          thumbprint: c.thumbprint,
          subject: c.subject,
          issuer: c.issuer,
          notBefore: c.notBefore ?? 'unknown',
          privateKey: c.hasPrivateKey ? 'yes' : 'no',
          inUse: c.inUse ? 'yes' : 'unknown',
          inUseThumbprint: data.inUseThumbprint ?? 'unreadable',
        },
        evidence: current.map((x) => evidence(`Certificate ${x.thumbprint}`, `${x.subject}, issuer ${x.issuer}, valid ${x.notBefore ?? '?'} to ${x.notAfter ?? '?'} (${x.validity}), private key ${x.hasPrivateKey ? 'yes' : 'no'}, store ${x.store}${x.inUse ? ', in use' : ''}`, check.id)),
        fixes,
      }),
    );
  }
  return out;
};

export const keyFileRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { check, data } of usable(input.checks, WINDOWS_CHECK_IDS.keyFile, keyFileDataSchema)) {
    const missing = keyMissing(data);
    if (data.networkServiceCanRead !== false && !missing) continue;
    // A certificate from a certificate authority has its own key: the self-signed repairs do not touch it.
    const caKey = data.certificate?.selfSigned === false;
    const ctx: FixContext = caKey && data.certificate ? { ...fixContext(input), certificate: { selfSigned: false, sha1: data.certificate.thumbprint, names: [] } } : fixContext(input);
    const fixes = caKey ? [missing ? reimportCertificateKey(ctx) : grantCertificateKeyRead(ctx, data.path)] : [repairKeyfileAcl(ctx), regenerateSelfSignedCert(ctx), resetMachineKeysAcl(ctx), rebuildMachineKeys(ctx)];
    const remedy = caKey
      ? missing
        ? 'IT needs to import the certificate again together with its private key.'
        : 'Giving the Remote Desktop service read access to that key fixes it.'
      : 'Restoring read access for the Remote Desktop service fixes it.';
    out.push(
      finding(input, D.machineKeys, {
        ctx,
        vars: {
          problem: missing ? 'the key is missing or damaged' : 'the permissions on its key file are wrong',
          remedy,
          certificate: data.certificate ? `${data.certificate.thumbprint}${data.certificate.store ? ` in ${data.certificate.store}` : ''}${data.certificate.selfSigned === false ? ', issued by a CA' : ', self-signed'}` : 'not found (self-signed key container TSSecKeySet1 examined)',
          source: data.certificate ? { wmi: 'WMI Win32_TSGeneralSetting.SSLCertificateSHA1Hash', registry: 'RDP-Tcp\\SSLCertificateSHA1Hash', 'self-signed': 'the newest self-signed certificate in the Remote Desktop store' }[data.certificate.source] : 'none',
          uniqueName: data.uniqueName ?? 'unknown',
          storage: data.keyStorage ?? 'CAPI',
          opened: data.keyOpened === null ? 'not tried' : data.keyOpened ? 'yes' : `no (${data.openError?.message ?? '?'}, ${data.openError?.hresult ?? '?'})`,
          path: data.path ?? 'unknown',
          guid: data.machineGuid ?? 'unknown',
          length: data.length === null ? 'size unknown' : `${data.length} bytes`,
          acl: data.acl.map((a) => `${a.type} ${a.sid}${a.account ? ` (${a.account})` : ''}: ${a.rights}${a.inherited ? ' (inherited)' : ''}`).join('; ') || 'empty',
        },
        evidence: [
          evidence('Key file', `${data.path ?? 'unknown'} (${data.length ?? '?'} bytes), owner ${data.ownerSid ?? 'unknown'}`, check.id),
          ...data.acl.map((a) => evidence(`ACE ${a.sid}`, `${a.type} ${a.rights} (0x${a.mask.toString(16)})${a.account ? `, ${a.account}` : ''}${a.inherited ? ', inherited' : ''}`, check.id)),
          evidence('NETWORK SERVICE can read', data.networkServiceCanRead === null ? 'unknown' : data.networkServiceCanRead ? 'yes' : 'no', check.id),
          ...(data.keyOpened === false ? [evidence('Opening the key', `${data.openError?.message ?? 'failed'} (${data.openError?.hresult ?? 'no code'})`, check.id)] : []),
        ],
        fixes,
      }),
    );
  }
  return out;
};

const KEY_ERROR_EVENTS = new Set([36870, 36872, 1055, 1057, 1058]);

export const schannelKeyErrorsRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { check, data } of usable(input.checks, WINDOWS_CHECK_IDS.events, eventsDataSchema)) {
    const hits = data.groups.filter((g) => KEY_ERROR_EVENTS.has(g.id) && g.count > 0);
    if (hits.length === 0) continue;
    const ctx = fixContext(input);
    out.push(
      finding(input, D.schannelErrors, {
        ctx,
        vars: { days: data.days, events: hits.map(eventText).join('; ') },
        evidence: hits.map((g) => evidence(`Event ${g.id}`, eventText(g), check.id)),
        fixes: [checkServerEvents(ctx), repairKeyfileAcl(ctx), regenerateSelfSignedCert(ctx), resetMachineKeysAcl(ctx), rebuildMachineKeys(ctx)],
      }),
    );
  }
  return out;
};

export const tlsDisabledRule: Rule = (input) => {
  const out: Finding[] = [];
  const tlsEvents = usable(input.checks, WINDOWS_CHECK_IDS.events, eventsDataSchema)
    .flatMap(({ data }) => data.groups)
    .filter((g) => g.id === 36871 && g.count > 0);
  for (const { check, data } of usable(input.checks, WINDOWS_CHECK_IDS.schannelServer, schannelDataSchema)) {
    if (data.side !== 'Server' || data.modernTlsUsable) continue;
    const ctx = fixContext(input);
    out.push(
      finding(input, D.tlsDisabled, {
        ctx,
        vars: {
          path: data.registryPath || SCHANNEL_PATH,
          switches: data.protocols.map((p) => `${p.protocol}: Enabled=${p.enabled ?? 'not set'}, DisabledByDefault=${p.disabledByDefault ?? 'not set'} (${p.effective})`).join('; '),
          events: tlsEvents.length > 0 ? `${tlsEvents.map(eventText).join('; ')}. ` : '',
          fips: String(data.fipsPolicy ?? 'not set'),
        },
        evidence: [
          ...data.protocols.filter((p) => p.protocol.startsWith('TLS')).map((p) => evidence(`${p.protocol} (server)`, `Enabled=${p.enabled ?? 'not set'}, DisabledByDefault=${p.disabledByDefault ?? 'not set'}: ${p.effective}`, check.id)),
          ...tlsEvents.map((g) => evidence(`Event ${g.id}`, eventText(g), WINDOWS_CHECK_IDS.events)),
        ],
        fixes: [enableTls12(ctx)],
      }),
    );
  }
  return out;
};

export const windowsRules: Rule[] = [
  clientFirewallRule,
  securitySuiteRule,
  servicesRule,
  certificateServicesRule,
  portOwnerRule,
  staleCertificateHashRule,
  serverFirewallRule,
  localFirewallRulesRule,
  acceptedCertificateRule,
  certificateOnWireRule,
  certificateStoreRule,
  keyFileRule,
  machineKeysFolderRule,
  schannelKeyErrorsRule,
  connectionFloodRule,
  templateCertificateRule,
  cipherSuitesRule,
  tlsDisabledRule,
  credsspRule,
  homeEditionRule,
  listenerSettingsRule,
  vpnRule,
  nicPowerRule,
];

export const WINDOWS_FINDING_IDS = [...Object.values(D), certificateServicesOff, machineKeysFolderPermissions, rdpPortNotListening, rdpPortTaken, windowsHomeCannotHost, staleCertificateHash, firewallLocalRulesIgnored, rdpConnectionFlood, tlsNoCommonCipher, rdpTemplateCertificate].map((d) => d.id);
