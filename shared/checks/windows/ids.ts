/**
 * The Windows checks' stable ids (they appear in the command line's JSON and in the reports), the
 * reasons a check gives where it does not run, and the part-failures every check's data carries.
 */
import { z } from 'zod';

export const WINDOWS_CHECK_IDS = {
  // client side (this computer, any target)
  clientFirewall: 'win-client-firewall',
  securitySuites: 'win-security-suites',
  credsspPolicy: 'win-credssp-policy',
  schannelClient: 'win-schannel-client',
  vpn: 'win-vpn',
  nicPower: 'win-nic-power',
  acceptedCertificate: 'win-accepted-cert',
  // server side (only when the target is this computer)
  rdpListener: 'win-rdp-listener',
  certStore: 'win-cert-store',
  keyFile: 'win-key-file',
  services: 'win-rdp-services',
  serverFirewall: 'win-server-firewall',
  schannelServer: 'win-schannel-server',
  events: 'win-rdp-events',
  portOwner: 'win-rdp-port-owner',
} as const;
export type WindowsCheckId = (typeof WINDOWS_CHECK_IDS)[keyof typeof WINDOWS_CHECK_IDS];

/** The one reason every Windows check gives elsewhere. */
export const NOT_WINDOWS_REASON = 'Not applicable on this system: this check reads Windows settings (runs on Windows only).';
export function serverOnlyReason(host: string): string {
  return `Runs on the server itself: start RDP Doctor on ${host} to check this`;
}

/** A part of a script that failed while the rest still ran (kind as the PowerShell runner classifies it). */
export const sectionProblemSchema = z.object({
  section: z.string(),
  kind: z.enum(['needs-administrator', 'cmdlet-not-available', 'not-found', 'failed']),
  message: z.string(),
});
export type SectionProblem = z.infer<typeof sectionProblemSchema>;
export const sectionProblemsSchema = z.array(sectionProblemSchema);
