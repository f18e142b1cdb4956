import { describe, expect, it } from 'vitest';
import { readFixScript } from '../catalog';
import { findingSchema, INVASIVENESS, type Finding } from '../model';
import { runRules } from './index';
import { purposeOf } from '../catalog';
import { HOST, IP, IP6, NOW, REQUESTED, TARGET, addressingCheck, attempt, certificate, check, credsspCheck, dnsCheck, failure, healthyChecks, listenerCheck, replace, ruleInput, stabilityCheck, tcpCheck, tlsCheck } from './testing/netFixtures';
import { run, ids, one } from './testing/findings';

describe('a healthy server', () => {
  it('yields no error or warning, only the informational notes', () => {
    const findings = run(healthyChecks());
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(ids(findings).sort()).toEqual(['cert-self-signed', 'nla-required']);
  });

  it('produces findings that satisfy the model schema', () => {
    for (const f of run(healthyChecks())) expect(findingSchema.safeParse(f).success).toBe(true);
  });
});

describe('checks that did not run', () => {
  const broken = [
    dnsCheck({ outcome: 'nxdomain', addresses: [], errorCode: 'ENOTFOUND' }),
    tcpCheck({ outcome: 'refused', errorCode: 'ECONNREFUSED' }),
    listenerCheck(failure(REQUESTED, 3, 'SSL_CERT_NOT_ON_SERVER')),
    tlsCheck({ certificate: certificate({ validTo: '2024-01-01T00:00:00Z' }) }),
    credsspCheck({ clockSkewSeconds: 3600 }),
    stabilityCheck({ attempts: [attempt(1, false, 20), attempt(2, true, 40)] }),
  ];

  it.each(['skipped', 'error'] as const)('claim no cause when %s, whatever their data says', (status) => {
    const checks = broken.map((c) => ({ ...c, status, reason: 'Cancelled.' }));
    expect(run(checks)).toEqual([]);
  });

  it('yields nothing from data that does not match the schema', () => {
    expect(run([check('tls', 'certificate', 'fail', { address: IP, certificate: 'expired' }, IP)])).toEqual([]);
  });
});

