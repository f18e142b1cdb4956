import { describe, expect, it } from 'vitest';
import type { FixOutcome } from '../contract';
import { DEFAULT_RUN_OPTIONS, type CheckResult, type Diagnosis } from '../model';
import { runRules, stepVerdicts } from '../rules';
import { HOST, NOW, TARGET, certificate, check, healthyChecks, replace, ruleInput, tlsCheck } from '../rules/testing/netFixtures';
import { CHECK_STEPS } from '../steps';
import { redactReport } from './redact';
import { renderReport } from './index';

function diagnosisOf(checks: CheckResult[], extra: Partial<Diagnosis> = {}): Diagnosis {
  const findings = runRules(ruleInput(checks, TARGET, { platform: 'win32' }));
  return {
    id: 'd-redact-1',
    createdAt: NOW.toISOString(),
    appVersion: '0.1.0',
    input: HOST,
    target: TARGET,
    steps: [...CHECK_STEPS],
    options: DEFAULT_RUN_OPTIONS,
    checks,
    findings,
    verdicts: stepVerdicts(CHECK_STEPS, checks, findings),
    durationMs: 100,
    cancelled: false,
    platform: 'win32',
    ...extra,
  };
}

const ISSUER = 'CN=Fabrikam Issuing CA 02, OU=Identity Services, OU=Building 7, O=Fabrikam, L=Springfield, ST=Oregon, C=US, DC=fabrikam, DC=test';
const SUBJECT = `CN=${HOST}, OU=Finance Desktops, SERIALNUMBER=A-99812, L=Springfield`;

function leaky(): { diagnosis: Diagnosis; fixed: FixOutcome[] } {
  const cert = certificate({ subject: SUBJECT, issuer: ISSUER, issuerCN: 'Fabrikam Issuing CA 02', selfSigned: false });
  const checks = replace(
    healthyChecks(),
    tlsCheck({ certificate: cert }),
    check('win-key-file', 'certificate', 'fail', { note: 'Read by NT AUTHORITY\\NETWORK SERVICE and BUILTIN\\Administrators', path: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp' }),
  );
  const diagnosis = diagnosisOf(checks, {
    errorText: 'The user CORP\\alice could not sign in to the remote computer (signed in as .\\localadmin, mail bob.jones@fabrikam.test).',
  });
  const fixed: FixOutcome[] = [
    { fixId: 'write-rdp-file', status: 'applied', message: 'Saved /home/alice/.local/share/rdp-doctor/rdp-files/pc.rdp and /Users/carol/Desktop/pc.rdp; a copy in /root/rdp/pc.rdp and C:\\Users\\dave\\Documents\\pc.rdp.' },
  ];
  return { diagnosis, fixed };
}

describe('redaction of identities', () => {
  it.each(['html', 'markdown', 'json'] as const)('leaves no DOMAIN\\user, .\\user, mail address, home folder or certificate attribute in %s', (format) => {
    const { diagnosis, fixed } = leaky();
    const content = renderReport(diagnosis, format, { redact: true, fixed }).content;
    for (const secret of ['alice', 'CORP\\', 'localadmin', 'bob.jones', 'fabrikam', 'Fabrikam', 'carol', 'dave', '/root/', 'Identity Services', 'Building 7', 'Springfield', 'Oregon', 'Finance Desktops', 'A-99812', 'C=US']) {
      expect(content, secret).not.toContain(secret);
    }
    // Built-in principals and registry paths identify no one and stay readable.
    if (format === 'json') {
      expect(content).toContain('NT AUTHORITY\\\\NETWORK SERVICE and BUILTIN\\\\Administrators');
      expect(content).toContain('Terminal Server\\\\WinStations');
    }
  });

  it('keeps what is needed to judge the certificate: names as consistent placeholders, the rest [redacted]', () => {
    const { diagnosis, fixed } = leaky();
    const { diagnosis: r } = redactReport(diagnosis, fixed);
    const tls = r.checks.find((c) => c.id === 'tls')!.data as { certificate: { subject: string; issuer: string; subjectCN: string } };
    expect(tls.certificate.subject).toBe('CN=host-1, OU=[redacted], SERIALNUMBER=[redacted], L=[redacted]');
    expect(tls.certificate.issuer).toMatch(/^CN=name-\d+, OU=\[redacted\], OU=\[redacted\], O=name-\d+, L=\[redacted\], ST=\[redacted\], C=\[redacted\], DC=name-\d+, DC=test$/);
    expect(tls.certificate.subjectCN).toBe('host-1');
    expect(r.errorText).toMatch(/^The user domain-\d+\\user-\d+ could not sign in to the remote computer \(signed in as \.\\user-\d+, mail user-\d+@domain-\d+\)\.$/);
  });

  it('rewrites home folders on every system, /root as ~', () => {
    const { diagnosis, fixed } = leaky();
    const { fixed: r } = redactReport(diagnosis, fixed);
    expect(r[0]!.message).toMatch(/^Saved \/home\/user-\d+\/\.local\/share\/rdp-doctor\/rdp-files\/pc\.rdp and \/Users\/user-\d+\/Desktop\/pc\.rdp; a copy in ~\/rdp\/pc\.rdp and C:\\Users\\user-\d+\\Documents\\pc\.rdp\.$/);
  });

  it('says in the report what was redacted', () => {
    const { diagnosis, fixed } = leaky();
    for (const format of ['html', 'markdown', 'json'] as const) {
      const content = renderReport(diagnosis, format, { redact: true, fixed }).content;
      const plain = content.replace(/\\([\\`*_{}[\]()#+!|~.])/g, '$1');
      expect(plain, format).toMatch(/Replaced by placeholders \(host-1, ip-1, user-1 \.\.\.\): \d+ host names?, .*\d+ user names/);
      expect(plain, format).toContain('Certificate subject and issuer attributes other than names removed: C, L, OU, SERIALNUMBER, ST.');
      expect(plain, format).toContain('/root is shown as ~');
    }
    expect(renderReport(diagnosis, 'markdown', { redact: false, fixed }).content).not.toContain('Replaced by placeholders');
  });
});
