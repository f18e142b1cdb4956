/**
 * TLS inspection: the certificate that came back was issued by the certificate authority of a
 * TLS-inspection appliance or security suite, so something between this computer and the server
 * terminates TLS and presents its own certificate. Matched on the issuer (and the chain's).
 */
import type { Finding } from '../model';
import { NET_CHECK_IDS, tlsDataSchema, type TlsData } from '../checks/net';
import { evidence } from '../catalog';
import { netFinding, usable } from './read';
import type { Rule } from './types';

/** Issuer patterns of inspection CAs, by vendor. Specific words only: "Symantec" or "Cisco" alone also name public CAs. */
export const INSPECTION_VENDORS: ReadonlyArray<{ vendor: string; pattern: RegExp }> = [
  { vendor: 'Fortinet FortiGate', pattern: /\bforti(?:gate|net|proxy)\b/i },
  { vendor: 'Palo Alto Networks', pattern: /\bpalo ?alto\b/i },
  { vendor: 'Zscaler', pattern: /\bzscaler\b/i },
  { vendor: 'Netskope', pattern: /\bnetskope\b/i },
  { vendor: 'Blue Coat / Symantec ProxySG', pattern: /\bblue ?coat\b|\bproxysg\b|\bssl ?visibility\b/i },
  { vendor: 'Sophos', pattern: /\bsophos\b/i },
  { vendor: 'Cisco Umbrella', pattern: /\bcisco umbrella\b|\bumbrella (?:secondary|root)\b|\bopendns\b/i },
  { vendor: 'Check Point', pattern: /\bcheck ?point\b/i },
  { vendor: 'Forcepoint / Websense', pattern: /\bforcepoint\b|\bwebsense\b/i },
  { vendor: 'Skyhigh / McAfee Web Gateway', pattern: /\bmcafee web gateway\b|\bskyhigh\b/i },
  { vendor: 'Barracuda', pattern: /\bbarracuda\b/i },
  { vendor: 'WatchGuard', pattern: /\bwatchguard\b/i },
  { vendor: 'SonicWall', pattern: /\bsonicwall\b/i },
  { vendor: 'Cisco Firepower', pattern: /\bfirepower\b/i },
  { vendor: 'Kaspersky', pattern: /\bkaspersky\b/i },
  { vendor: 'ESET', pattern: /\beset ssl filter\b/i },
  { vendor: 'Avast / AVG', pattern: /\bavast\b|\bavg (?:web|technologies)\b/i },
  { vendor: 'Bitdefender', pattern: /\bbitdefender\b/i },
];

/** The vendor whose inspection CA issued this name, or null. Pure. */
export function inspectionVendor(issuer: string): string | null {
  for (const { vendor, pattern } of INSPECTION_VENDORS) if (pattern.test(issuer)) return vendor;
  return null;
}

/** The first issuer in the leaf and chain that names an inspection CA. */
function inspected(data: TlsData): { issuer: string; vendor: string } | null {
  const issuers = [data.certificate?.issuer, ...(data.chain ?? []).flatMap((c) => [c.issuer, c.subject])].filter((i): i is string => typeof i === 'string');
  for (const issuer of issuers) {
    const vendor = inspectionVendor(issuer);
    if (vendor) return { issuer, vendor };
  }
  return null;
}

export const tlsInspectionRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { check, data } of usable(input.checks, NET_CHECK_IDS.tls, tlsDataSchema)) {
    const cert = data.certificate;
    // A certificate that issued itself was made by the server, not by a device on the way.
    if (!cert || cert.selfSigned) continue;
    const hit = inspected(data);
    if (!hit) continue;
    out.push(
      netFinding(input, 'tls-inspection', {
        address: data.address,
        vars: { issuer: hit.issuer, vendor: hit.vendor, subject: cert.subject },
        evidence: [
          evidence('Certificate issuer', hit.issuer, check.id),
          evidence('Matches the TLS-inspection CA of', hit.vendor, check.id),
          evidence('Certificate subject', `${cert.subject} (SHA-1 ${cert.sha1})`, check.id),
        ],
      }),
    );
  }
  return out;
};
