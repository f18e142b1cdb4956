/** Security software the Security Center reports (root\SecurityCenter2), and which suites can filter Remote Desktop. */
import { z } from 'zod';
import { sectionProblemsSchema } from './ids';

/** What productState says (undocumented layout, see decodeProductState): null where it cannot tell. */
export const productStateSchema = z.object({
  /** productState as 0xXXXXXX. */
  stateHex: z.string(),
  enabled: z.boolean().nullable(),
  upToDate: z.boolean().nullable(),
});
export type ProductState = z.infer<typeof productStateSchema>;

export const securityProductSchema = productStateSchema.extend({
  kind: z.enum(['antivirus', 'firewall']),
  displayName: z.string(),
  productState: z.number(),
  /** Microsoft Defender / Windows Firewall themselves. */
  builtIn: z.boolean(),
  /** Known third-party suite that can inspect TLS or filter RDP traffic. */
  vendor: z.string().nullable(),
  mayFilterRdp: z.boolean(),
  path: z.string().nullable(),
});
export type SecurityProduct = z.infer<typeof securityProductSchema>;

export const securitySuitesDataSchema = z.object({
  /** root\SecurityCenter2 exists (not on Windows Server). */
  securityCenterAvailable: z.boolean(),
  products: z.array(securityProductSchema),
  problems: sectionProblemsSchema,
});
export type SecuritySuitesData = z.infer<typeof securitySuitesDataSchema>;

/**
 * SecurityCenter2 productState. The layout is not documented by Microsoft (unconfirmed; widely
 * reverse-engineered): byte 2 = provider flags, byte 1 = scanner state (0x10 on, 0x11 on/snoozed,
 * 0x00 off, 0x01 snoozed), byte 0 = signatures (0x00 up to date, 0x10 out of date).
 */
export function decodeProductState(state: number): ProductState {
  const s = Math.trunc(state) >>> 0;
  const stateHex = `0x${s.toString(16).toUpperCase().padStart(6, '0')}`;
  const scanner = (s >> 8) & 0xff;
  const signatures = s & 0xff;
  const enabled = scanner === 0x10 || scanner === 0x11 ? true : scanner === 0x00 || scanner === 0x01 ? false : null;
  const upToDate = signatures === 0x00 ? true : signatures === 0x10 ? false : null;
  return { enabled, upToDate, stateHex };
}

/** Third-party security suites known to inspect TLS ("HTTPS scanning") or filter network traffic. */
export const KNOWN_SECURITY_SUITES: readonly { vendor: string; pattern: RegExp }[] = [
  { vendor: 'Bitdefender', pattern: /bitdefender/i },
  { vendor: 'Kaspersky', pattern: /kaspersky/i },
  { vendor: 'ESET', pattern: /\beset\b|nod32/i },
  { vendor: 'Norton', pattern: /norton/i },
  { vendor: 'Symantec', pattern: /symantec/i },
  { vendor: 'McAfee', pattern: /mcafee|trellix/i },
  { vendor: 'Sophos', pattern: /sophos/i },
  { vendor: 'Avast', pattern: /avast/i },
  { vendor: 'AVG', pattern: /\bavg\b/i },
  { vendor: 'Avira', pattern: /avira/i },
  { vendor: 'Trend Micro', pattern: /trend ?micro|apex ?one|officescan/i },
  { vendor: 'Malwarebytes', pattern: /malwarebytes/i },
  { vendor: 'F-Secure', pattern: /f-secure|withsecure/i },
  { vendor: 'G DATA', pattern: /g ?data/i },
  { vendor: 'Panda', pattern: /panda/i },
  { vendor: 'Webroot', pattern: /webroot/i },
  { vendor: 'Comodo', pattern: /comodo/i },
  { vendor: 'Check Point', pattern: /check ?point|zonealarm/i },
  { vendor: 'Fortinet', pattern: /forti(client|net)/i },
  { vendor: 'Cisco', pattern: /cisco|amp for endpoints|secure endpoint/i },
  { vendor: 'SentinelOne', pattern: /sentinel ?one/i },
  { vendor: 'CrowdStrike', pattern: /crowdstrike|falcon/i },
  { vendor: 'Cylance', pattern: /cylance/i },
  { vendor: 'Emsisoft', pattern: /emsisoft/i },
  { vendor: 'Total AV', pattern: /total ?av\b/i },
  { vendor: '360', pattern: /360 ?(total|safe)/i },
];

export function isBuiltInSecurityProduct(displayName: string): boolean {
  return /windows defender|microsoft defender|windows firewall|microsoft windows firewall/i.test(displayName);
}

export function securitySuiteVendor(displayName: string): string | null {
  if (isBuiltInSecurityProduct(displayName)) return null;
  return KNOWN_SECURITY_SUITES.find((s) => s.pattern.test(displayName))?.vendor ?? null;
}
