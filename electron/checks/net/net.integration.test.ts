/**
 * The network probes and checks against REAL servers from the e2e harness (e2e/servers):
 * xrdp 0.9 scenarios, FreeRDP's shadow server with NLA, the harness's fault injectors, a closed
 * and an iptables-filtered port. Each group skips with the harness's reason when its binary is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import {
  closedPort,
  filteredPort,
  serversAvailable,
  startFault,
  startShadowNla,
  startXrdp,
  stopAll,
  XRDP_SCENARIOS,
  type ExpectedConfirm,
  type RunningServer,
  type XrdpInfo,
  type XrdpScenario,
} from '../../../e2e/servers';
import {
  addressingDataSchema,
  credsspDataSchema,
  dnsDataSchema,
  rdpListenerDataSchema,
  securityLayersDataSchema,
  stabilityDataSchema,
  tcpDataSchema,
  tlsDataSchema,
  udpDataSchema,
  type X224Reply,
} from '../../../shared/checks/net';
import { checkResultSchema, DEFAULT_RUN_OPTIONS, type CheckResult, type RunOptions } from '../../../shared/model';
import { CHECK_STEPS, type CheckStepId } from '../../../shared/steps';
import type { Target } from '../../../shared/target';
import { runEngine } from '../../engine/run';
import { setDnsOverrides } from './context';
import { probeCredssp } from './credssp';
import { fullHandshake } from './handshake';
import { netChecks } from './index';
import { judgeCredssp, judgeSecurityLayers, judgeTls } from './judge';
import { probeSecurityLayers } from './securityLayers';
import { probeStability } from './stability';
import { tcpConnect } from './tcp';
import { dnsServer, type TestUdpServer } from './testkit';
import { probeTls } from './tls';
import { x224Exchange } from './x224';

const available = serversAvailable();
const TIMEOUT = 3000;
const options: RunOptions = { ...DEFAULT_RUN_OPTIONS, timeoutMs: TIMEOUT, attempts: 3, udp: false };

function note(reason: string): void {
  console.log(`[net.integration] skipped: ${reason}`);
}
if (available.xrdp !== true) note(`xrdp: ${available.xrdp}`);
if (available.shadow !== true) note(`FreeRDP shadow: ${available.shadow}`);
if (available.firewall !== true) note(`filtered port: ${available.firewall}`);

afterAll(async () => {
  setDnsOverrides({});
  await stopAll();
});

const SCHEMAS: Record<string, ZodType> = {
  dns: dnsDataSchema,
  tcp: tcpDataSchema,
  'rdp-listener': rdpListenerDataSchema,
  'security-layers': securityLayersDataSchema,
  tls: tlsDataSchema,
  credssp: credsspDataSchema,
  addressing: addressingDataSchema,
  stability: stabilityDataSchema,
  udp: udpDataSchema,
};

async function runChecks(target: Target, steps: readonly CheckStepId[] = CHECK_STEPS, opts: RunOptions = options): Promise<Record<string, CheckResult[]>> {
  const outcome = await runEngine(netChecks, { target, steps, options: opts, signal: new AbortController().signal, platform: process.platform });
  const out: Record<string, CheckResult[]> = {};
  for (const result of outcome.checks) {
    expect(checkResultSchema.safeParse(result).success).toBe(true);
    if (Object.keys(result.data).length > 0) expect(SCHEMAS[result.id]!.safeParse(result.data).success, `${result.id} data`).toBe(true);
    (out[result.id] ??= []).push(result);
  }
  return out;
}

const status = (results: Record<string, CheckResult[]>): Record<string, string> =>
  Object.fromEntries(Object.entries(results).map(([id, rs]) => [id, rs.map((r) => r.status).join(',')]));

function matches(reply: X224Reply, expected: ExpectedConfirm): boolean {
  if ('selected' in expected) return reply.kind === 'confirm' && reply.selectedProtocol === expected.selected;
  if ('failure' in expected) return reply.kind === 'failure' && reply.failureCode === expected.failure;
  return reply.kind === 'closed' || reply.kind === 'reset';
}

// ---------------------------------------------------------------- xrdp

/** What the tls check must conclude for each scenario. */
const TLS_STATUS: Record<XrdpScenario, string> = {
  'valid-cert': 'pass',
  'expired-cert': 'fail',
  'not-yet-valid-cert': 'fail',
  'expiring-soon-cert': 'warn',
  'wrong-name-cert': 'warn',
  'weak-cert': 'warn',
  'key-mismatch': 'fail',
  'no-cert': 'fail',
  'tls-legacy-only': 'warn',
  'rdp-only': 'skipped',
  negotiate: 'pass',
  'negotiate-no-cert': 'skipped',
  // The certificate itself is fine; who issued it is the rules' finding (tls-inspection).
  'tls-inspected': 'pass',
};

