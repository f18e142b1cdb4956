/**
 * The harness checks its own servers from the outside with raw bytes: every scenario answers X.224
 * as advertised (info.expect), TLS works (or fails) as advertised, certificates carry the expected
 * names and dates, faults misbehave exactly as named, and stop() leaves nothing behind.
 * Run: npx vitest run -c e2e/servers/vitest.config.ts
 */
import { runFixtureChild, type FixtureChild } from './childProcess';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import type { SecureVersion } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CERT_KINDS,
  cleanupLeftovers,
  closedPort,
  credsspNegotiate,
  encodeConnectionRequest,
  filteredPort,
  generateCert,
  md4,
  ntHash,
  ntlmChallengeInfo,
  probeTls,
  runningServers,
  serversAvailable,
  startFault,
  startShadowNla,
  startXrdp,
  stopAll,
  tlsUpgrade,
  tryConnect,
  x224Exchange,
  XRDP_SCENARIOS,
  type Available,
  type ExpectedAnswers,
  type ExpectedConfirm,
  type RunningServer,
  type X224Outcome,
} from './index';

const available = serversAvailable();
const ALL_TLS: SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const DAY = 86_400_000;

function skipReason(a: Available, what: string): string | false {
  if (a === true) return false;
  console.warn(`[e2e/servers] skipping ${what}: ${a}`);
  return a;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function describeOutcome(o: X224Outcome): string {
  if (o.outcome === 'confirm') return `confirm ${o.raw.toString('hex')} ${JSON.stringify(o.confirm)}`;
  if (o.outcome === 'refused') return 'refused';
  if (o.outcome === 'closed') return `closed reset=${o.reset} after ${o.received.toString('hex')}`;
  if (o.outcome === 'timeout') return `timeout after ${o.received.toString('hex')}`;
  return `error ${o.message}`;
}

function expectAnswer(o: X224Outcome, expected: ExpectedConfirm, context: string): void {
  const seen = describeOutcome(o);
  if ('disconnect' in expected) {
    expect(o.outcome, `${context}: ${seen}`).toBe('closed');
    return;
  }
  expect(o.outcome, `${context}: ${seen}`).toBe('confirm');
  if (o.outcome !== 'confirm') return;
  if ('selected' in expected) expect(o.confirm, `${context}: ${seen}`).toMatchObject({ kind: 'selected', selectedProtocol: expected.selected });
  else expect(o.confirm, `${context}: ${seen}`).toEqual({ kind: 'failure', failureCode: expected.failure });
}

/** Checks the X.224 answers for 0, 1, 3, 11 against the table; returns nothing, closes sockets. */
async function checkAnswers(server: RunningServer<object>, table: ExpectedAnswers): Promise<void> {
  for (const key of ['0', '1', '3', '11'] as const) {
    const outcome = await x224Exchange(server.host, server.port, Number(key), { timeoutMs: 5000 });
    if (outcome.outcome === 'confirm') outcome.socket.destroy();
    expectAnswer(outcome, table[key], `${server.name} requestedProtocols=${key}`);
  }
}

/** After stop(): the PIDs are gone, the temp dir is gone, the port refuses. */
async function expectGone(server: RunningServer<object>, pids: number[], tempDir: string | null): Promise<void> {
  await server.stop();
  for (const pid of pids) expect(isAlive(pid), `pid ${pid} of ${server.name}`).toBe(false);
  if (tempDir) expect(existsSync(tempDir), `${tempDir} of ${server.name}`).toBe(false);
  expect(await tryConnect(server.host, server.port, 1000)).toBe('refused');
}

/** Reads from a socket until it errors/closes; resolves with the error code or 'FIN'. Bounded. */
function waitForEnd(socket: net.Socket, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('TIMEOUT'), timeoutMs);
    socket.on('data', () => undefined);
    socket.resume();
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(err.code ?? 'ERROR');
    });
    socket.once('end', () => {
      clearTimeout(timer);
      resolve('FIN');
    });
  });
}

