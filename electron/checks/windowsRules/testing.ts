/**
 * Test support for the Windows rules (tests only): what the Windows checks make of recorded
 * PowerShell output, run through the rules. On the electron side, because it runs the checks (a
 * shared/ test may not import electron/); one test file here per rule file of shared/rules/windows.
 */
import { expect } from 'vitest';
import { findingSchema, type CheckResult, type Finding } from '../../../shared/model';
import type { CertificateInfo } from '../../../shared/checks/net';
import type { RuleInput } from '../../../shared/rules/types';
import { windowsRules } from '../../../shared/rules/windows';
import { NOW, run, target } from '../windows/testing/recorded';

/** One Windows check run on a recorded output (electron/checks/windows/fixtures). */
export async function check(spec: unknown, file: string): Promise<CheckResult> {
  return (await run(spec, file)).result;
}

/** The Windows rules on these results (this computer is the target, on Windows, unless said); every finding must match the contract. */
export function rules(checks: CheckResult[], context: Partial<RuleInput['context']> = {}): Finding[] {
  const input: RuleInput = { target, checks, context: { platform: 'win32', targetIsLocal: true, now: NOW, ...context } };
  const findings = windowsRules.flatMap((r) => r(input));
  for (const f of findings) expect(findingSchema.safeParse(f).success, f.id).toBe(true);
  return findings;
}

export const ids = (fs: Finding[]): string[] => fs.map((f) => f.id);

/** A network TLS check that received this certificate (self-signed unless the issuer differs). */
export function tlsResult(address: string, certificate: Pick<CertificateInfo, 'subject' | 'issuer' | 'validTo' | 'sha1'>): CheckResult {
  return {
    id: 'tls',
    step: 'certificate',
    status: 'pass',
    durationMs: 1,
    summary: 'x',
    address,
    data: {
      address,
      x224: { requestedProtocols: 3, kind: 'confirm', selectedProtocol: 2, durationMs: 3 },
      attempts: [],
      certificate: {
        ...certificate,
        serialNumber: '01',
        validFrom: '2025-01-01T00:00:00Z',
        selfSigned: certificate.subject === certificate.issuer,
        dnsNames: [],
        ipAddresses: [],
        keyType: 'rsa',
        signatureAlgorithm: 'sha256WithRSAEncryption',
        signatureAlgorithmOid: '1.2.840.113549.1.1.11',
        extendedKeyUsage: [],
        sha256: 'AA',
        pem: '',
      },
      nameMatch: null,
      checkedAt: NOW.toISOString(),
    },
  };
}
