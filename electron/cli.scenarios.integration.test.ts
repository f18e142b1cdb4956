/**
 * `rdp-doctor diagnose --json` against every real xrdp scenario and every fault injector of the
 * harness: each gives exactly the findings it should (id and severity), nothing else, the exit code
 * that goes with them, and no step fails or warns without saying why (a finding of its own, or the
 * finding of another step named as the cause).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { FAULT_KINDS, serversAvailable, startFault, startXrdp, stopAll, XRDP_SCENARIOS, type FaultKind, type XrdpScenario } from '../e2e/servers';
import { diagnosisSchema, type Diagnosis } from '../shared/model';
import { runCli } from './cli';

async function diagnose(target: string): Promise<{ code: number; d: Diagnosis }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rdp-cli-scenarios-'));
  const code = await runCli(['diagnose', target, '--json', '--timeout', '1500', '--no-udp'], {
    stdout,
    stderr: new PassThrough(),
    stdin: Readable.from(['']),
    env: { RDP_DOCTOR_DATA_DIR: dataDir, NO_COLOR: '1' },
  });
  return { code, d: diagnosisSchema.parse(JSON.parse(out)) };
}

/** e: error, w: warning, i: info. */
const XRDP_EXPECTED: Record<XrdpScenario, string[]> = {
  'valid-cert': ['i:cert-self-signed'],
  'expired-cert': ['e:cert-expired', 'i:cert-self-signed'],
  'not-yet-valid-cert': ['e:cert-not-yet-valid', 'i:cert-self-signed'],
  'expiring-soon-cert': ['w:cert-expiring-soon', 'i:cert-self-signed'],
  // By IP address: the other name on the certificate is usual, not a finding.
  'wrong-name-cert': ['i:cert-self-signed'],
  'weak-cert': ['w:cert-weak-key', 'w:cert-weak-signature', 'i:cert-self-signed'],
  'key-mismatch': ['e:tls-handshake-failed'],
  'no-cert': ['e:tls-cert-not-on-server'],
  // Only TLS 1.0/1.1: this client (not Windows) refuses them, as FreeRDP does (exit 143): an error.
  'tls-legacy-only': [`${process.platform === 'win32' ? 'w' : 'e'}:tls-legacy-only`, 'i:cert-self-signed'],
  'rdp-only': ['w:tls-not-allowed'],
  negotiate: ['i:cert-self-signed'],
  'negotiate-no-cert': ['w:tls-not-allowed'],
  // Issued by "FortiGate CA": something on the way opens TLS.
  'tls-inspected': ['w:tls-inspection'],
};

const FAULT_EXPECTED: Record<FaultKind, string[]> = {
  'reset-on-connect': ['e:reset-during-handshake'],
  'accept-then-silence': ['e:rdp-no-answer'],
  banner: ['e:not-rdp'],
  'malformed-tpkt': ['e:not-rdp'],
  'oversized-tpkt': ['e:not-rdp'],
  'slow-drip': ['e:rdp-no-answer'],
  'slow-confirm': ['e:rdp-no-answer'],
  megabytes: ['e:not-rdp'],
  'wrong-selected-protocol': ['e:negotiation-inconsistent'],
  // HYBRID_REQUIRED_BY_SERVER even to requests that offer HYBRID.
  'neg-failure': ['e:negotiation-inconsistent', 'i:nla-required'],
  'reset-after-x224': ['e:tls-handshake-failed'],
  'close-after-x224': ['e:tls-handshake-failed'],
  'reset-after-client-hello': ['e:tls-handshake-failed'],
  // X.224 works, then the ClientHello is never answered: every TLS attempt times out.
  'stall-after-x224': ['e:tls-handshake-failed'],
  // The reset comes right after the TLS handshake: the MCS Connect-Initial that follows is cut.
  'tls-then-reset': ['e:cut-after-tls', 'i:cert-self-signed'],
  // Every second connection is reset at its request: the listener check tries again, the other
  // checks run on the connections that work, and the repeated handshakes give the rate.
  flaky: ['e:reset-during-handshake', 'w:intermittent-failures', 'i:cert-self-signed'],
  // Every second connection is reset right after TLS.
  'flaky-after-tls': ['e:cut-after-tls', 'w:intermittent-failures', 'i:cert-self-signed'],
  'tls-ok': ['i:cert-self-signed'],
};

function check(d: Diagnosis, code: number, expected: string[]): void {
  const got = d.findings.map((f) => `${f.severity[0]}:${f.id}`).sort();
  expect(got).toEqual([...expected].sort());
  expect(code).toBe(expected.some((e) => e.startsWith('e:')) ? 1 : 0);
  for (const v of d.verdicts) {
    if (v.verdict !== 'fail' && v.verdict !== 'warn') continue;
    // Its own findings, or the finding of another step named as its cause (which must stand in the diagnosis).
    const causes = v.causeIds ?? [];
    const explained = v.findingIds.length > 0 || (causes.length > 0 && causes.every((id) => d.findings.some((f) => f.id === id)));
    expect(explained, `${v.step} ${v.verdict} without a reason: ${v.headline}`).toBe(true);
  }
}

const available = serversAvailable();

describe.skipIf(available.xrdp !== true)('every xrdp scenario through the command line', () => {
  afterAll(() => stopAll());
  for (const scenario of XRDP_SCENARIOS) {
    it(scenario, async () => {
      const server = await startXrdp(scenario);
      const { code, d } = await diagnose(`127.0.0.1:${server.port}`);
      check(d, code, XRDP_EXPECTED[scenario]);
      await server.stop();
    }, 30_000);
  }
});

describe('every fault injector through the command line', () => {
  afterAll(() => stopAll());
  for (const kind of FAULT_KINDS) {
    it(kind, async () => {
      const fault = await startFault(kind);
      const { code, d } = await diagnose(`127.0.0.1:${fault.port}`);
      const expected = FAULT_EXPECTED[kind];
      if (!expected) throw new Error(`no expectation written down for the fault ${kind}`);
      check(d, code, expected);
      await fault.stop();
    }, 30_000);
  }
});

describe('where it dies, in the text output', () => {
  afterAll(() => stopAll());
  it('a server that cuts every second connection right after TLS: each attempt as a row of stages, the failed stage named in plain words with bytes and ms', async () => {
    const fault = await startFault('flaky-after-tls');
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    const code = await runCli(['diagnose', `127.0.0.1:${fault.port}`, '--timeout', '1500', '--no-udp', '--steps', 'stability'], {
      stdout,
      stderr: new PassThrough(),
      stdin: Readable.from(['']),
      env: { RDP_DOCTOR_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'rdp-cli-stages-')), NO_COLOR: '1' },
    });
    expect(code).toBe(1);
    expect(out).toMatch(/#\d+ +TCP ✓ {2}X\.224 ✓ {2}TLS ✓ {2}MCS ✗ {2}ended at MCS/);
    expect(out).toMatch(/#\d+ +TCP ✓ {2}X\.224 ✓ {2}TLS ✓ {2}MCS ✓/);
    expect(out).toContain('The connection is cut right after it is secured');
    expect(out).toMatch(/ended at MCS \(after TLS\): (reset|closed) after \d+ ms, \d+ bytes sent and \d+ received/);
    await fault.stop();
  }, 30_000);
});
