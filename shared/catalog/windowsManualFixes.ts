/**
 * Fixes for the Windows findings that a person carries out by hand (RDP Doctor has no module for
 * them): switching off a firewall rule, pausing a security suite's scanning, the CredSSP policy, the
 * VPN, adapter power saving, and what only IT can change (Group Policy, the Windows edition, the
 * firewall policy, the cipher suites, exposure to the internet). The Windows rules choose among them.
 */
import { NET_CLASS_KEY } from '../checks/windows/nicPower';
import type { FixSuggestion } from '../model';
import { powershellCommand as ps, psQuote } from './commandText';
import { fix, type FixContext } from './fix';

/** Switch off the outbound rules (made on this computer) that block Remote Desktop Connection. */
export function disableOutboundBlockRules(ctx: FixContext, rules: readonly { name: string; displayName: string }[]): FixSuggestion {
  return fix(ctx, {
    id: 'disable-outbound-block-rule',
    title: 'Switch off the rule that blocks Remote Desktop',
    plain: `Switch off ${rules.length === 1 ? `the outbound rule "${rules[0]!.displayName}"` : `these outbound rules: ${rules.map((r) => `"${r.displayName}"`).join(', ')}`} in Windows Defender Firewall with Advanced Security.`,
    where: 'client',
    invasiveness: 'low',
    risk: 'Whatever the rule was meant to stop can pass again. If you did not create it, ask IT first: it may be there on purpose.',
    steps: ['Press Win+R, type wf.msc and press Enter.', 'Select Outbound Rules.', 'Right-click the rule named above and select Disable Rule.', 'Run the check again.'],
    commands: rules.slice(0, 10).map((r) => ps(`Disable "${r.displayName}"`, `Disable-NetFirewallRule -Name ${psQuote(r.name)}`)),
    illustration: 'firewall-allow-app',
  });
}

/** A profile blocks outbound traffic by default: allow mstsc.exe out. */
export function allowMstscOutbound(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'allow-mstsc-outbound',
    title: 'Allow Remote Desktop Connection out',
    plain: 'This computer blocks outgoing connections unless a rule allows them. Add a rule that allows Remote Desktop Connection (mstsc.exe).',
    where: 'client',
    invasiveness: 'low',
    risk: 'Only Remote Desktop Connection is allowed out; nothing else changes.',
    steps: ['Open PowerShell as administrator.', 'Run the command below.', 'Run the check again.'],
    commands: [ps('Allow mstsc.exe out', "New-NetFirewallRule -DisplayName 'Remote Desktop Connection (mstsc) out' -Direction Outbound -Program '%SystemRoot%\\system32\\mstsc.exe' -Action Allow")],
    illustration: 'firewall-allow-app',
  });
}

/** The outbound block rule comes from Group Policy: only IT can change it. */
export function askItFirewallPolicy(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'ask-it-firewall-policy',
    title: 'Ask IT about the firewall policy',
    plain: 'The blocking rule comes from a company policy; only IT can change it. Send them this report.',
    where: 'network',
    invasiveness: 'none',
    risk: 'None for you.',
    steps: ['Export the report (Markdown or HTML).', 'Send it to IT with the name of the rule.'],
    commands: [],
  });
}

/** Test once with the security suites' scanning of encrypted connections paused (names: the suites, at least one). */
export function pauseTlsInspection(ctx: FixContext, names: readonly string[]): FixSuggestion {
  return fix(ctx, {
    id: 'pause-tls-inspection',
    title: `Test once with ${names[0]}'s connection scanning paused`,
    plain: `In ${names.join(' / ')}, pause the scanning of encrypted connections (often called "HTTPS scanning", "SSL/TLS filtering", "Encrypted web scan" or "Scan encrypted connections") or add mstsc.exe as an exception, then try Remote Desktop once. If it works, ask IT for a permanent exception.`,
    where: 'client',
    invasiveness: 'low',
    risk: 'While scanning is paused, encrypted web traffic is not inspected. Turn it back on after the test. On a company computer, ask IT first.',
    steps: [`Open ${names[0]}.`, 'Find its web / network protection settings.', 'Pause encrypted-connection scanning, or exclude C:\\Windows\\System32\\mstsc.exe.', 'Try Remote Desktop, then turn scanning back on.'],
    commands: [],
  });
}