afterAll(async () => {
  await stopAll();
  expect(runningServers()).toEqual([]);
});

describe('building blocks', () => {
  it('md4 / NT hash match RFC 1320 and MS-NLMP vectors', () => {
    expect(md4(Buffer.from('')).toString('hex')).toBe('31d6cfe0d16ae931b73c59d7e0c089c0');
    expect(md4(Buffer.from('abc')).toString('hex')).toBe('a448017aaf21d8525fc10ae87aa6729d');
    expect(md4(Buffer.from('1234567890'.repeat(8))).toString('hex')).toBe('e33b4ddc9c38f2199c3e7b164fcc0536');
    expect(ntHash('Password')).toBe('a4f49c406510bdcab6824ee7c30fd852');
  });

  it('X.224 request bytes are what MS-RDPBCGR says', () => {
    expect(encodeConnectionRequest(3, '').toString('hex')).toBe('030000130ee000000000000100080003000000');
  });

  it.skipIf(skipReason(available.openssl, 'certificates'))('generates every certificate kind with the advertised names, dates and keys', async () => {
    const now = Date.now();
    for (const kind of CERT_KINDS) {
      const c = await generateCert(kind);
      const x509 = new X509Certificate(c.certPem);
      expect(x509.checkPrivateKey(createPrivateKey(c.keyPem)), kind).toBe(c.keyMatchesCert);
      expect(c.commonName, kind).toBe(kind === 'wrong-name' ? 'other.example' : 'localhost');
      expect(x509.checkHost('localhost'), kind).toBe(kind === 'wrong-name' ? undefined : 'localhost');
      expect(x509.checkIP('127.0.0.1'), kind).toBe(kind === 'wrong-name' ? undefined : '127.0.0.1');
      expect(c.keyBits, kind).toBe(kind === 'weak' ? 1024 : 2048);
      const from = c.notBefore.getTime();
      const to = c.notAfter.getTime();
      if (kind === 'expired') expect(to).toBeLessThan(now - 29 * DAY);
      else if (kind === 'not-yet-valid') expect(from).toBeGreaterThan(now + 29 * DAY);
      else if (kind === 'expiring-soon') expect(to - now).toBeLessThan(6 * DAY);
      else {
        expect(from).toBeLessThan(now);
        expect(to).toBeGreaterThan(now + 300 * DAY);
      }
    }
    const weak = await generateCert('weak');
    expect(execFileSync('openssl', ['x509', '-noout', '-text', '-in', weak.certPath]).toString()).toContain('sha1WithRSAEncryption');
  });

  it('closedPort() refuses connections', async () => {
    const port = await closedPort();
    expect(await tryConnect('127.0.0.1', port, 1000)).toBe('refused');
  });

  it('filteredPort() drops SYNs until removed', async () => {
    const result = await filteredPort();
    if ('skipped' in result) {
      console.warn(`[e2e/servers] filteredPort skipped: ${result.skipped}`);
      return;
    }
    expect(await tryConnect(result.host, result.port, 400)).toBe('timeout');
    await result.remove();
    await result.remove(); // idempotent
    expect(await tryConnect(result.host, result.port, 1000)).toBe('refused');
    expect(execFileSync('iptables', ['-w', '5', '-S', 'INPUT']).toString()).not.toContain(`--dport ${result.port} `);
  });
});

