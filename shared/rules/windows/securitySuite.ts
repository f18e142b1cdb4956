/** Security software on this computer that can inspect or filter Remote Desktop's encrypted connection. */
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { securitySuitesDataSchema } from '../../checks/windows/securitySuites';
import { checkSecuritySoftware } from '../../catalog';
import { pauseTlsInspection } from '../../catalog/windowsManualFixes';
import type { Rule } from '../types';
import { eachResult, windowsFindingDefinition } from './finding';

export const securitySuitePresent = windowsFindingDefinition('security-suite-present', 'warning', 'reachability');

export const securitySuiteRule: Rule = eachResult(WINDOWS_CHECK_IDS.securitySuites, securitySuitesDataSchema, ({ data, ctx, ev, found }) => {
  const suspects = data.products.filter((p) => p.mayFilterRdp);
  if (suspects.length === 0) return null;
  const names = [...new Set(suspects.map((p) => p.displayName))];
  return found(securitySuitePresent, {
    vars: {
      products: names.join(', '),
      states: data.products.map((p) => `${p.displayName} (${p.kind}, productState ${p.productState} = ${p.stateHex}: ${p.enabled === null ? 'state unknown' : p.enabled ? 'on' : 'off'}, ${p.upToDate === null ? 'signatures unknown' : p.upToDate ? 'up to date' : 'out of date'})`).join('; '),
    },
    evidence: data.products.map((p) => ev(`${p.kind === 'firewall' ? 'Firewall' : 'Antivirus'} product`, `${p.displayName}: productState ${p.stateHex}${p.vendor ? ` (${p.vendor}: can inspect TLS / filter traffic)` : ''}`)),
    fixes: [
      pauseTlsInspection(ctx, names),
      checkSecuritySoftware(ctx),
    ],
  });
});
