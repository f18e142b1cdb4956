/**
 * The command line end to end: in-process through runCli (the same code bin/rdp-doctor.cjs runs)
 * against a real xrdp, a closed port and names served by a test DNS server; plus the built binary
 * for exit codes and the one-line error on bad input.
 */
import { fixScriptText } from '../shared/catalog/fixScripts';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsServer } from '../e2e/dns/dnsServer';
import { closedPort, serversAvailable, startXrdp, stopAll } from '../e2e/servers';
import { DEFAULT_RUN_OPTIONS, diagnosisSchema, type Diagnosis } from '../shared/model';
import { NOT_WINDOWS_REASON } from '../shared/checks/windows/ids';
import { formatHuman, runCli, terminalJson } from './cli';

const ROOT = path.resolve(__dirname, '..');

async function cli(args: string[], stdin = '', dataDir = mkdtempSync(path.join(os.tmpdir(), 'rdp-cli-'))): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await runCli(args, { stdout, stderr, stdin: Readable.from([stdin]), env: { RDP_DOCTOR_DATA_DIR: dataDir, NO_COLOR: '1' } });
  return { code, out, err };
}

const available = serversAvailable();

describe('human output of diagnose', () => {
  const skipped = (id: string) => ({ id, step: 'reachability' as const, status: 'skipped' as const, durationMs: 0, summary: NOT_WINDOWS_REASON, reason: NOT_WINDOWS_REASON, data: {} });
  const diagnosis: Diagnosis = {
    id: 'd1',
    createdAt: '2026-12-03T07:35:48.563Z',
    appVersion: '0.1.0',
    input: 'pc-042',
    target: { host: 'pc-042', port: 3389, kind: 'dns' },
    steps: ['reachability'],
    options: DEFAULT_RUN_OPTIONS,
    checks: [
      { id: 'tcp', step: 'reachability', status: 'fail', durationMs: 3, summary: 'Refused.', data: {} },
      skipped('win-client-firewall'),
      skipped('win-security-suites'),
      skipped('win-vpn'),
    ],
    findings: [
      {
        id: 'port-closed',
        severity: 'error',
        step: 'reachability',
        title: 'The Remote Desktop port refuses connections',
        plain: 'p',
        detail: 'd',
        evidence: [],
        fixes: [
          {
            id: 'start-termservice',
            title: 'Start the Remote Desktop service',
            plain: 'p',
            where: 'server',
            invasiveness: 'low',
            risk: 'r',
            steps: [],
            commands: [{ label: 'Start', shell: 'powershell', text: 'Get-Service -Name TermService\nStart-Service -Name TermService\nGet-Service -Name TermService' }],
            automatic: false,
          },
        ],
      },
    ],
    verdicts: [],
    durationMs: 12,
    cancelled: false,
    platform: 'linux',
  };

  it('prints one line for the Windows checks that do not apply here, not one each', () => {
    const out = formatHuman(diagnosis, false);
    expect(out).toContain('SKIP  3 Windows checks: not applicable on Linux\n');
    expect(out).not.toContain('win-client-firewall');
    expect(out).toMatch(/^FAIL\s+tcp\s+Refused\./m);
  });

  it('prints the whole next action, every line of its script', () => {
    const out = formatHuman(diagnosis, false);
    expect(out).toContain(
      '         next: Start the Remote Desktop service\n           Get-Service -Name TermService\n           Start-Service -Name TermService\n           Get-Service -Name TermService\n',
    );
  });

  it('names a fix\'s whole script and where to get it, instead of printing its hundred lines', () => {
    const text = fixScriptText('fix-start-services', {});
    const fix = { ...diagnosis.findings[0]!.fixes[0]!, commands: [{ label: 'Start', shell: 'powershell' as const, text }] };
    const out = formatHuman({ ...diagnosis, findings: [{ ...diagnosis.findings[0]!, fixes: [fix] }] }, false);
    expect(out).toContain(`         next: Start the Remote Desktop service\n           the script fix-start-services (${text.split('\n').length} lines): in the --json output, and in the wizard (rdp-doctor serve) to copy or save\n`);
    expect(out).not.toContain('Write-RdResult');
  });
});