describe('fixes', () => {
  const certProblem = [tlsCheck({ certificate: certificate({ validTo: '2024-01-01T00:00:00Z' }) })];
  const fixesOf = (findings: Finding[], id: string) => Object.fromEntries(one(findings, id).fixes.map((f) => [f.id, f]));

  it('are ordered repairs first, least invasive first among them, in every finding', () => {
    const scenarios = [
      run([tcpCheck({ outcome: 'filtered' })]),
      run([listenerCheck(failure(REQUESTED, 3, 'SSL_CERT_NOT_ON_SERVER'))]),
      run(certProblem),
      run([stabilityCheck({ attempts: [attempt(1, false, 10, 'tls', 'reset'), attempt(2, true, 40)] })]),
    ].flat();
    for (const finding of scenarios) {
      const ranks = finding.fixes.map((f) => ['repair', 'workaround', 'investigate'].indexOf(purposeOf(f)) * 10 + INVASIVENESS.indexOf(f.invasiveness));
      expect(ranks, finding.id).toEqual([...ranks].sort((a, b) => a - b));
    }
  });

  it('server fixes are automatic only on Windows when the target is this machine', () => {
    const local = fixesOf(run(certProblem, TARGET, { platform: 'win32', targetIsLocal: true }), 'cert-expired');
    expect(local['regenerate-self-signed-cert']!.automatic).toBe(true);
    expect(local['repair-keyfile-acl']!.automatic).toBe(true);
    expect(local['check-server-events']!.automatic).toBe(false);
    expect(local['remote-repair']).toBeUndefined();

    const remote = fixesOf(run(certProblem, TARGET, { platform: 'win32' }), 'cert-expired');
    expect(remote['regenerate-self-signed-cert']!.automatic).toBe(false);
    expect(remote['remote-repair']!.automatic).toBe(true);
    expect(remote['remote-repair']!.params).toMatchObject({ host: HOST, action: 'certificate' });

    const linux = run(certProblem, TARGET, { platform: 'linux', targetIsLocal: true });
    expect(linux.flatMap((f) => f.fixes).some((f) => f.automatic)).toBe(false);
  });

  it('client fixes are automatic on Windows whatever the target; the .rdp file everywhere', () => {
    const twoAddresses = addressingCheck({
      addresses: [
        { address: IP6, family: 6, ok: false, stage: 'tls', outcome: 'reset', durationMs: 30 },
        { address: IP, family: 4, ok: true, stage: 'done', outcome: 'ok', durationMs: 44 },
      ],
    });
    expect(fixesOf(run([twoAddresses], TARGET, { platform: 'win32' }), 'address-fails')['write-rdp-file']!.automatic).toBe(true);
    const mac = fixesOf(run([twoAddresses], TARGET, { platform: 'darwin' }), 'address-fails');
    expect(mac['write-rdp-file']!.automatic).toBe(true);
    expect(mac['connect-by-ip']!.automatic).toBe(false);
    // Off Windows the file's text speaks of "your Remote Desktop app", not mstsc.
    expect(`${mac['write-rdp-file']!.plain} ${mac['write-rdp-file']!.steps.join(' ')} ${mac['write-rdp-file']!.commands.map((c) => c.text).join(' ')}`).not.toMatch(/mstsc|Windows key/);
    expect(mac['write-rdp-file']!.plain).toMatch(/your Remote Desktop app/);
    expect(mac['write-rdp-file']!.illustration).toBeUndefined();
  });

  it('quote the validated host for PowerShell', () => {
    const remote = fixesOf(run(certProblem, TARGET, { platform: 'win32' }), 'cert-expired');
    expect(readFixScript(remote['remote-repair']!.commands[1]!.text)?.input).toMatchObject({ host: HOST, action: 'certificate' });
    const filtered = fixesOf(run([tcpCheck({ outcome: 'filtered' })]), 'port-filtered');
    expect(filtered['test-port']!.commands[0]!.text).toBe(`Test-NetConnection -ComputerName '${HOST}' -Port 3389`);
    expect(readFixScript(filtered['enable-firewall-rules']!.commands[0]!.text)).toEqual({ scriptId: 'fix-firewall-apply', input: { profiles: ['Domain', 'Private'] } });
  });

  it('never put a host that fails validation into a command', () => {
    const evil = { host: "pc'; Remove-Item C:\\ -Recurse; '", port: 3389, kind: 'dns' as const };
    const findings = runRules(ruleInput([tcpCheck({ outcome: 'filtered' }), ...certProblem], evil, { platform: 'win32' }));
    const commands = findings.flatMap((f) => f.fixes.flatMap((x) => x.commands.map((c) => c.text))).join('\n');
    expect(commands).not.toContain('Remove-Item C:');
    expect(commands).toContain("Test-NetConnection -ComputerName 'SERVER' -Port 3389");
    expect(findings.flatMap((f) => f.fixes).map((f) => f.id)).not.toContain('remote-repair');
  });
});

describe('runRules', () => {
  it('ranks errors first and keeps wizard order within a severity', () => {
    const checks = replace(
      healthyChecks(),
      tlsCheck({ certificate: certificate({ validTo: '2024-11-20T10:00:00Z' }) }),
      stabilityCheck({ attempts: [attempt(1, true, 40), attempt(2, false, 10, 'x224', 'reset')] }),
      credsspCheck({ clockSkewSeconds: 1200 }),
    );
    const findings = run(checks);
    expect(findings.map((f) => `${f.severity}:${f.id}`)).toEqual([
      'error:reset-during-handshake',
      'warning:cert-expiring-soon',
      'warning:clock-skew',
      'warning:intermittent-failures',
      'info:cert-self-signed',
      'info:nla-required',
    ]);
  });

  it('keeps findings about different addresses apart', () => {
    const findings = run([tcpCheck({ outcome: 'refused' }), tcpCheck({ address: IP6, outcome: 'refused' })]);
    expect(findings.map((f) => f.address)).toEqual([IP, IP6]);
  });

  it('uses the rule time when a check recorded none', () => {
    const checks = [tlsCheck({ checkedAt: '', certificate: certificate({ validTo: '2024-11-01T00:00:00Z' }) })];
    expect(ids(run(checks, TARGET, { now: NOW }))).toContain('cert-expired');
    expect(ids(run(checks, TARGET, { now: new Date('2024-10-10T00:00:00Z') }))).toContain('cert-expiring-soon');
  });
});