/** The remote computer lacks the 2018 CredSSP update. */
export function updateRemoteComputer(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'update-remote-computer',
    title: 'Install current Windows updates on the remote computer',
    plain: 'The remote computer needs the CredSSP update from May 2018 or later (any current cumulative update includes it).',
    where: 'server',
    invasiveness: 'medium',
    risk: 'Updates may need a restart of the remote computer.',
    steps: ['On the remote computer, open Settings > Windows Update (or ask IT).', 'Install the updates and restart.', 'Run the check again.'],
    commands: [],
  });
}

/** Set this computer's CredSSP policy (at its registry path, HKLM\\...) back to Mitigated. */
export function setCredsspMitigated(ctx: FixContext, registryPath: string): FixSuggestion {
  const regPath = `HKLM:${registryPath.replace(/^HKLM/, '')}`;
  return fix(ctx, {
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
  });
}

/** Try once without the VPN, on the same network as the remote computer. */
export function tryWithoutVpn(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'try-without-vpn',
    title: 'Try once without the VPN (only on the same network)',
    plain: 'If you are in the same office or network as the remote computer, disconnect the VPN and try once. If you are elsewhere, keep the VPN and ask IT whether its policy lets Remote Desktop through.',
    where: 'client',
    invasiveness: 'none',
    risk: 'Without the VPN, company computers are usually not reachable from outside: this test only makes sense on the same network.',
    steps: ['Disconnect the VPN from its app.', 'Run the check again.', 'Reconnect the VPN afterwards.'],
    commands: [ps('Show VPN adapters and connections', 'Get-NetAdapter | Format-Table Name, InterfaceDescription, Status\nGet-VpnConnection | Format-Table Name, ServerAddress, ConnectionStatus, SplitTunneling')],
  });
}

/** Stop Windows switching these adapters off to save power (at least one; the commands for those whose class subkey is known). */
export function disableNicPowerSaving(ctx: FixContext, adapters: readonly { name: string; interfaceDescription: string; classSubkey: string | null }[]): FixSuggestion {
  const commands = adapters
    .filter((a) => a.classSubkey && /^\d{4}$/.test(a.classSubkey))
    .map((a) => ps(`Keep "${a.name}" powered (as administrator, then restart)`, `Set-ItemProperty -Path ${psQuote(`HKLM:${NET_CLASS_KEY.replace(/^HKLM/, '')}\\${a.classSubkey}`)} -Name PnPCapabilities -Value 24 -Type DWord`));
  return fix(ctx, {
    id: 'disable-nic-power-saving',
    title: 'Stop Windows from turning the network adapter off',
    plain: 'In Device Manager, untick "Allow the computer to turn off this device to save power" for your network adapter.',
    where: 'client',
    invasiveness: 'low',
    risk: 'The adapter uses a little more power (matters on battery). The change applies after the adapter or the computer restarts.',
    steps: [
      'Press Win+X and select Device Manager.',
      `Open Network adapters, right-click ${adapters[0]!.interfaceDescription || adapters[0]!.name} and select Properties.`,
      'Open the Power Management tab.',
      'Untick "Allow the computer to turn off this device to save power" and select OK.',
    ],
    commands,
    illustration: 'nic-power-management',
  });
}

/** A Group Policy turns Remote Desktop off: only IT can turn it on. */
export function changeRdpPolicy(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'change-rdp-policy',
    title: 'Ask IT to allow Remote Desktop in the policy',
    plain: 'A Group Policy turns Remote Desktop off here. Only the policy can turn it on: "Allow users to connect remotely by using Remote Desktop Services".',
    where: 'network',
    invasiveness: 'none',
    risk: 'None for you; IT decides.',
    steps: ['Computer Configuration > Administrative Templates > Windows Components > Remote Desktop Services > Remote Desktop Session Host > Connections.', 'Set "Allow users to connect remotely by using Remote Desktop Services" to Enabled.', 'Run gpupdate /force on this computer.'],
    commands: [ps('Which policy applies', 'gpresult /h "$env:TEMP\\gpresult.html"; Start-Process "$env:TEMP\\gpresult.html"')],
  });
}