describe('terminal safety of what the command line prints', () => {
  const HOSTILE = '\u001b]0;pwned\u0007evil\u001b[2J\u009b31m\r\u202eexe.txt';

  it('scan does not echo escape sequences, bells, carriage returns or bidi overrides from its input file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rdp-cli-'));
    const list = path.join(dir, 'targets.txt');
    writeFileSync(list, `${HOSTILE}\n`);
    for (const format of [[], ['--csv'], ['--json']]) {
      const { out, err } = await cli(['scan', list, ...format]);
      expect(out, format.join()).toContain('evil');
      expect(out, format.join()).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
      expect(err).toBe('');
    }
    const fromStdin = await cli(['scan', '-'], `${HOSTILE}\n`);
    expect(fromStdin.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
  });

  it('error lines and the human report carry no control characters from input or a server', async () => {
    const { err } = await cli(['diagnose', 'h', '--steps', `x${HOSTILE}`]);
    expect(err).toContain('Unknown step');
    expect(err.trimEnd()).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    const d: Diagnosis = {
      id: 'd2', createdAt: '2026-01-01T00:00:00.000Z', appVersion: '0.1.0', input: 'pc', target: { host: 'pc', port: 3389, kind: 'dns' },
      steps: ['reachability'], options: DEFAULT_RUN_OPTIONS, durationMs: 1, cancelled: false, platform: 'linux', verdicts: [],
      checks: [{ id: 'tls', step: 'certificate', status: 'fail', durationMs: 3, summary: `Server said ${HOSTILE}`, reason: HOSTILE, address: '10.0.0.1', data: {} }],
      findings: [],
    };
    const text = formatHuman(d, false);
    expect(text).toContain('Server said');
    expect(text.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(terminalJson({ s: HOSTILE })).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(JSON.parse(terminalJson({ s: HOSTILE }))).toEqual({ s: HOSTILE });
  });
});