describe.skipIf(available.xrdp !== true)('real xrdp 0.9 scenarios', () => {
  for (const scenario of XRDP_SCENARIOS) {
    describe(scenario, () => {
      let server: RunningServer<XrdpInfo>;
      beforeAll(async () => {
        server = await startXrdp(scenario);
      });
      afterAll(() => server?.stop());

      it('security layers: every reply as the scenario documents; derivation and verdict', async () => {
        const data = await probeSecurityLayers(server.host, server.port, { timeoutMs: TIMEOUT });
        expect(data.replies.map((r) => r.requestedProtocols)).toEqual([0, 1, 3, 11]);
        for (const reply of data.replies) {
          const expected = server.info.expect[String(reply.requestedProtocols) as '0' | '1' | '3' | '11'];
          expect(matches(reply, expected), `request ${reply.requestedProtocols}: got ${reply.kind} ${reply.selectedProtocol ?? reply.failureName ?? ''} (${reply.bytesHex})`).toBe(true);
          expect(reply.unexpectedSelection ?? false).toBe(false);
        }
        expect(data.accepts.hybrid).not.toBe(true); // xrdp has no CredSSP
        expect(data.certNotOnServer).toBe(scenario === 'no-cert');
        if (scenario === 'rdp-only' || scenario === 'negotiate-no-cert') expect(judgeSecurityLayers(data).status).toBe('warn');
      });

      it('TLS per version and the certificate', async () => {
        const { data, certificateError } = await probeTls(server.host, server.port, { timeoutMs: TIMEOUT, name: 'localhost' });
        expect(tlsDataSchema.safeParse(data).success).toBe(true);
        const accepted = data.attempts.filter((a) => a.outcome === 'accepted').map((a) => a.version);
        expect(accepted).toEqual(server.info.tlsVersions);
        const info = server.info;
        if (info.tlsVersions.length > 0 && info.cert) {
          expect(certificateError).toBeUndefined();
          expect(data.certificate).toMatchObject({
            subjectCN: info.expectedCommonName,
            sha1: info.cert.fingerprintSha1,
            sha256: info.cert.fingerprintSha256,
            keyType: 'rsa',
            keyBits: info.cert.keyBits,
            signatureAlgorithm: info.cert.signatureAlgorithm,
            validTo: info.cert.notAfter.toISOString(),
            selfSigned: scenario !== 'tls-inspected',
            extendedKeyUsage: ['1.3.6.1.5.5.7.3.1'],
          });
          for (const attempt of data.attempts.filter((a) => a.outcome !== 'accepted')) {
            expect(['rejected', 'alert', 'unsupported-locally']).toContain(attempt.outcome);
          }
        }
        if (scenario === 'key-mismatch') {
          // xrdp sends an MCS Disconnect Provider Ultimatum instead of a ServerHello, then closes.
          // Usually read as such (not-tls); when xrdp closes before reading our ClientHello, the kernel
          // sends a reset instead and that can arrive first. Either way no handshake, and the server's doing.
          for (const a of data.attempts) expect(['not-tls', 'reset', 'closed'], `${a.version}: ${a.outcome} ${a.errorCode ?? ''}`).toContain(a.outcome);
          for (const a of data.attempts.filter((x) => x.outcome === 'not-tls')) expect(a.errorCode).toBe('ERR_SSL_WRONG_VERSION_NUMBER');
        }
        expect(judgeTls(data, certificateError).status).toBe(TLS_STATUS[scenario]);
      });
    });
  }

  it('the whole run against valid-cert (127.0.0.1)', async () => {
    const server = await startXrdp('valid-cert');
    const results = await runChecks({ host: server.host, port: server.port, kind: 'ipv4' });
    expect(status(results)).toEqual({
      dns: 'skipped',
      tcp: 'pass',
      'rdp-listener': 'pass',
      tls: 'pass',
      'security-layers': 'pass',
      credssp: 'skipped',
      stability: 'pass',
    });
    expect(results['security-layers']![0]!.data).toMatchObject({ accepts: { rdp: false, tls: true, hybrid: false, hybridEx: false }, requires: 'tls' });
    const stability = results.stability![0]!.data as { attempts: Array<{ outcome: string }> };
    expect(stability.attempts.map((a) => a.outcome)).toEqual(['TLSv1.3', 'TLSv1.3', 'TLSv1.3']);
    await server.stop();
  });

  it('the whole run against rdp-only: standard RDP security only, TLS and NLA skipped, handshakes end at X.224', async () => {
    const server = await startXrdp('rdp-only');
    const results = await runChecks({ host: server.host, port: server.port, kind: 'ipv4' });
    expect(status(results)).toMatchObject({ 'rdp-listener': 'pass', tls: 'skipped', 'security-layers': 'warn', credssp: 'skipped', stability: 'pass' });
    expect(results.stability![0]!.data).toMatchObject({ requestedProtocols: 0 });
    await server.stop();
  });

  it('the whole run against no-cert: SSL_CERT_NOT_ON_SERVER fails the certificate and security steps', async () => {
    const server = await startXrdp('no-cert');
    const results = await runChecks({ host: server.host, port: server.port, kind: 'ipv4' }, ['reachability', 'certificate', 'security', 'stability']);
    expect(status(results)).toMatchObject({ 'rdp-listener': 'pass', tls: 'fail', 'security-layers': 'fail', credssp: 'skipped', stability: 'fail' });
    const attempts = (results.stability![0]!.data as { attempts: Array<{ stage: string; outcome: string }> }).attempts;
    expect(attempts[0]).toMatchObject({ stage: 'x224', outcome: 'SSL_CERT_NOT_ON_SERVER' });
    await server.stop();
  });

  it('addressing: a name with two addresses, xrdp on 127.0.0.1 and a resetting fault on ::1 (same port)', async () => {
    const server = await startXrdp('valid-cert');
    let fault: { stop(): Promise<void> } | null = null;
    try {
      fault = await startFault('reset-after-client-hello', { host: '::1', port: server.port });
    } catch (error) {
      note(`::1 fault could not listen on port ${server.port}: ${String(error)}`);
    }
    if (!fault) {
      await server.stop();
      return;
    }
    const dns: TestUdpServer = await dnsServer((name) => (name === 'two.rdp.test' ? { rcode: 0, a: ['127.0.0.1'], aaaa: ['::1'] } : { rcode: 3 }));
    setDnsOverrides({ servers: [`127.0.0.1:${dns.port}`], lookup: async () => [] });
    try {
      const results = await runChecks({ host: 'two.rdp.test', port: server.port, kind: 'dns' }, ['reachability', 'certificate', 'addressing']);
      expect(results.dns![0]).toMatchObject({ status: 'pass', data: { addresses: [{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }] } });
      expect(results.tcp!.map((r) => `${r.address}:${r.status}`)).toEqual(['127.0.0.1:pass', '::1:pass']);
      const addressing = results.addressing![0]!;
      expect(addressing.status).toBe('warn');
      expect(addressing.data).toMatchObject({
        workingAddress: '127.0.0.1',
        addresses: [
          { address: '127.0.0.1', ok: true, stage: 'done' },
          { address: '::1', ok: false, stage: 'tls', outcome: 'reset' },
        ],
      });
      expect((addressing.data as { answeringNames: string[] }).answeringNames).toContain('localhost');
      // The certificate says localhost, the user typed two.rdp.test.
      expect(results.tls![0]!.data).toMatchObject({ nameMatch: { matches: false, checkedName: 'two.rdp.test' } });
    } finally {
      setDnsOverrides({});
      await dns.close();
      await fault.stop();
      await server.stop();
    }
  });
});