/** Windows Home cannot accept Remote Desktop connections: upgrade to Pro. */
export function upgradeWindowsEdition(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'upgrade-windows-edition',
    title: 'Upgrade the computer to Windows Pro',
    plain: 'Remote Desktop connections need Windows Pro (or Enterprise/Education). The upgrade keeps files and programs; it needs a Pro licence.',
    where: 'server',
    invasiveness: 'high',
    risk: 'Costs a licence and restarts the computer. Ask IT first: company computers usually get the edition through the company.',
    steps: ['On that computer open Settings → System → Activation.', 'Choose "Upgrade your edition of Windows" and follow the steps (or enter the Pro product key IT gives you).', 'After the restart, turn on Remote Desktop in Settings → System → Remote Desktop, then run the check again.'],
    commands: [],
  });
}

/** Remote Desktop is flooded from outside: stop exposing it to the internet. */
export function restrictRdpExposure(ctx: FixContext): FixSuggestion {
  return fix(ctx, {
    id: 'restrict-rdp-exposure',
    title: 'Stop exposing Remote Desktop to the internet',
    plain: 'Ask IT to make Remote Desktop reachable only through the company VPN or a Remote Desktop Gateway, and to limit the firewall rule to known addresses.',
    where: 'network',
    invasiveness: 'medium',
    risk: 'People who connect from outside need the VPN or gateway afterwards. Nothing changes for connections inside the company network.',
    steps: ['Export the report and send it to IT.', 'IT removes the port forwarding of the Remote Desktop port on the router/firewall, or limits it to known addresses, and checks that NLA stays required.'],
    commands: [],
  });
}

/** A firewall policy ignores local rules: IT must allow Remote Desktop (on this port) in the policy. */
export function askItFirewallGpoRule(ctx: FixContext, port: number): FixSuggestion {
  return fix(ctx, {
    id: 'ask-it-firewall-gpo-rule',
    title: 'Ask IT to allow Remote Desktop in the firewall policy',
    plain: `Only the company policy's own firewall rules count on this computer. Ask IT to add an inbound rule for Remote Desktop (TCP and UDP port ${port}) to that policy, or to let local rules apply.`,
    where: 'network',
    invasiveness: 'none',
    risk: 'None for you; IT decides.',
    steps: ['Export the report (Markdown or HTML).', 'Send it to IT: it names the profiles and the setting (Apply local firewall rules: No).', 'After the policy is updated (gpupdate /force or a restart), run the check again.'],
    commands: [],
  });
}

/** No cipher suite in common: IT reviews the cipher-suite policy (when one is set), or the suites in force are compared. */
export function reviewCipherSuitePolicy(ctx: FixContext, policySet: boolean): FixSuggestion {
  return fix(ctx, {
    id: 'review-cipher-suite-policy',
    title: policySet ? 'Ask IT to review the cipher-suite policy' : 'Look at the cipher suites this computer allows',
    plain: policySet
      ? 'A company policy limits the encryption methods this computer accepts, and the connecting computers offer none of them. IT needs to add a current suite both sides support (for example TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) to the policy, or update the old clients.'
      : 'Show which encryption methods this computer allows, and compare them with what the connecting computers offer (an old client, or a security tool that changed the list).',
    where: 'server',
    invasiveness: 'none',
    risk: 'Only reads the settings.',
    steps: ['On the computer you connect to, open PowerShell as administrator.', 'Run the command below and send its output to IT with the report.'],
    commands: [ps('List the cipher suites in force', 'Get-TlsCipherSuite | Select-Object Name, Exchange, Cipher, Hash | Format-Table -AutoSize')],
  });
}
