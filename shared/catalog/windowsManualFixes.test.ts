import { describe, expect, it } from 'vitest';
import type { FixContext } from './fix';
import { FIX_TEXTS } from './fixTexts';
import { askItFirewallGpoRule, changeRdpPolicy, disableNicPowerSaving, disableOutboundBlockRules, pauseTlsInspection, reviewCipherSuitePolicy, setCredsspMitigated } from './windowsManualFixes';

const ctx: FixContext = { target: { host: 'pc-042.corp.example', port: 3389, kind: 'dns' }, platform: 'win32', targetIsLocal: true };

describe('the Windows manual fixes: what each builder computes', () => {
  it('names one block rule, or lists several, and disables at most ten by their rule name', () => {
    expect(disableOutboundBlockRules(ctx, [{ name: 'r1', displayName: 'Block RDP' }]).plain).toBe('Switch off the outbound rule "Block RDP" in Windows Defender Firewall with Advanced Security.');
    const many = Array.from({ length: 12 }, (_, i) => ({ name: `it's-${i}`, displayName: `Rule ${i}` }));
    const f = disableOutboundBlockRules(ctx, many);
    expect(f.plain).toMatch(/^Switch off these outbound rules: "Rule 0", "Rule 1", .*"Rule 11" in Windows Defender/);
    expect(f.commands).toHaveLength(10);
    expect(f.commands[0]!.text).toBe("Disable-NetFirewallRule -Name 'it''s-0'");
  });

  it('names the first security suite and all of them', () => {
    const f = pauseTlsInspection(ctx, ['Suite A', 'Suite B']);
    expect(f.title).toBe("Test once with Suite A's connection scanning paused");
    expect(f.plain.startsWith('In Suite A / Suite B, pause')).toBe(true);
    expect(f.steps[0]).toBe('Open Suite A.');
  });

  it('writes the CredSSP value at the registry path the check read', () => {
    const f = setCredsspMitigated(ctx, 'HKLM\\SOFTWARE\\Policies\\CredSSP\\Parameters');
    expect(f.commands[0]!.text).toContain("-Path 'HKLM:\\SOFTWARE\\Policies\\CredSSP\\Parameters' -Name AllowEncryptionOracle -Value 1");
  });

  it('keeps powered only the adapters with a known class subkey, and names the first by its description or name', () => {
    const adapters = [
      { name: 'Wi-Fi', interfaceDescription: '', classSubkey: null },
      { name: 'Ethernet', interfaceDescription: 'Intel NIC', classSubkey: '0007' },
      { name: 'Odd', interfaceDescription: 'x', classSubkey: '7' },
    ];
    const f = disableNicPowerSaving(ctx, adapters);
    expect(f.steps[1]).toBe('Open Network adapters, right-click Wi-Fi and select Properties.');
    expect(f.commands.map((c) => c.label)).toEqual(['Keep "Ethernet" powered (as administrator, then restart)']);
    expect(f.commands[0]!.text).toMatch(/\\0007' -Name PnPCapabilities -Value 24/);
    expect(disableNicPowerSaving(ctx, adapters.slice(1)).steps[1]).toContain('right-click Intel NIC and');
  });

  it('names the listener port to open in the firewall policy and picks the cipher wording by whether a policy is set', () => {
    expect(askItFirewallGpoRule(ctx, 3390).plain).toContain('(TCP and UDP port 3390)');
    expect(reviewCipherSuitePolicy(ctx, true).title).toBe('Ask IT to review the cipher-suite policy');
    expect(reviewCipherSuitePolicy(ctx, false).title).toBe('Look at the cipher suites this computer allows');
    expect(reviewCipherSuitePolicy(ctx, false).steps[0]).toBe(FIX_TEXTS.shared.onServerShort);
  });

  it('gives each call its own commands', () => {
    const a = changeRdpPolicy(ctx);
    a.commands[0]!.text = 'changed';
    expect(changeRdpPolicy(ctx).commands[0]!.text).toMatch(/^gpresult/);
  });
});