// ---------------------------------------------------------------- FreeRDP shadow (NLA)

describe.skipIf(available.shadow !== true)('real FreeRDP shadow server with NLA', () => {
  let server: Awaited<ReturnType<typeof startShadowNla>>;
  beforeAll(async () => {
    server = await startShadowNla();
  }, 30_000);
  afterAll(() => server?.stop());

  it('security layers as documented: HYBRID required, HYBRID chosen for 3 and 11', async () => {
    const data = await probeSecurityLayers(server.host, server.port, { timeoutMs: TIMEOUT });
    for (const reply of data.replies) {
      expect(matches(reply, server.info.expect![String(reply.requestedProtocols) as '0' | '1' | '3' | '11'])).toBe(true);
    }
    expect(data).toMatchObject({ accepts: { rdp: false, tls: false, hybrid: true, hybridEx: false }, requires: 'hybrid', certNotOnServer: false });
  });

  it('CredSSP: the NTLM CHALLENGE without credentials (names, version, server clock)', async () => {
    const { data } = await probeCredssp(server.host, server.port, { timeoutMs: TIMEOUT, name: 'localhost' });
    expect(credsspDataSchema.safeParse(data).success).toBe(true);
    expect(data.outcome).toBe('challenge');
    expect(data.tsRequestVersion).toBeGreaterThanOrEqual(2);
    expect(data.ntlm?.osVersion).toBeDefined();
    expect(data.ntlm?.dnsComputer ?? data.ntlm?.netbiosComputer).toBeTruthy();
    expect(Math.abs(data.clockSkewSeconds ?? 99)).toBeLessThan(5);
    expect(judgeCredssp(data).status).toBe('pass');
  });

  it('TLS under NLA, and the whole security step', async () => {
    const { data } = await probeTls(server.host, server.port, { timeoutMs: TIMEOUT, name: 'localhost' });
    expect(data.x224).toMatchObject({ kind: 'confirm', selectedProtocol: 2 });
    expect(data.attempts.filter((a) => a.outcome === 'accepted').map((a) => a.version)).toEqual(expect.arrayContaining(['TLSv1.2']));
    expect(data.certificate?.subjectCN).toBe(server.info.expectedCommonName);
    const results = await runChecks({ host: server.host, port: server.port, kind: 'ipv4' }, ['security']);
    expect(status(results)).toEqual({ 'security-layers': 'pass', credssp: 'pass' });
  });
});