describe.skipIf(available.xrdp !== true)('rdp-doctor command line', () => {
  let xrdpPort: number;
  let closed: number;
  let dns: DnsServer;

  beforeAll(async () => {
    const xrdp = await startXrdp('valid-cert');
    xrdpPort = xrdp.port;
    closed = await closedPort();
    dns = await startDnsServer({ 'rdp.test': { A: ['127.0.0.1'] } });
  }, 60_000);
  afterAll(async () => {
    await dns?.close();
    await stopAll();
  });

  it('diagnose --json on a real listening xrdp: the contract JSON, exit 0', async () => {
    const { code, out } = await cli(['diagnose', `127.0.0.1:${xrdpPort}`, '--json', '--timeout', '3000', '--attempts', '2']);
    const json = JSON.parse(out) as Record<string, unknown>;
    const d = diagnosisSchema.parse(json);
    expect(d.target).toMatchObject({ host: '127.0.0.1', port: xrdpPort });
    const tcp = d.checks.find((c) => c.id === 'tcp');
    expect(tcp?.status).toBe('pass');
    expect(d.checks.find((c) => c.id === 'tls')?.status).toBe('pass');
    for (const check of d.checks) expect(['pass', 'warn', 'fail', 'skipped', 'error']).toContain(check.status);
    expect(d.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(d.findings.map((f) => f.id)).toContain('cert-self-signed');
    for (const f of d.findings) expect(Object.keys(f)).toEqual(expect.arrayContaining(['id', 'severity', 'step', 'title', 'evidence', 'fixes']));
    expect(code).toBe(0);
  }, 60_000);

  it('tells on stderr, once, that corrupt settings and undo records were moved aside; stdout stays the JSON', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rdp-cli-'));
    writeFileSync(path.join(dataDir, 'settings.json'), '{"theme":"dark","options":{"timeoutMs":"soon"}}');
    mkdirSync(path.join(dataDir, 'undo'));
    writeFileSync(path.join(dataDir, 'undo', 'undo-records.json'), '{ not json');
    const first = await cli(['diagnose', `127.0.0.1:${closed}`, '--json', '--timeout', '2000'], '', dataDir);
    expect(diagnosisSchema.safeParse(JSON.parse(first.out)).success).toBe(true);
    const notes = first.err.trim().split('\n');
    expect(notes).toEqual([
      expect.stringMatching(/^rdp-doctor: note: Your settings could not be read .*moved to .*kept your theme/),
      expect.stringMatching(/^rdp-doctor: note: The list of changes RDP Doctor can undo could not be read .*moved to /),
    ]);
    const second = await cli(['diagnose', `127.0.0.1:${closed}`, '--json', '--timeout', '2000'], '', dataDir);
    expect(second.err).toBe('');
  });

  it('diagnose on a closed port: port-closed, later checks skipped, exit 1', async () => {
    const { code, out } = await cli(['diagnose', `127.0.0.1:${closed}`, '--json', '--timeout', '2000']);
    const d = diagnosisSchema.parse(JSON.parse(out));
    expect(d.checks.find((c) => c.id === 'tcp')?.data).toMatchObject({ outcome: 'refused' });
    expect(d.findings.map((f) => f.id)).toContain('port-closed');
    expect(d.checks.find((c) => c.id === 'tls')?.status).toBe('skipped');
    expect(code).toBe(1);
  }, 30_000);

  it('diagnose on an unresolvable name: dns-unresolved, exit 1', async () => {
    const { code, out } = await cli(['diagnose', 'no-such-host.test', '--json', '--dns-server', dns.server, '--timeout', '2000']);
    const d = diagnosisSchema.parse(JSON.parse(out));
    expect(d.checks.find((c) => c.id === 'dns')?.data).toMatchObject({ outcome: 'nxdomain' });
    expect(d.findings.map((f) => f.id)).toContain('dns-unresolved');
    expect(code).toBe(1);
    expect(dns.queries.some((q) => q.startsWith('no-such-host.test/'))).toBe(true);
  }, 30_000);

  it('human output: one line per check, then findings with their next action', async () => {
    const { code, out } = await cli(['diagnose', `rdp.test:${closed}`, '--dns-server', dns.server, '--timeout', '1500']);
    expect(code).toBe(1);
    expect(out).toMatch(/^PASS\s+dns\s/m);
    expect(out).toMatch(/^FAIL\s+tcp\s/m);
    expect(out).toMatch(/^error\s+port-closed:/m);
    expect(out).toMatch(/next: /);
    if (process.platform !== 'win32') {
      // The Windows checks off Windows: one line for all of them.
      expect(out).toMatch(/^SKIP\s+\d+ Windows checks: not applicable on Linux$/m);
      expect(out).not.toMatch(/^SKIP\s+win-/m);
    }
  }, 30_000);

  it('scan: one line per host in JSON Lines and CSV, invalid lines reported', async () => {
    const list = `# hosts\n127.0.0.1:${xrdpPort}\n127.0.0.1:${closed}\nbad host\n`;
    const json = await cli(['scan', '-', '--json', '--concurrency', '4', '--timeout', '2000'], list);
    const rows = json.out.trim().split('\n').map((l) => JSON.parse(l) as { input: string; verdict: string; errors: string[] });
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.input === `127.0.0.1:${closed}`)).toMatchObject({ verdict: 'problems', errors: ['port-closed'] });
    expect(rows.find((r) => r.input === 'bad host')?.verdict).toBe('invalid');
    expect(rows.find((r) => r.input === `127.0.0.1:${xrdpPort}`)?.errors).toEqual([]);
    expect(json.code).toBe(1);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'rdp-scan-')), 'hosts.txt');
    writeFileSync(file, `127.0.0.1:${closed}\n=cmd|' /C calc'!A0\n`);
    const csv = await cli(['scan', file, '--csv', '--timeout', '1000']);
    const lines = csv.out.trim().split('\n');
    expect(lines[0]).toBe('target,host,port,verdict,errors,warnings,duration_ms,problem');
    expect(lines).toHaveLength(3);
    expect(csv.out).not.toMatch(/^"=|,"=/m); // formula injection neutralised
  }, 60_000);

  it('scan streams its lines with backpressure: a reader that does not take them holds the scan back', async () => {
    const written: string[] = [];
    const pending: Array<() => void> = [];
    let released = false;
    const stdout = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, callback) {
        written.push(chunk.toString());
        if (released) callback();
        else pending.push(() => callback());
      },
    });
    const stderr = new PassThrough();
    const list = Array.from({ length: 6 }, (_, i) => `bad host ${i}`).join('\n');
    let finished = false;
    const running = runCli(['scan', '-', '--json', '--concurrency', '1'], { stdout, stderr, stdin: Readable.from([list]), env: { RDP_DOCTOR_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'rdp-cli-')), NO_COLOR: '1' } }).then((code) => {
      finished = true;
      return code;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(written).toHaveLength(1);
    expect(finished).toBe(false);
    released = true;
    for (const release of pending.splice(0)) release();
    expect(await running).toBe(1);
    expect(written.map((l) => (JSON.parse(l) as { verdict: string }).verdict)).toEqual(Array(6).fill('invalid'));
  }, 30_000);

  it('bad usage and bad input: exit 2 with one line on stderr, nothing run', async () => {
    for (const args of [
      ['diagnose', 'host;calc'],
      ['diagnose', '127.0.0.1:70000'],
      ['diagnose', '0x7f000001:33891'],
      ['diagnose', '2130706433'],
      ['diagnose', '0.0.0.0'],
      ['diagnose', '255.255.255.255'],
      ['diagnose', '239.1.1.1'],
      ['diagnose', 'https://server'],
      ['diagnose', ''],
      ['diagnose', 'a', 'b'],
      ['diagnose', 'host', '--timeout', 'soon'],
      ['diagnose', 'host', '--steps', 'everything'],
      ['diagnose', 'host', '--dns-server', '8.8.8.8;x'],
      ['scan', '/nonexistent/list.txt'],
      ['frobnicate'],
    ]) {
      const { code, err, out } = await cli(args);
      expect(code, args.join(' ')).toBe(2);
      expect(err.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(out).toBe('');
    }
  });

  it('the installed binary exits 2 on bad input and prints its version', () => {
    const bad = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'rdp-doctor.cjs'), 'diagnose', '$(id)'], { encoding: 'utf8', timeout: 30_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^rdp-doctor: .*cannot contain/);
    const version = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'rdp-doctor.cjs'), '--version'], { encoding: 'utf8', timeout: 30_000 });
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });
});
