/**
 * Fixes for the Windows findings that a person carries out by hand (RDP Doctor has no module for
 * them): switching off a firewall rule, pausing a security suite's scanning, the CredSSP policy, the
 * VPN, adapter power saving, and what only IT can change (Group Policy, the Windows edition, the
 * firewall policy, the cipher suites, exposure to the internet). The Windows rules choose among them.
 * Their words are in fixTexts.json; here only the commands and the values the words name.
 */
import { NET_CLASS_KEY } from '../checks/windows/nicPower';
import type { FixCommand, FixSuggestion } from '../model';
import { powershellCommand as ps, psQuote } from './commandText';
import { fix, type FixContext } from './fix';
import { fixText, type FixTextId } from './fixTexts';

/** A fix whose words are all in fixTexts.json: only the commands it shows (the same on every call). */
const byHand =
  (id: FixTextId, ...commands: FixCommand[]) =>
  (ctx: FixContext): FixSuggestion =>
    fix(ctx, { ...fixText(id), commands: commands.map((c) => ({ ...c })) });

/** Switch off the outbound rules (made on this computer) that block Remote Desktop Connection. */
export function disableOutboundBlockRules(ctx: FixContext, rules: readonly { name: string; displayName: string }[]): FixSuggestion {
  const named = rules.map((r) => `"${r.displayName}"`).join(', ');
  return fix(ctx, {
    ...fixText('disable-outbound-block-rule', { rules: named }, rules.length === 1 ? 'oneRule' : 'severalRules'),
    commands: rules.slice(0, 10).map((r) => ps(`Disable "${r.displayName}"`, `Disable-NetFirewallRule -Name ${psQuote(r.name)}`)),
  });
}

/** A profile blocks outbound traffic by default: allow mstsc.exe out. */
export const allowMstscOutbound = byHand(
  'allow-mstsc-outbound',
  ps('Allow mstsc.exe out', "New-NetFirewallRule -DisplayName 'Remote Desktop Connection (mstsc) out' -Direction Outbound -Program '%SystemRoot%\\system32\\mstsc.exe' -Action Allow"),
);

/** The outbound block rule comes from Group Policy: only IT can change it. */
export const askItFirewallPolicy = byHand('ask-it-firewall-policy');

/** Test once with the security suites' scanning of encrypted connections paused (names: the suites, at least one). */
export function pauseTlsInspection(ctx: FixContext, names: readonly string[]): FixSuggestion {
  return fix(ctx, { ...fixText('pause-tls-inspection', { first: names[0], names: names.join(' / ') }), commands: [] });
}

/** The remote computer lacks the 2018 CredSSP update. */
export const updateRemoteComputer = byHand('update-remote-computer');

/** Set this computer's CredSSP policy (at its registry path, HKLM\\...) back to Mitigated. */
export function setCredsspMitigated(ctx: FixContext, registryPath: string): FixSuggestion {
  const regPath = `HKLM:${registryPath.replace(/^HKLM/, '')}`;
  return fix(ctx, {
    ...fixText('set-credssp-mitigated'),
    commands: [ps('Set Mitigated (as administrator)', `Set-ItemProperty -Path ${psQuote(regPath)} -Name AllowEncryptionOracle -Value 1 -Type DWord`)],
  });
}

/** Try once without the VPN, on the same network as the remote computer. */
export const tryWithoutVpn = byHand(
  'try-without-vpn',
  ps('Show VPN adapters and connections', 'Get-NetAdapter | Format-Table Name, InterfaceDescription, Status\nGet-VpnConnection | Format-Table Name, ServerAddress, ConnectionStatus, SplitTunneling'),
);

/** Stop Windows switching these adapters off to save power (at least one; the commands for those whose class subkey is known). */
export function disableNicPowerSaving(ctx: FixContext, adapters: readonly { name: string; interfaceDescription: string; classSubkey: string | null }[]): FixSuggestion {
  const commands = adapters
    .filter((a) => a.classSubkey && /^\d{4}$/.test(a.classSubkey))
    .map((a) => ps(`Keep "${a.name}" powered (as administrator, then restart)`, `Set-ItemProperty -Path ${psQuote(`HKLM:${NET_CLASS_KEY.replace(/^HKLM/, '')}\\${a.classSubkey}`)} -Name PnPCapabilities -Value 24 -Type DWord`));
  const first = adapters[0]!;
  return fix(ctx, { ...fixText('disable-nic-power-saving', { adapter: first.interfaceDescription || first.name }), commands });
}

/** A Group Policy turns Remote Desktop off: only IT can turn it on. */
export const changeRdpPolicy = byHand('change-rdp-policy', ps('Which policy applies', 'gpresult /h "$env:TEMP\\gpresult.html"; Start-Process "$env:TEMP\\gpresult.html"'));

/** Windows Home cannot accept Remote Desktop connections: upgrade to Pro. */
export const upgradeWindowsEdition = byHand('upgrade-windows-edition');

/** Remote Desktop is flooded from outside: stop exposing it to the internet. */
export const restrictRdpExposure = byHand('restrict-rdp-exposure');

/** A firewall policy ignores local rules: IT must allow Remote Desktop (on this port) in the policy. */
export function askItFirewallGpoRule(ctx: FixContext, port: number): FixSuggestion {
  return fix(ctx, { ...fixText('ask-it-firewall-gpo-rule', { port }), commands: [] });
}

/** No cipher suite in common: IT reviews the cipher-suite policy (when one is set), or the suites in force are compared. */
export function reviewCipherSuitePolicy(ctx: FixContext, policySet: boolean): FixSuggestion {
  return fix(ctx, {
    ...fixText('review-cipher-suite-policy', {}, policySet ? 'policySet' : 'noPolicy'),
    commands: [ps('List the cipher suites in force', 'Get-TlsCipherSuite | Select-Object Name, Exchange, Cipher, Hash | Format-Table -AutoSize')],
  });
}