// ---------------------------------------------------------------- fault injectors

describe.skipIf(available.xrdp !== true)('TLS client contexts shared across probes', () => {
  it('never resume a session: every handshake is a full one, with the server certificate', async () => {
    const server = await startXrdp('valid-cert');
    for (let i = 0; i < 3; i++) {
      const { data } = await probeTls(server.host, server.port, { timeoutMs: TIMEOUT, name: 'localhost', versions: ['TLSv1.2', 'TLSv1.3'] });
      expect(data.certificate?.sha1).toBe(server.info.cert!.fingerprintSha1);
      const handshake = await fullHandshake(server.host, server.port, { timeoutMs: TIMEOUT });
      expect(handshake.certificateNames).toContain('localhost');
    }
    await server.stop();
  });
});

describe('the stability step run alone (as the wizard runs it)', () => {
  it('a server that resets the one listener lookup still gets its repeated attempts, which show the resets', async () => {
    // Every connection is reset on its X.224 request, the lookup's included.
    const fault = await startFault('flaky', { everyNth: 1 });
    const target: Target = { host: fault.host, port: fault.port, kind: 'ipv4' };
    const results = await runChecks(target, ['stability'], { ...options, udp: false, attempts: 3 });
    const stability = results.stability?.[0];
    expect(stability?.status).toBe('fail');
    const data = stabilityDataSchema.parse(stability?.data);
    expect(data.attempts).toHaveLength(3);
    expect(data.attempts.every((a) => !a.ok && a.stage === 'x224')).toBe(true);
    await fault.stop();
  });

  it('a server that accepts and never answers is not waited on five times over: stability is skipped', async () => {
    const silent = await startFault('accept-then-silence');
    const target: Target = { host: silent.host, port: silent.port, kind: 'ipv4' };
    const started = Date.now();
    const results = await runChecks(target, ['stability'], { ...options, udp: false, timeoutMs: 500 });
    expect(results.stability?.[0]).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/timeout/) });
    // One lookup of 500 ms, not five more attempts of 500 ms each.
    expect(Date.now() - started).toBeLessThan(2000);
    await silent.stop();
  });

  it('a port where something else answers (not RDP) is not hammered: stability is skipped with the reason', async () => {
    const banner = await startFault('banner');
    const target: Target = { host: banner.host, port: banner.port, kind: 'ipv4' };
    const results = await runChecks(target, ['stability'], { ...options, udp: false });
    expect(results.stability?.[0]).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/not-rdp/) });
    await banner.stop();
  });
});

