import { describe, expect, it } from 'vitest';
import { findingSchema, type CheckResult, type Finding } from '../model';
import { runRules } from './index';
import { INSPECTION_VENDORS, inspectionVendor } from './inspection';
import { certificate, healthyChecks, replace, ruleInput, tlsCheck } from './testing/netFixtures';

const run = (checks: CheckResult[]): Finding[] => runRules(ruleInput(checks));

describe('tls-inspection', () => {
  it('names the vendor of well-known inspection CAs, and nothing for public or Windows-made issuers', () => {
    expect(inspectionVendor('C=US, O=Fortinet, OU=Certificate Authority, CN=FortiGate CA')).toBe('Fortinet FortiGate');
    expect(inspectionVendor('CN=Palo Alto Networks Decryption Trusted CA')).toBe('Palo Alto Networks');
    expect(inspectionVendor('CN=Zscaler Intermediate Root CA (zscaler.net), O=Zscaler Inc.')).toBe('Zscaler');
    expect(inspectionVendor('CN=ca.acme.goskope.com, O=Netskope Inc')).toBe('Netskope');
    expect(inspectionVendor('CN=Blue Coat SG-S200 Series')).toBe('Blue Coat / Symantec ProxySG');
    expect(inspectionVendor('CN=Sophos SSL CA_C1234')).toBe('Sophos');
    expect(inspectionVendor('CN=Cisco Umbrella Secondary SubCA ams-SG, O=Cisco')).toBe('Cisco Umbrella');
    expect(inspectionVendor('CN=Check Point Outbound Inspection CA')).toBe('Check Point');
    expect(inspectionVendor('CN=Kaspersky Anti-Virus Personal Root Certificate')).toBe('Kaspersky');
    expect(INSPECTION_VENDORS.length).toBeGreaterThanOrEqual(8);
    for (const issuer of ['CN=pc-042.corp.example', 'CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc', 'CN=Symantec Class 3 Secure Server CA - G4', 'CN=Corp Issuing CA 01, DC=corp, DC=example', "CN=Let's Encrypt R3"]) {
      expect(inspectionVendor(issuer), issuer).toBeNull();
    }
  });

  it('a server certificate issued by an inspection CA: a warning with the issuer in evidence', () => {
    const issuer = 'C=US, O=Fortinet, OU=Certificate Authority, CN=FortiGate CA';
    const findings = run(replace(healthyChecks(), tlsCheck({ certificate: certificate({ selfSigned: false, issuer, issuerCN: 'FortiGate CA' }) })));
    const f = findings.find((x) => x.id === 'tls-inspection')!;
    expect(f).toMatchObject({ severity: 'warning', step: 'certificate' });
    expect(findingSchema.safeParse(f).success).toBe(true);
    expect(f.evidence[0]).toMatchObject({ label: 'Certificate issuer', value: issuer, checkId: 'tls' });
    expect(f.plain).toContain('Fortinet FortiGate');
    expect(f.fixes.map((x) => x.id)).toContain('ask-network-admin');
  });

  it('found in the chain too; never for a self-signed certificate or a normal issuer', () => {
    const chain = [{ subject: 'CN=Zscaler Intermediate Root CA', issuer: 'CN=Zscaler Root CA', validFrom: '2024-01-01T00:00:00Z', validTo: '2030-01-01T00:00:00Z', sha256: 'AA' }];
    expect(run(replace(healthyChecks(), tlsCheck({ certificate: certificate({ selfSigned: false, issuer: 'CN=Intermediate' }), chain }))).map((f) => f.id)).toContain('tls-inspection');
    expect(run(replace(healthyChecks(), tlsCheck({ certificate: certificate({ selfSigned: true, issuer: 'CN=FortiGate' }) }))).map((f) => f.id)).not.toContain('tls-inspection');
    expect(run(healthyChecks()).map((f) => f.id)).not.toContain('tls-inspection');
  });
});
