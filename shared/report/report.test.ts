import { describe, expect, it } from 'vitest';
import { readFixScript } from '../catalog/fixScripts';
import type { FixOutcome } from '../contract';
import { DEFAULT_RUN_OPTIONS, diagnosisSchema, type CheckResult, type Diagnosis } from '../model';
import { CHECK_STEPS } from '../steps';
import { runRules, stepVerdicts } from '../rules';
import {
  HOST,
  IP,
  IP6,
  NOW,
  TARGET,
  addressingCheck,
  certificate,
  check,
  credsspCheck,
  failure,
  healthyChecks,
  listenerCheck,
  replace,
  ruleInput,
  tcpCheck,
  tlsCheck,
  REQUESTED,
  attempt,
  stabilityCheck,
} from '../rules/testing/netFixtures';
import { humanDateTime } from '../words';
import { STAGE_PLAIN } from '../catalog/stages';
import { redact, redactReport, renderHtml, renderJson, renderMarkdown, renderReport, reportFilename } from './index';

function diagnosisOf(checks: CheckResult[], extra: Partial<Diagnosis> = {}): Diagnosis {
  const findings = runRules(ruleInput(checks, TARGET, { platform: 'win32' }));
  return {
    id: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
    createdAt: NOW.toISOString(),
    appVersion: '0.1.0',
    input: HOST,
    target: TARGET,
    steps: [...CHECK_STEPS],
    options: DEFAULT_RUN_OPTIONS,
    checks,
    findings,
    verdicts: stepVerdicts(CHECK_STEPS, checks, findings),
    durationMs: 4210,
    cancelled: false,
    platform: 'win32',
    ...extra,
  };
}

const ERROR_TEXT = `This computer can't connect to the remote computer ${HOST} (${IP}).\nError code: 0x904\nExtended error code: 0x7`;

/** A server with a certificate problem, two addresses (one failing), NTLM names, a user in Windows data. */
function problemDiagnosis(): Diagnosis {
  const cert = certificate({
    subject: `CN=${HOST}, O=Contoso Ltd`,
    dnsNames: [HOST, 'rdp.corp.example'],
    ipAddresses: [IP],
    validTo: '2024-01-01T00:00:00Z',
  });
  const checks = replace(
    healthyChecks(),
    tlsCheck({ certificate: cert }),
    addressingCheck({
      addresses: [
        { address: IP6, family: 6, ok: false, stage: 'tls', outcome: 'reset', durationMs: 31 },
        { address: IP, family: 4, ok: true, stage: 'done', outcome: 'ok', durationMs: 44 },
      ],
    }),
    credsspCheck({ clockSkewSeconds: 1800 }),
    check('win-accepted-cert', 'certificate', 'pass', { userName: 'CORP\\alice', profile: 'C:\\Users\\alice.smith\\AppData', servers: [HOST.toUpperCase()] }),
  );
  return diagnosisOf(checks, { errorText: ERROR_TEXT });
}

const FIXED: FixOutcome[] = [
  {
    fixId: 'remote-repair',
    status: 'applied',
    message: `Repaired the certificate on ${HOST} over PowerShell remoting (${IP}).`,
    undoId: 'undo-1',
    verification: { passed: true, checks: [tcpCheck()] },
  },
];

describe('HTML report', () => {
  it('is self-contained: inline CSS with print and dark styles, no scripts, no external resources', () => {
    const html = renderHtml(problemDiagnosis(), FIXED);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('@media print');
    expect(html).toContain('prefers-color-scheme: dark');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|\bhref=|https?:\/\//i);
    expect(html).toContain('The remote computer&#39;s certificate has expired');
    expect(html).toContain('What was fixed');
    expect(html).toContain('The remote computer, or something on the way to it, closed the connection while it was being secured.');
  });

  it('escapes everything that comes from the network or the user', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const checks = replace(
      healthyChecks(),
      tlsCheck({ certificate: certificate({ subject: `CN=${evil}`, subjectCN: evil, validTo: '2024-01-01T00:00:00Z' }) }),
      { ...listenerCheck({ requestedProtocols: REQUESTED, kind: 'not-rdp', banner: '<script>alert("x")</script>', durationMs: 3 }), summary: '</td><script>alert(2)</script>' },
    );
    const d = diagnosisOf(checks, { errorText: '</pre><script>alert(3)</script>', input: `"><script>alert(4)</script>` });
    const html = renderHtml(d);
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('&lt;/pre&gt;&lt;script&gt;alert(3)&lt;/script&gt;');

    const md = renderMarkdown(d);
    expect(md).not.toMatch(/<script|<img/i);
    expect(md).toContain('&lt;/td&gt;&lt;script&gt;alert\\(2\\)&lt;/script&gt;');
    expect(md).toContain('> &lt;/pre&gt;&lt;script&gt;alert\\(3\\)&lt;/script&gt;');
    expect(md).toContain('CN=&lt;img src=x onerror=alert\\(1\\)&gt;');
  });
});