describe.skipIf(skipReason(available.xrdp, 'xrdp scenarios'))('xrdp', () => {
  for (const scenario of XRDP_SCENARIOS) {
    it(scenario, async () => {
      const server = await startXrdp(scenario);
      try {
        const { info } = server;
        expect(server.host).toBe('127.0.0.1');
        await checkAnswers(server, info.expect);

        // A request without RDP_NEG_REQ (very old clients): bare confirm, standard RDP security.
        const bare = await x224Exchange(server.host, server.port, null);
        if (bare.outcome === 'confirm') bare.socket.destroy();
        expect(bare.outcome === 'confirm' && bare.confirm.kind, describeOutcome(bare)).toBe('bare');

        if (info.tlsBroken) {
          // Confirm selects TLS, then xrdp cannot start TLS: it sends an MCS Disconnect Provider Ultimatum and closes.
          const x = await x224Exchange(server.host, server.port, 3);
          expect(x.outcome).toBe('confirm');
          if (x.outcome !== 'confirm') return;
          const tls = await tlsUpgrade(x.socket, { timeoutMs: 3000 });
          expect(tls.ok).toBe(false);
          const raw = await x224Exchange(server.host, server.port, 1);
          if (raw.outcome !== 'confirm') throw new Error(describeOutcome(raw));
          const rest = await new Promise<Buffer>((resolve) => {
            let got = Buffer.alloc(0);
            raw.socket.on('data', (d: Buffer) => (got = Buffer.concat([got, d])));
            raw.socket.once('close', () => resolve(got));
            raw.socket.on('error', () => undefined);
            raw.socket.resume();
            // A ClientHello makes xrdp try (and fail) to start TLS.
            raw.socket.write(Buffer.from('16030100', 'hex'));
            setTimeout(() => resolve(got), 3000);
          });
          expect(rest.toString('hex')).toBe('0300000902f0802180');
          return;
        }

        for (const version of ALL_TLS) {
          const result = await probeTls(server.host, server.port, 1, { minVersion: version, maxVersion: version });
          const shouldWork = info.tlsVersions.includes(version);
          if (!result.tls) {
            expect(shouldWork, `${version}: no TLS (${describeOutcome(result.x224)})`).toBe(false);
            continue;
          }
          expect(result.tls.ok, `${version}: ${result.tls.ok ? result.tls.protocol : result.tls.error}`).toBe(shouldWork);
          if (!result.tls.ok || !info.cert) continue;
          expect(result.tls.protocol).toBe(version);
          const cert = result.tls.cert;
          expect(cert.subject.CN).toBe(info.expectedCommonName);
          expect(new Date(cert.valid_from).getTime()).toBe(info.cert.notBefore.getTime());
          expect(new Date(cert.valid_to).getTime()).toBe(info.cert.notAfter.getTime());
          expect(cert.fingerprint256).toBe(info.cert.fingerprintSha256);
          expect(cert.bits).toBe(info.cert.keyBits);
        }
        expect((await server.logs()).length).toBeGreaterThan(0);
      } finally {
        await expectGone(server, [server.info.pid], server.info.tempDir);
      }
    });
  }

  it('two scenarios run side by side on different ports', async () => {
    const [a, b] = await Promise.all([startXrdp('valid-cert'), startXrdp('rdp-only')]);
    try {
      expect(a.port).not.toBe(b.port);
      await checkAnswers(a, a.info.expect);
      await checkAnswers(b, b.info.expect);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});

describe.skipIf(skipReason(available.shadow, 'FreeRDP shadow server'))('freerdp-shadow-cli', () => {
  it('nla: requires CredSSP, serves our certificate, answers NTLM NEGOTIATE with a CHALLENGE', async () => {
    const server = await startShadowNla();
    try {
      const { info } = server;
      expect(info.expect).not.toBeNull();
      if (info.expect) await checkAnswers(server, info.expect);
      // Exactly as the brief says: TLS only -> failure 5, TLS+CredSSP -> HYBRID.
      const x = await x224Exchange(server.host, server.port, 3);
      expect(x.outcome).toBe('confirm');
      if (x.outcome !== 'confirm') return;
      expect(x.raw.toString('hex')).toBe('030000130ed000000000000203080002000000');
      const tls = await tlsUpgrade(x.socket);
      expect(tls.ok, tls.ok ? '' : tls.error).toBe(true);
      if (!tls.ok) return;
      expect(tls.cert.subject.CN).toBe('localhost');
      expect(tls.cert.fingerprint256).toBe(info.cert.fingerprintSha256);
      const answer = await credsspNegotiate(tls.socket);
      tls.socket.destroy();
      expect(answer).not.toBeNull();
      const challenge = answer ? ntlmChallengeInfo(answer) : null;
      expect(challenge).not.toBeNull();
      expect(challenge?.challenge.length).toBe(8);
      // TargetInfo carries at least the NetBIOS computer name (1) and a timestamp (7).
      expect(challenge?.targetInfo.has(1)).toBe(true);
      expect(challenge?.targetInfo.has(7)).toBe(true);
      expect(info.ntHash).toBe(ntHash(info.password));
      expect(info.display).toMatch(/^:\d+$/);
    } finally {
      await expectGone(server, [server.info.pid, server.info.xvfbPid], server.info.tempDir);
    }
  });

  for (const sec of ['tls', 'rdp'] as const) {
    it(`/sec:${sec}`, async () => {
      const server = await startShadowNla({ sec });
      try {
        const table = server.info.expect;
        expect(table).not.toBeNull();
        if (table) await checkAnswers(server, table);
      } finally {
        await expectGone(server, [server.info.pid, server.info.xvfbPid], server.info.tempDir);
      }
    });
  }
});

describe('fault injectors', () => {
  it('reset-on-connect: RST before anything', async () => {
    const f = await startFault('reset-on-connect');
    const o = await x224Exchange(f.host, f.port, 3);
    expect(o).toMatchObject({ outcome: 'closed', reset: true });
    expect(f.stats().resets).toBe(1);
    await expectGone(f, [], null);
  });

  it('accept-then-silence: the request is read, nothing comes back', async () => {
    const f = await startFault('accept-then-silence');
    const o = await x224Exchange(f.host, f.port, 3, { timeoutMs: 600 });
    expect(o.outcome).toBe('timeout');
    expect(f.stats().requests).toEqual([3]);
    await expectGone(f, [], null);
  });

  it('banner: an SSH banner instead of a confirm', async () => {
    const f = await startFault('banner');
    const o = await x224Exchange(f.host, f.port, 3);
    expect(o.outcome).toBe('confirm');
    if (o.outcome === 'confirm') {
      o.socket.destroy();
      expect(o.confirm.kind).toBe('invalid');
      expect(o.raw.toString('latin1')).toMatch(/^SSH-2\.0-OpenSSH_9\.2/);
    }
    await expectGone(f, [], null);
  });

  it('malformed-tpkt: bad version, short length, not a confirm', async () => {
    const expectations = { 'bad-version': /^04000013/, 'short-length': /^0300000502/, 'not-a-confirm': /^0300000b06f0/ } as const;
    for (const variant of ['bad-version', 'short-length', 'not-a-confirm'] as const) {
      const f = await startFault('malformed-tpkt', { malformed: variant });
      const o = await x224Exchange(f.host, f.port, 3);
      expect(o.outcome, describeOutcome(o)).toBe('confirm');
      if (o.outcome === 'confirm') {
        o.socket.destroy();
        expect(o.confirm.kind, variant).toBe('invalid');
        expect(o.raw.toString('hex'), variant).toMatch(expectations[variant]);
      }
      await f.stop();
    }
  });

  it('oversized-tpkt: announces 65535 bytes and drips', async () => {
    const f = await startFault('oversized-tpkt', { dripIntervalMs: 20 });
    const o = await x224Exchange(f.host, f.port, 3, { timeoutMs: 700 });
    expect(o.outcome).toBe('timeout');
    if (o.outcome === 'timeout') {
      expect(o.received.subarray(0, 4).toString('hex')).toBe('0300ffff');
      expect(o.received.length).toBeGreaterThan(11);
      expect(o.received.length).toBeLessThan(200);
    }
    await expectGone(f, [], null);
  });

  it('slow-drip: a correct confirm one byte at a time, then TLS', async () => {
    const f = await startFault('slow-drip', { dripIntervalMs: 30 });
    const r = await probeTls(f.host, f.port, 3);
    expect(r.x224).toMatchObject({ outcome: 'confirm', confirm: { kind: 'selected', selectedProtocol: 1 } });
    expect(r.x224.elapsedMs).toBeGreaterThanOrEqual(18 * 30 - 20);
    expect(r.tls?.ok).toBe(true);
    await expectGone(f, [], null);
  });

  it('slow-confirm: the confirm comes after delayMs', async () => {
    const f = await startFault('slow-confirm', { delayMs: 600 });
    const r = await probeTls(f.host, f.port, 1);
    expect(r.x224).toMatchObject({ outcome: 'confirm', confirm: { kind: 'selected', selectedProtocol: 1 } });
    expect(r.x224.elapsedMs).toBeGreaterThanOrEqual(580);
    expect(r.tls?.ok).toBe(true);
    await expectGone(f, [], null);
  });

  it('megabytes: garbage until the client closes, then stops writing', async () => {
    const f = await startFault('megabytes');
    const socket = net.connect({ host: f.host, port: f.port });
    socket.on('error', () => undefined);
    socket.once('connect', () => socket.write(encodeConnectionRequest(3)));
    const got = await new Promise<number>((resolve) => {
      let total = 0;
      const timer = setTimeout(() => resolve(total), 5000);
      socket.on('data', (d: Buffer) => {
        total += d.length;
        if (total >= 4 * 1024 * 1024) {
          clearTimeout(timer);
          socket.destroy();
          resolve(total);
        }
      });
    });
    expect(got).toBeGreaterThanOrEqual(4 * 1024 * 1024);
    for (let i = 0; i < 60 && f.stats().open > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(f.stats().open).toBe(0);
    const sent = f.stats().bytesSent;
    await new Promise((r) => setTimeout(r, 200));
    expect(f.stats().bytesSent).toBe(sent);
    await expectGone(f, [], null);
  });

  it('megabytes: maxBytes caps a client that never closes', async () => {
    const f = await startFault('megabytes', { maxBytes: 1024 * 1024 });
    const socket = net.connect({ host: f.host, port: f.port });
    socket.once('connect', () => socket.write(encodeConnectionRequest(3)));
    let total = 0;
    socket.on('data', (d: Buffer) => (total += d.length));
    expect(await waitForEnd(socket, 5000)).toBe('FIN');
    socket.destroy();
    expect(total).toBeGreaterThanOrEqual(1024 * 1024);
    expect(total).toBeLessThan(1024 * 1024 + 128 * 1024);
    await f.stop();
  });

  it('wrong-selected-protocol: selects something that was not requested', async () => {
    const f = await startFault('wrong-selected-protocol');
    for (const requested of [0, 1, 3, 11]) {
      const o = await x224Exchange(f.host, f.port, requested);
      expect(o.outcome).toBe('confirm');
      if (o.outcome !== 'confirm') continue;
      o.socket.destroy();
      expect(o.confirm.kind).toBe('selected');
      if (o.confirm.kind === 'selected') expect(o.confirm.selectedProtocol & requested).toBe(0);
      if (o.confirm.kind === 'selected') expect(o.confirm.selectedProtocol).not.toBe(0);
    }
    const fixed = await startFault('wrong-selected-protocol', { selectedProtocol: 8 });
    const o = await x224Exchange(fixed.host, fixed.port, 1);
    if (o.outcome === 'confirm') o.socket.destroy();
    expect(o).toMatchObject({ outcome: 'confirm', confirm: { kind: 'selected', selectedProtocol: 8 } });
    await fixed.stop();
    await expectGone(f, [], null);
  });

  it('neg-failure-N: RDP_NEG_FAILURE with the code in the name, then FIN', async () => {
    for (const code of [1, 2, 3, 4, 5, 6]) {
      const f = await startFault(`neg-failure-${code}`);
      const o = await x224Exchange(f.host, f.port, 3);
      expect(o).toMatchObject({ outcome: 'confirm', confirm: { kind: 'failure', failureCode: code } });
      if (o.outcome === 'confirm') expect(await waitForEnd(o.socket)).toBe('FIN');
      await f.stop();
    }
    const f = await startFault('neg-failure', { failureCode: 3 });
    const o = await x224Exchange(f.host, f.port, 1);
    if (o.outcome === 'confirm') o.socket.destroy();
    expect(o).toMatchObject({ outcome: 'confirm', confirm: { kind: 'failure', failureCode: 3 } });
    await f.stop();
  });

  it('reset-after-x224: confirm, then RST', async () => {
    const f = await startFault('reset-after-x224');
    const o = await x224Exchange(f.host, f.port, 3);
    expect(o).toMatchObject({ outcome: 'confirm', confirm: { kind: 'selected', selectedProtocol: 1 } });
    if (o.outcome === 'confirm') expect(await waitForEnd(o.socket)).toBe('ECONNRESET');
    await expectGone(f, [], null);
  });

  it('close-after-x224: confirm, then FIN', async () => {
    const f = await startFault('close-after-x224');
    const o = await x224Exchange(f.host, f.port, 1);
    expect(o).toMatchObject({ outcome: 'confirm', confirm: { kind: 'selected', selectedProtocol: 1 } });
    if (o.outcome === 'confirm') expect(await waitForEnd(o.socket)).toBe('FIN');
    await expectGone(f, [], null);
  });

  it('reset-after-client-hello: confirm selecting TLS, RST on the ClientHello', async () => {
    const f = await startFault('reset-after-client-hello');
    const r = await probeTls(f.host, f.port, 3);
    expect(r.x224).toMatchObject({ outcome: 'confirm', confirm: { kind: 'selected', selectedProtocol: 1 } });
    expect(r.tls).toMatchObject({ ok: false, code: 'ECONNRESET' });
    await expectGone(f, [], null);
  });

  it('tls-then-reset: a complete TLS handshake, then RST', async () => {
    const f = await startFault('tls-then-reset', { delayMs: 100 });
    const x = await x224Exchange(f.host, f.port, 1);
    if (x.outcome !== 'confirm') throw new Error(describeOutcome(x));
    const tls = await tlsUpgrade(x.socket);
    expect(tls.ok).toBe(true);
    if (tls.ok) {
      const end = await new Promise<string>((resolve) => {
        const timer = setTimeout(() => resolve('TIMEOUT'), 3000);
        tls.socket.once('error', (err: NodeJS.ErrnoException) => {
          clearTimeout(timer);
          resolve(err.code ?? 'ERROR');
        });
        tls.socket.once('close', () => {
          clearTimeout(timer);
          resolve('CLOSE');
        });
      });
      expect(end).toBe('ECONNRESET');
    }
    expect(f.stats()).toMatchObject({ tlsHandshakes: 1, resets: 1 });
    await expectGone(f, [], null);
  });

  it('flaky: every Nth connection is reset, the others complete TLS', async () => {
    const f = await startFault('flaky', { everyNth: 3 });
    const results: string[] = [];
    for (let i = 1; i <= 6; i++) {
      const r = await probeTls(f.host, f.port, 3);
      results.push(r.x224.outcome === 'closed' ? (r.x224.reset ? 'reset' : 'fin') : r.tls?.ok ? 'tls' : 'other');
    }
    expect(results).toEqual(['tls', 'tls', 'reset', 'tls', 'tls', 'reset']);
    expect(f.stats()).toMatchObject({ connections: 6, resets: 2, tlsHandshakes: 4 });
    await expectGone(f, [], null);
  });

  it('tls-ok: answers like a TLS listener and serves the chosen certificate', async () => {
    const f = await startFault('tls-ok', { cert: 'expired' });
    const r = await probeTls(f.host, f.port, 3);
    expect(r.x224).toMatchObject({ outcome: 'confirm', confirm: { kind: 'selected', selectedProtocol: 1 } });
    expect(r.tls?.ok).toBe(true);
    if (r.tls?.ok) {
      expect(r.tls.cert.subject.CN).toBe('localhost');
      expect(new Date(r.tls.cert.valid_to).getTime()).toBeLessThan(Date.now());
    }
    const hybrid = await probeTls(f.host, f.port, 2);
    expect(hybrid.x224).toMatchObject({ outcome: 'confirm', confirm: { kind: 'selected', selectedProtocol: 2 } });
    expect(hybrid.tls?.ok).toBe(true);
    const rdp = await x224Exchange(f.host, f.port, 0);
    if (rdp.outcome === 'confirm') rdp.socket.destroy();
    expect(rdp).toMatchObject({ outcome: 'confirm', confirm: { kind: 'selected', selectedProtocol: 0 } });
    const bare = await x224Exchange(f.host, f.port, null);
    if (bare.outcome === 'confirm') bare.socket.destroy();
    expect(bare).toMatchObject({ outcome: 'confirm', confirm: { kind: 'bare' } });
    expect(f.stats().requests).toEqual([3, 2, 0, null]);
    await expectGone(f, [], null);
  });

  it('listens on ::1 when asked (skipped without IPv6 loopback)', async () => {
    let f;
    try {
      f = await startFault('neg-failure-2', { host: '::1' });
    } catch (err) {
      console.warn(`[e2e/servers] no IPv6 loopback: ${(err as Error).message}`);
      return;
    }
    const o = await x224Exchange('::1', f.port, 1);
    if (o.outcome === 'confirm') o.socket.destroy();
    expect(o).toMatchObject({ outcome: 'confirm', confirm: { kind: 'failure', failureCode: 2 } });
    await f.stop();
  });
});

describe.skipIf(skipReason(available.xrdp, 'exit safety net'))('safety net', () => {
  const fixture = fileURLToPath(new URL('./fixtures/exit-child.ts', import.meta.url));
  const runChild = (mode: 'exit' | 'wait'): Promise<FixtureChild<Record<string, unknown>>> => runFixtureChild(fixture, mode, 30_000);

  it('a process that exits without stop() leaves no xrdp, temp dir or firewall rule behind', async () => {
    const { line, pid: childPid, exited } = await runChild('exit');
    await exited;
    const pid = Number(line.xrdpPid);
    for (let i = 0; i < 40 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(String(line.xrdpTempDir))).toBe(false);
    expect(await tryConnect('127.0.0.1', Number(line.xrdpPort), 1000)).toBe('refused');
    expect(await tryConnect('127.0.0.1', Number(line.faultPort), 1000)).toBe('refused');
    if (line.filteredRule) expect(execFileSync('iptables', ['-w', '5', '-S', 'INPUT']).toString()).not.toContain(`rdp-doctor-e2e:${childPid}`);
  });

  it('a SIGKILLed process still takes xrdp with it (setpriv --pdeathsig)', async () => {
    const { line, pid: childPid, exited } = await runChild('wait');
    const pid = Number(line.xrdpPid);
    expect(isAlive(pid)).toBe(true);
    process.kill(childPid, 'SIGKILL');
    await exited;
    for (let i = 0; i < 40 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(isAlive(pid)).toBe(false);
    // No exit handler ran: temp dirs and the firewall rule are left; clean them like a later run would.
    // (Counts are not asserted: a harness run in parallel may have cleaned them up first.)
    const cleaned = await cleanupLeftovers();
    expect(cleaned.tempDirs).toBeGreaterThanOrEqual(0);
    expect(existsSync(String(line.xrdpTempDir))).toBe(false);
    if (line.filteredRule) expect(execFileSync('iptables', ['-w', '5', '-S', 'INPUT']).toString()).not.toContain(`rdp-doctor-e2e:${childPid}`);
  });
});
