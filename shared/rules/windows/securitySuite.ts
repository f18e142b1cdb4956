/** Security software on this computer that can inspect or filter Remote Desktop's encrypted connection. */
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { securitySuitesDataSchema } from '../../checks/windows/securitySuites';
import { checkSecuritySoftware, evidence, fix } from '../../catalog';
import { fixContext } from '../read';
import type { Rule } from '../types';
import { eachResult, windowsFinding, type WindowsFindingDefinition } from './finding';

export const securitySuitePresent: WindowsFindingDefinition = {
  id: 'security-suite-present',
  severity: 'warning',
  step: 'reachability',
  title: 'Security software that can interfere with Remote Desktop is active',
  plain: '{products} is running on this computer. Suites like this can inspect or filter encrypted connections, and some cut Remote Desktop exactly while it is "securing the remote connection". Pausing its web/TLS scanning once is a quick test.',
  detail: 'root\\SecurityCenter2 AntiVirusProduct/FirewallProduct: {states}. productState decoded as scanner byte (0x10 on) and signature byte (0x00 up to date); the layout is undocumented. Test with HTTPS/SSL scanning paused or mstsc.exe excluded.',
};

export const securitySuiteRule: Rule = eachResult(WINDOWS_CHECK_IDS.securitySuites, securitySuitesDataSchema, ({ check, data }, input) => {
  const suspects = data.products.filter((p) => p.mayFilterRdp);
  if (suspects.length === 0) return null;
  const ctx = fixContext(input);
  const names = [...new Set(suspects.map((p) => p.displayName))];
  return windowsFinding(input, securitySuitePresent, {
    ctx,
    vars: {
      products: names.join(', '),
      states: data.products.map((p) => `${p.displayName} (${p.kind}, productState ${p.productState} = ${p.stateHex}: ${p.enabled === null ? 'state unknown' : p.enabled ? 'on' : 'off'}, ${p.upToDate === null ? 'signatures unknown' : p.upToDate ? 'up to date' : 'out of date'})`).join('; '),
    },
    evidence: data.products.map((p) => evidence(`${p.kind === 'firewall' ? 'Firewall' : 'Antivirus'} product`, `${p.displayName}: productState ${p.stateHex}${p.vendor ? ` (${p.vendor}: can inspect TLS / filter traffic)` : ''}`, check.id)),
    fixes: [
      fix(ctx, {
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
  });
});