describe('Markdown report', () => {
  it('has the verdict, steps, findings with fenced commands, and all checks', () => {
    const md = renderMarkdown(problemDiagnosis(), FIXED);
    expect(md).toContain(`# RDP Doctor report: ${HOST}:3389`);
    expect(md).toContain('**Problems found: at least one thing stops Remote Desktop from connecting.**');
    expect(md).toContain("> This computer can't connect to the remote computer pc-042.corp.example \\(10.20.30.40\\).");
    expect(md).toContain('| Certificate | Problem |');
    expect(md).toContain('```powershell\n# RDP Doctor: the script remote-repair as the app runs it');
    expect(md).toContain('## What was fixed');
    expect(md).toContain('| rdp-listener | reachability | pass |');
  });

  it('writes the date and the counts as people do, in both formats', () => {
    const d = problemDiagnosis();
    const when = humanDateTime(d.createdAt);
    expect(when).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} UTC$/);
    const md = renderMarkdown(d);
    const html = renderHtml(d);
    for (const text of [md, html]) {
      expect(text).toContain(when);
      expect(text).not.toContain(d.createdAt);
      expect(text).not.toMatch(/\((s|es)\)/);
    }
    const one = diagnosisOf(replace(healthyChecks(), tcpCheck({ outcome: 'refused' })));
    const counts = { errors: one.findings.filter((f) => f.severity === 'error').length, warnings: one.findings.filter((f) => f.severity === 'warning').length };
    expect(counts).toEqual({ errors: 1, warnings: 0 });
    expect(renderMarkdown(one)).toMatch(/- Findings: 1 problem · no risks · (?:no notes|\d+ notes?)\n/);
    expect(renderHtml(one)).toMatch(/1 problem · no risks · (?:no notes|\d+ notes?)</);
  });

  it('shows each connection attempt as a row of stages, the one it was cut at marked, plain words once and bytes for IT', () => {
    const cut = { ...attempt(2, false, 30, 'post-tls', 'reset'), postTlsMs: 4, bytesSent: 801, bytesReceived: 1884 };
    const d = diagnosisOf(replace(healthyChecks(), stabilityCheck({ attempts: [attempt(1, true, 40), cut, { ...cut, n: 3 }] })));
    const md = renderMarkdown(d);
    const html = renderHtml(d);
    expect(md).toContain(`## Where each connection to ${IP} ended`);
    expect(md).toContain('| 2 | TCP ✓  X.224 ✓  TLS ✓  after TLS ✗ | \\#2 ended at the exchange after TLS: reset after 30 ms, 801 bytes sent and 1884 received |');
    expect(md).toContain(`**2 of 3 ended at “Start the session”.** ${STAGE_PLAIN['post-tls'].replace(/[()]/g, '\\$&')}`);
    expect(html).toContain('<td class="stage failed">✗ cut here</td>');
    expect(html.split(STAGE_PLAIN['post-tls'].replace(/'/g, '&#39;')).length - 1).toBe(1);
    expect(html).toContain('801 bytes sent and 1884 received');
  });

  it('an IP target: "IP instead of host name" reads "Nothing to check" in Markdown and HTML, never "Not checked"', () => {
    const target = { host: IP, port: 3389, kind: 'ipv4' as const };
    const checks = healthyChecks().filter((c) => c.step !== 'addressing');
    const findings = runRules(ruleInput(checks, target));
    const d = diagnosisOf(checks, { target, input: IP, findings, verdicts: stepVerdicts(CHECK_STEPS, checks, findings, target) });
    expect(renderMarkdown(d)).toContain(`| IP instead of host name | Nothing to check | Nothing to compare: ${IP} is already an IP address. |`);
    const html = renderHtml(d);
    expect(html).toContain(`Nothing to check</span><strong>IP instead of host name</strong>: Nothing to compare: ${IP} is already an IP address.`);
    expect(html).not.toContain('Not checked');
  });

  it('keeps table cells intact when a value contains a pipe', () => {
    const checks = [{ ...tcpCheck({ outcome: 'refused' }), summary: 'a | b' }];
    const md = renderMarkdown(diagnosisOf(checks));
    expect(md).toContain('a \\| b');
  });
});

describe('Windows event findings in reports', () => {
  it('events 1061-1065 (11.14): the template-certificate finding with its plain words, IT detail, evidence and fixes, in Markdown and HTML', () => {
    const group = { provider: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager', id: 1065, count: 3, latestTime: '2024-11-08T09:00:00.000Z', latestMessage: 'Zertifikat abgelaufen.', alertCodes: [], capped: false };
    const events = check('win-rdp-events', 'certificate', 'fail', { days: 7, since: null, groups: [group], totalEvents: 3, problems: [] });
    const d = diagnosisOf([...healthyChecks(), events]);
    const md = renderMarkdown(d);
    expect(md).toContain('has expired and could not be replaced');
    expect(md).toMatch(/\*\*For IT:\*\* System log, Microsoft-Windows-TerminalServices-RemoteConnectionManager: 3 × event 1065 .*EVENT\\_TS\\_SSL\\_TEMPLATE\\_CERT\\_REPLACE\\_FAILED/);
    expect(md).toContain('Finding rdp-certificate-template-events, step certificate.');
    expect(md).toContain('Ask IT to correct the Remote Desktop certificate template');
    expect(renderHtml(d)).toContain('EVENT_TS_SSL_TEMPLATE_CERT_REPLACE_FAILED');
  });
});

describe('fix verification in reports', () => {
  it('a check that could not read the state after a fix says "not verified", never "still failing" (11.2)', () => {
    const notVerified: FixOutcome[] = [
      { fixId: 'repair-keyfile-acl', status: 'applied', message: 'Repaired.', undoId: 'undo-2', verification: { passed: false, checks: [], notVerified: 'reading the key file permissions needs administrator rights' } },
    ];
    for (const text of [renderHtml(problemDiagnosis(), notVerified), renderMarkdown(problemDiagnosis(), notVerified)]) {
      expect(text).toContain('not verified: reading the key file permissions needs administrator rights');
      expect(text).not.toContain('still failing');
    }
  });
});

describe('JSON report', () => {
  it('is the diagnosis as in the contract, with the overall verdict', () => {
    const d = problemDiagnosis();
    const parsed = JSON.parse(renderJson(d, FIXED)) as Record<string, unknown>;
    expect(diagnosisSchema.safeParse(parsed).success).toBe(true);
    expect(parsed.overallVerdict).toBe('problems');
    expect(parsed.fixed).toEqual(FIXED);
    expect(parsed.findings).toEqual(d.findings);
  });
});

describe('renderReport', () => {
  it('names the file after the host and time, and hides the host when redacted', () => {
    const d = problemDiagnosis();
    expect(renderReport(d, 'html', { redact: false })).toMatchObject({ filename: `rdp-doctor-${HOST}-20241108-100000.html`, mimeType: 'text/html; charset=utf-8' });
    expect(renderReport(d, 'markdown', { redact: true }).filename).toBe('rdp-doctor-redacted-20241108-100000.md');
    expect(reportFilename({ target: { host: '2001:db8::5', port: 3389, kind: 'ipv6' }, createdAt: 'not a date' }, 'json')).toBe('rdp-doctor-2001-db8-5-undated.json');
  });
});

describe('redaction', () => {
  const SECRETS = [
    'pc-042',
    'corp.example',
    'rdp.corp',
    'contoso',
    IP,
    IP6,
    'alice',
    '3c:5a:91:0b',
    '3c5a910b77e24d18',
    'a1:b2:c3:d4',
    '1f8e2b5c6a7d9e0f',
    'miic4jcc',
  ];

  it.each(['html', 'markdown', 'json'] as const)('leaves no host, address, machine, domain, user or certificate identity in %s', (format) => {
    const content = renderReport(problemDiagnosis(), format, { redact: true, fixed: FIXED }).content.toLowerCase();
    for (const secret of SECRETS) expect(content, secret).not.toContain(secret.toLowerCase());
    expect(content).not.toMatch(/\bcorp\b/);
    expect(content).toContain('host-1');
    expect(content).toContain('ip-1');
  });

  it('replaces the same value by the same placeholder everywhere in the object', () => {
    const { diagnosis, fixed, redactor } = redactReport(problemDiagnosis(), FIXED);
    expect(diagnosis.target.host).toBe('host-1');
    expect(diagnosis.input).toBe('host-1');
    const ipPlaceholder = redactor.mapping().get(IP);
    expect(ipPlaceholder).toMatch(/^ip-\d+$/);
    for (const c of diagnosis.checks.filter((c) => c.address && !c.address.startsWith('ip-'))) throw new Error(`address left: ${c.address}`);
    expect(diagnosis.checks.filter((c) => c.id === 'tcp').map((c) => c.address)).toEqual([ipPlaceholder]);
    const addressFails = diagnosis.findings.find((f) => f.id === 'address-fails')!;
    expect(addressFails.plain).toContain(`Connecting to ${ipPlaceholder} works`);
    expect(addressFails.fixes.find((x) => x.id === 'connect-by-ip')!.commands[0]!.text).toBe(`mstsc /v:${ipPlaceholder}`);
    expect(diagnosis.errorText).toBe(`This computer can't connect to the remote computer host-1 (${ipPlaceholder}).\nError code: 0x904\nExtended error code: 0x7`);
    expect(fixed[0]!.message).toBe(`Repaired the certificate on host-1 over PowerShell remoting (${ipPlaceholder}).`);
    // NetBIOS names, domains and the user each get their own consistent placeholder.
    const credssp = diagnosis.checks.find((c) => c.id === 'credssp')!.data as { ntlm: Record<string, string> };
    expect(credssp.ntlm.dnsComputer).toBe('host-1');
    expect(credssp.ntlm.netbiosDomain).toBe(credssp.ntlm.targetName);
    expect(credssp.ntlm.netbiosDomain).toMatch(/^domain-\d+$/);
    expect(credssp.ntlm.dnsDomain).toMatch(/^domain-\d+$/);
    const accepted = diagnosis.checks.find((c) => c.id === 'win-accepted-cert')!.data as { userName: string; profile: string; servers: string[] };
    expect(accepted.userName).toBe(`${credssp.ntlm.netbiosDomain}\\user-1`);
    expect(accepted.servers).toEqual(['host-1']);
    // The certificate: PEM removed, fingerprints replaced consistently (with and without colons).
    const tls = diagnosis.checks.find((c) => c.id === 'tls')!.data as { certificate: { pem: string; sha1: string } };
    expect(tls.certificate.pem).toBe('[certificate removed]');
    const regen = diagnosis.findings.find((f) => f.id === 'cert-expired')!.fixes.find((x) => x.id === 'regenerate-self-signed-cert')!;
    // The repair's command names the certificate it deletes by the same placeholder.
    expect(readFixScript(regen.commands[0]!.text)?.input).toEqual({ thumbprint: tls.certificate.sha1 });
    expect(diagnosisSchema.safeParse(diagnosis).success).toBe(true);
  });

  it('redact(diagnosis) is the same mapping without fixes, and leaves the input untouched', () => {
    const d = problemDiagnosis();
    const before = JSON.stringify(d);
    const r = redact(d);
    expect(JSON.stringify(d)).toBe(before);
    expect(r.target.host).toBe('host-1');
    expect(JSON.stringify(r).toLowerCase()).not.toContain('pc-042');
  });

  it('keeps built-in Windows principals and loopback, which identify no one', () => {
    const checks = [check('win-key-file', 'certificate', 'fail', { owner: 'NT AUTHORITY\\SYSTEM', acl: [{ account: 'NT AUTHORITY\\NETWORK SERVICE', rights: 'Read' }], note: 'listening on 127.0.0.1' })];
    const r = redact(diagnosisOf(checks));
    expect(r.checks[0]!.data).toEqual(checks[0]!.data);
  });

  it('an IP target becomes ip-1 everywhere', () => {
    const target = { host: IP, port: 3389, kind: 'ipv4' as const };
    const checks = [tcpCheck({ outcome: 'refused', errorCode: 'ECONNREFUSED' })];
    const d = { ...diagnosisOf(checks), target, input: IP, findings: runRules(ruleInput(checks, target)) };
    const json = renderReport(d, 'json', { redact: true }).content;
    expect(json).not.toContain(IP);
    expect(JSON.parse(json).target).toEqual({ host: 'ip-1', port: 3389, kind: 'ipv4' });
  });

  it('does not touch failure names, OIDs, versions or timestamps', () => {
    const content = renderReport(problemDiagnosis(), 'json', { redact: true }).content;
    expect(content).toContain('1.2.840.113549.1.1.11');
    expect(content).toContain('2024-01-01T00:00:00Z');
    expect(content).toContain('HYBRID_REQUIRED_BY_SERVER');
    expect(content).toContain(failure(REQUESTED, 3, 'x').bytesHex!.slice(0, 8));
  });
});

describe('skipped steps', () => {
  it('shows each skip with its reason, escaped, in HTML and Markdown, and redacts names in the reason', () => {
    const reason = `<img src=x onerror=alert(1)> **no** admin on ${HOST} | [link](http://x)`;
    const d = diagnosisOf(healthyChecks(), { skips: [{ step: 'stability', reason }] });
    expect(diagnosisSchema.safeParse(d).success).toBe(true);

    const html = renderHtml(d);
    expect(html).toContain('Skipped by you: <strong>Connection stability</strong> — &lt;img src=x onerror=alert(1)&gt; **no** admin on');
    expect(html).not.toContain('<img');

    const md = renderMarkdown(d);
    expect(md).toContain('## Skipped steps');
    expect(md).toContain('- Skipped by you: **Connection stability** — &lt;img src=x onerror=alert\\(1\\)&gt; \\*\\*no\\*\\* admin on');
    expect(md).toContain('\\| \\[link\\]\\(http://x\\)');

    expect(renderMarkdown(diagnosisOf(healthyChecks()))).not.toContain('Skipped');
    expect(renderHtml(redact(d), [], { redacted: true })).not.toContain(HOST);
  });
});