describe('harness fault injectors', () => {
  it('reset on connect, silence, banner, oversized, megabytes', async () => {
    const reset = await startFault('reset-on-connect');
    // The RST can beat the connect callback: then TCP itself reports the reset.
    const viaReset = await x224Exchange(reset.host, reset.port, 11, { timeoutMs: TIMEOUT });
    if (viaReset.reply.kind === 'connect-failed') expect(viaReset.tcp).toMatchObject({ outcome: 'reset', errorCode: 'ECONNRESET' });
    else expect(viaReset.reply.kind).toMatch(/^(reset|closed)$/);
    const tcpOnly = await tcpConnect(reset.host, reset.port, { timeoutMs: TIMEOUT });
    expect(['open', 'reset']).toContain(tcpOnly.data.outcome);
    await reset.stop();

    const silent = await startFault('accept-then-silence');
    const t0 = Date.now();
    expect((await x224Exchange(silent.host, silent.port, 11, { timeoutMs: 500 })).reply.kind).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(1500);
    await silent.stop();

    const banner = await startFault('banner');
    expect((await x224Exchange(banner.host, banner.port, 11, { timeoutMs: TIMEOUT })).reply).toMatchObject({ kind: 'not-rdp', banner: 'SSH-2.0-OpenSSH_9.2' });
    await banner.stop();

    const oversized = await startFault('oversized-tpkt');
    const t1 = Date.now();
    expect((await x224Exchange(oversized.host, oversized.port, 11, { timeoutMs: TIMEOUT })).reply.kind).toBe('oversized');
    expect(Date.now() - t1).toBeLessThan(1000);
    await oversized.stop();

    const mega = await startFault('megabytes');
    const t2 = Date.now();
    expect((await x224Exchange(mega.host, mega.port, 11, { timeoutMs: TIMEOUT })).reply.kind).toBe('not-rdp');
    expect(Date.now() - t2).toBeLessThan(1500);
    await new Promise((r) => setTimeout(r, 200));
    expect(mega.stats().open).toBe(0);
    await mega.stop();
  });

  it('malformed TPKT variants', async () => {
    for (const variant of ['bad-version', 'short-length', 'not-a-confirm'] as const) {
      const server = await startFault('malformed-tpkt', { malformed: variant });
      const { reply } = await x224Exchange(server.host, server.port, 11, { timeoutMs: TIMEOUT });
      // bad-version starts with 0x04: not a TPKT at all.
      expect(reply.kind).toBe(variant === 'bad-version' ? 'not-rdp' : 'malformed');
      await server.stop();
    }
  });

  it('every negotiation failure code, and a wrong selectedProtocol', async () => {
    for (const code of [1, 2, 3, 4, 5, 6]) {
      const server = await startFault(`neg-failure-${code}`);
      const { reply } = await x224Exchange(server.host, server.port, 11, { timeoutMs: TIMEOUT });
      expect(reply).toMatchObject({ kind: 'failure', failureCode: code });
      await server.stop();
    }
    const wrong = await startFault('wrong-selected-protocol');
    const { reply } = await x224Exchange(wrong.host, wrong.port, 1, { timeoutMs: TIMEOUT });
    expect(reply).toMatchObject({ kind: 'confirm', unexpectedSelection: true });
    await wrong.stop();
  });

  it('slow drip is read within the timeout; a slower confirm is a bounded timeout', async () => {
    const drip = await startFault('slow-drip', { dripIntervalMs: 30 });
    const { data } = await probeTls(drip.host, drip.port, { timeoutMs: TIMEOUT, name: 'localhost', versions: ['TLSv1.2'] });
    expect(data.x224.kind).toBe('confirm');
    expect(data.attempts[0]!.outcome).toBe('accepted');
    await drip.stop();
    const slow = await startFault('slow-confirm', { delayMs: 2000 });
    const t0 = Date.now();
    expect((await x224Exchange(slow.host, slow.port, 1, { timeoutMs: 500 })).reply.kind).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(1500);
    await slow.stop();
  });

  it('the 0x904 picture: confirm, then RST on the ClientHello → TLS stage reset', async () => {
    const server = await startFault('reset-after-client-hello');
    const { data } = await probeTls(server.host, server.port, { timeoutMs: TIMEOUT, name: 'localhost' });
    expect(data.attempts.map((a) => a.outcome)).toEqual(['reset', 'reset', 'reset', 'reset']);
    expect(judgeTls(data).status).toBe('fail');
    const { attempt } = await fullHandshake(server.host, server.port, { timeoutMs: TIMEOUT });
    expect(attempt).toMatchObject({ ok: false, stage: 'tls', outcome: 'reset' });
    await server.stop();
  });

  it('reset / close right after the confirm, TLS then reset, a healthy TLS listener', async () => {
    const outcomes: Record<string, string> = {};
    for (const kind of ['reset-after-x224', 'close-after-x224', 'tls-then-reset', 'tls-ok'] as const) {
      const server = await startFault(kind);
      const { attempt } = await fullHandshake(server.host, server.port, { timeoutMs: TIMEOUT });
      outcomes[kind] = `${attempt.stage}:${attempt.outcome}`;
      await server.stop();
    }
    expect(outcomes['reset-after-x224']).toMatch(/^(tls:reset|x224:reset)$/);
    expect(outcomes['close-after-x224']).toMatch(/^(tls:closed|x224:closed)$/);
    // TLS completes; the MCS Connect-Initial that follows is cut.
    expect(outcomes['tls-then-reset']).toMatch(/^post-tls:(reset|closed)$/);
    expect(outcomes['tls-ok']).toMatch(/^done:TLSv1\.[23]$/);
  });

  it('one stage past TLS against real servers: xrdp answers MCS (TLS and standard RDP security), FreeRDP shadow answers CredSSP', async (ctx) => {
    if (available.xrdp !== true || available.shadow !== true) return ctx.skip(`${available.xrdp === true ? '' : String(available.xrdp)} ${available.shadow === true ? '' : String(available.shadow)}`.trim());
    const xrdp = await startXrdp('valid-cert');
    const tlsAttempt = (await fullHandshake(xrdp.host, xrdp.port, { timeoutMs: TIMEOUT })).attempt;
    expect(tlsAttempt).toMatchObject({ ok: true, stage: 'done', postTls: { kind: 'mcs', outcome: 'answered', mcsResult: 'rt-successful', serverVersion: '0x00080004', encryptionMethod: 0 } });
    expect(tlsAttempt.postTlsMs).toBeGreaterThan(0);
    expect(tlsAttempt.bytesReceived).toBeGreaterThan(tlsAttempt.postTls!.bytesReceived);
    await xrdp.stop();
    const rdpOnly = await startXrdp('rdp-only');
    const rdpAttempt = (await fullHandshake(rdpOnly.host, rdpOnly.port, { timeoutMs: TIMEOUT, requestedProtocols: 0 })).attempt;
    // Standard RDP security: the server's Connect-Response carries its random and certificate, and an encryption method.
    expect(rdpAttempt).toMatchObject({ ok: true, outcome: 'standard-rdp-security', postTls: { kind: 'mcs', outcome: 'answered', mcsResult: 'rt-successful' } });
    expect(rdpAttempt.postTls!.encryptionMethod).toBeGreaterThan(0);
    await rdpOnly.stop();
    const shadow = await startShadowNla();
    const nla = (await fullHandshake(shadow.host, shadow.port, { timeoutMs: 5000 })).attempt;
    expect(nla).toMatchObject({ ok: true, stage: 'done', postTls: { kind: 'credssp', outcome: 'answered' } });
    expect(nla.postTls!.tsRequestVersion).toBeGreaterThanOrEqual(2);
    await shadow.stop();
  }, 60_000);

  it('flaky: every 2nd connection reset shows as intermittent in the stability probe', async () => {
    const server = await startFault('flaky', { everyNth: 2 });
    const data = await probeStability(server.host, server.port, { attempts: 6, slowThresholdMs: 2000, timeoutMs: TIMEOUT, spacingMs: 20 });
    const ok = data.attempts.filter((a) => a.ok).length;
    expect(ok).toBe(3);
    expect(data.attempts.filter((a) => !a.ok).every((a) => a.outcome === 'reset' || a.outcome === 'closed')).toBe(true);
    await server.stop();
  });

  it('a closed port is refused; a filtered port is filtered within our timeout', async (ctx) => {
    const port = await closedPort();
    expect((await tcpConnect('127.0.0.1', port, { timeoutMs: TIMEOUT })).data.outcome).toBe('refused');
    const filtered = await filteredPort();
    if ('skipped' in filtered) {
      note(`filtered port: ${filtered.skipped}`);
      return ctx.skip(filtered.skipped);
    }
    try {
      const t0 = Date.now();
      const result = await tcpConnect(filtered.host, filtered.port, { timeoutMs: 700 });
      expect(result.data.outcome).toBe('filtered');
      expect(Date.now() - t0).toBeLessThan(1500);
      const results = await runChecks({ host: filtered.host, port: filtered.port, kind: 'ipv4' }, ['reachability'], { ...options, timeoutMs: 700 });
      expect(status(results)).toEqual({ dns: 'skipped', tcp: 'fail', 'rdp-listener': 'skipped' });
      expect(results.tcp![0]!.summary).toMatch(/Nothing came back within 700 ms/);
    } finally {
      await filtered.remove();
    }
  });
});
