/**
 * The probes' I/O against small loopback servers written in the test: every classified outcome,
 * bounded waits, and cancellation. Real servers (xrdp, FreeRDP) are in net.integration.test.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credsspDataSchema, handshakeAttemptSchema, stabilityDataSchema, tcpDataSchema, tlsDataSchema, udpDataSchema, x224ReplySchema } from '../../../shared/checks/net';
import { decodeTsRequest, encodeTsRequest, probeCredssp } from './credssp';
import { fullHandshake } from './handshake';
import { readFromSocket } from './io';
import { decodeNtlmChallenge, encodeNtlmChallenge, isoToFiletime, utf16le } from './ntlm';
import { startFault, stopAll } from '../../../e2e/servers';
import { probeStability } from './stability';
import { tcpConnect, tcpOutcomeFromErrno } from './tcp';
import { answerMcs, failureBytes, onRequest, rdpTlsServer, tcpServer, udpServer, confirmBytes, localhostCert, type TestServer } from './testkit';
import { probeTls } from './tls';
import { probeUdp } from './udp';
import { x224Exchange } from './x224';

const started = (): (() => number) => {
  const t = Date.now();
  return () => Date.now() - t;
};

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A port whose SYNs go unanswered: a listener with backlog 0 that never accepts, its one queue slot
 * filled. Needs python3 (node:net always accepts); tests using it skip with a reason otherwise.
 */
let filtered: { port: number; proc: ChildProcess } | null = null;
let filteredSkip = '';
async function startFiltered(): Promise<void> {
  const script = [
    'import socket,sys,time',
    's=socket.socket();s.bind(("127.0.0.1",0));s.listen(0)',
    'p=s.getsockname()[1]',
    'c=socket.socket();c.connect(("127.0.0.1",p))',
    'print(p,flush=True)',
    'time.sleep(60)',
  ].join('\n');
  const proc = spawn('python3', ['-c', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  const port = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), 5000);
    proc.on('error', () => {
      clearTimeout(timer);
      resolve(null);
    });
    proc.stdout!.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(Number(chunk.toString().trim()));
    });
  });
  if (!port) {
    filteredSkip = 'python3 is not available to hold a never-accepting listener';
    if (proc.pid) proc.kill();
    return;
  }
  // The queue may admit one more connection: fill it, then check a connect really hangs.
  const probe = await tcpConnect('127.0.0.1', port, { timeoutMs: 300 });
  if (probe.data.outcome === 'open') {
    const again = await tcpConnect('127.0.0.1', port, { timeoutMs: 300, keepOpen: true });
    if (again.data.outcome === 'open') {
      filteredSkip = 'this kernel accepts beyond the backlog: cannot simulate a filtered port';
      proc.kill();
      return;
    }
  }
  filtered = { port, proc };
}

beforeAll(startFiltered, 10_000);
afterAll(() => {
  if (filtered?.proc.pid) filtered.proc.kill();
});

// ---------------------------------------------------------------- TCP

describe('tcpConnect', () => {
  it('open, with the socket handed back when asked', async () => {
    const server = await tcpServer(() => undefined);
    const result = await tcpConnect('127.0.0.1', server.port, { timeoutMs: 1000, keepOpen: true });
    expect(result.data).toMatchObject({ outcome: 'open', address: '127.0.0.1', port: server.port });
    expect(result.socket).toBeDefined();
    expect(tcpDataSchema.safeParse(result.data).success).toBe(true);
    result.socket!.destroy();
    await server.close();
  });
  it('refused', async () => {
    const result = await tcpConnect('127.0.0.1', await closedPort(), { timeoutMs: 1000 });
    expect(result.data).toMatchObject({ outcome: 'refused', errorCode: 'ECONNREFUSED' });
  });
  it('refused on ::1', async () => {
    const result = await tcpConnect('::1', await closedPort(), { timeoutMs: 1000 });
    expect(['refused', 'unreachable', 'error']).toContain(result.data.outcome);
  });
  it('filtered: decided by our timer, within the timeout', async (ctx) => {
    if (!filtered) return ctx.skip(filteredSkip);
    const elapsed = started();
    const result = await tcpConnect('127.0.0.1', filtered.port, { timeoutMs: 400 });
    expect(result.data.outcome).toBe('filtered');
    expect(elapsed()).toBeGreaterThanOrEqual(380);
    expect(elapsed()).toBeLessThan(1500);
  });
  it('cancellation aborts a hanging connect promptly', async (ctx) => {
    if (!filtered) return ctx.skip(filteredSkip);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const elapsed = started();
    const result = await tcpConnect('127.0.0.1', filtered.port, { timeoutMs: 10_000, signal: controller.signal });
    expect(result.data).toMatchObject({ outcome: 'error', errorCode: 'ABORT_ERR' });
    expect(elapsed()).toBeLessThan(1000);
  });
  it('errno classification (unreachable and reset cannot be produced on loopback)', () => {
    expect(tcpOutcomeFromErrno('EHOSTUNREACH')).toBe('unreachable');
    expect(tcpOutcomeFromErrno('ENETUNREACH')).toBe('unreachable');
    expect(tcpOutcomeFromErrno('ECONNRESET')).toBe('reset');
    expect(tcpOutcomeFromErrno('ETIMEDOUT')).toBe('filtered');
    expect(tcpOutcomeFromErrno('EPERM')).toBe('error');
  });
  it('not an IP address: error, no lookup', async () => {
    expect((await tcpConnect('example.invalid', 3389, { timeoutMs: 100 })).data).toMatchObject({ outcome: 'error', errorCode: 'EINVAL' });
  });
});

// ---------------------------------------------------------------- X.224

describe('x224Exchange', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  const serve = async (handler: (socket: Socket) => void): Promise<TestServer> => {
    const s = await tcpServer(handler);
    servers.push(s);
    return s;
  };

  it('confirm, socket kept open for TLS', async () => {
    const s = await serve((socket) => onRequest(socket, (requested) => socket.write(confirmBytes(requested! & 1))));
    const { reply, socket, tcp } = await x224Exchange('127.0.0.1', s.port, 11, { timeoutMs: 1000, keepOpen: true, cookie: 'rdpdoctor' });
    expect(reply).toMatchObject({ kind: 'confirm', selectedProtocol: 1, requestedProtocols: 11 });
    expect(tcp?.outcome).toBe('open');
    expect(socket).toBeDefined();
    expect(x224ReplySchema.safeParse(reply).success).toBe(true);
    socket!.destroy();
  });
  it('negotiation failure', async () => {
    const s = await serve((socket) => onRequest(socket, () => socket.end(failureBytes(5))));
    const { reply, socket } = await x224Exchange('127.0.0.1', s.port, 1, { timeoutMs: 1000, keepOpen: true });
    expect(reply).toMatchObject({ kind: 'failure', failureCode: 5, failureName: 'HYBRID_REQUIRED_BY_SERVER' });
    expect(socket).toBeUndefined();
  });
  it('reset after the request', async () => {
    const s = await serve((socket) => onRequest(socket, () => socket.resetAndDestroy()));
    expect((await x224Exchange('127.0.0.1', s.port, 11, { timeoutMs: 1000 })).reply).toMatchObject({ kind: 'reset' });
  });
  it('closed without a reply', async () => {
    const s = await serve((socket) => onRequest(socket, () => socket.end()));
    expect((await x224Exchange('127.0.0.1', s.port, 11, { timeoutMs: 1000 })).reply).toMatchObject({ kind: 'closed' });
  });
  it('silence: timeout within the timeout', async () => {
    const s = await serve(() => undefined);
    const elapsed = started();
    const { reply } = await x224Exchange('127.0.0.1', s.port, 11, { timeoutMs: 300 });
    expect(reply.kind).toBe('timeout');
    expect(elapsed()).toBeLessThan(1200);
  });
  it('a banner: not-rdp with the printable text', async () => {
    const s = await serve((socket) => socket.write('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'));
    const { reply } = await x224Exchange('127.0.0.1', s.port, 11, { timeoutMs: 1000 });
    expect(reply).toMatchObject({ kind: 'not-rdp', banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2', detail: 'An SSH server answered.' });
  });
  it('a banner without a line end: decided after a short grace period', async () => {
    const s = await serve((socket) => socket.write('RFB 003.008'));
    const elapsed = started();
    const { reply } = await x224Exchange('127.0.0.1', s.port, 11, { timeoutMs: 5000 });
    expect(reply).toMatchObject({ kind: 'not-rdp', banner: 'RFB 003.008' });
    expect(elapsed()).toBeLessThan(1500);
  });
  it('megabytes of garbage: cut off at once, the connection closed', async () => {
    let sent = 0;
    let clientGone = false;
    const s = await serve((socket) => {
      const chunk = Buffer.alloc(64 * 1024, 0x5a);
      const pump = (): void => {
        // Bounded: at most 64 MiB, and only while the client is there.
        while (!clientGone && sent < 64 * 1024 * 1024) {
          sent += chunk.length;
          if (!socket.write(chunk)) {
            socket.once('drain', pump);
            return;
          }
        }
      };
      socket.on('close', () => (clientGone = true));
      onRequest(socket, pump);
    });
    const elapsed = started();
    const { reply } = await x224Exchange('127.0.0.1', s.port, 11, { timeoutMs: 3000 });
    expect(reply.kind).toBe('not-rdp');
    expect(elapsed()).toBeLessThan(2000);
    expect(reply.bytesHex!.split(' ').length).toBeLessThanOrEqual(64);
    expect(await waitUntil(() => clientGone, 2000)).toBe(true);
  });
  it('the reader caps total bytes (a TPKT-looking stream that never completes cannot exist, so cap a raw read)', async () => {
    const s = await serve((socket) => {
      const chunk = Buffer.alloc(16 * 1024, 1);
      let n = 0;
      const pump = (): void => {
        while (n++ < 1000) if (!socket.write(chunk)) return void socket.once('drain', pump);
      };
      pump();
    });
    const conn = await tcpConnect('127.0.0.1', s.port, { timeoutMs: 1000, keepOpen: true });
    const read = await readFromSocket(conn.socket!, () => 'more', { timeoutMs: 3000, maxBytes: 64 * 1024 });
    expect(read.end).toBe('cap');
    expect(read.bytes.length).toBe(64 * 1024);
    expect(conn.socket!.destroyed).toBe(true);
  });
  it('oversized TPKT header: decided on the header', async () => {
    const s = await serve((socket) => onRequest(socket, () => socket.write(Buffer.from([0x03, 0x00, 0xff, 0xff, 0x00]))));
    expect((await x224Exchange('127.0.0.1', s.port, 11, { timeoutMs: 1000 })).reply).toMatchObject({ kind: 'oversized' });
  });
  it('slow drip: a confirm that finishes in time is read; one that does not is a bounded timeout', async () => {
    const drip = (intervalMs: number) => (socket: Socket) =>
      onRequest(socket, () => {
        const bytes = confirmBytes(1);
        let i = 0;
        const timer = setInterval(() => {
          if (i >= bytes.length || socket.destroyed) return clearInterval(timer);
          socket.write(bytes.subarray(i, ++i));
        }, intervalMs);
        socket.on('close', () => clearInterval(timer));
      });
    const fast = await serve(drip(10));
    expect((await x224Exchange('127.0.0.1', fast.port, 1, { timeoutMs: 3000 })).reply).toMatchObject({ kind: 'confirm', selectedProtocol: 1 });
    const slow = await serve(drip(200));
    const elapsed = started();
    const { reply } = await x224Exchange('127.0.0.1', slow.port, 1, { timeoutMs: 600 });
    expect(reply).toMatchObject({ kind: 'timeout', detail: expect.stringMatching(/Incomplete reply/) });
    expect(elapsed()).toBeLessThan(1500);
  });
  it('truncated reply then close: malformed', async () => {
    const s = await serve((socket) => onRequest(socket, () => socket.end(confirmBytes(1).subarray(0, 12))));
    expect((await x224Exchange('127.0.0.1', s.port, 1, { timeoutMs: 1000 })).reply).toMatchObject({ kind: 'malformed', detail: expect.stringMatching(/cut short/) });
  });
  it('connect-failed when nothing listens', async () => {
    const { reply, tcp } = await x224Exchange('127.0.0.1', await closedPort(), 11, { timeoutMs: 1000 });
    expect(reply.kind).toBe('connect-failed');
    expect(tcp?.outcome).toBe('refused');
  });
  it('cancellation ends a silent exchange promptly', async () => {
    const s = await serve(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const elapsed = started();
    const { reply } = await x224Exchange('127.0.0.1', s.port, 11, { timeoutMs: 10_000, signal: controller.signal });
    expect(reply.detail).toMatch(/Cancelled/);
    expect(elapsed()).toBeLessThan(1000);
  });
});

async function waitUntil(predicate: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !predicate()) await new Promise((r) => setTimeout(r, 10));
  return predicate();
}

// ---------------------------------------------------------------- TLS

describe('probeTls', () => {
  it('one handshake per version, cipher, certificate and name match', async () => {
    const server = await rdpTlsServer();
    const { data } = await probeTls('127.0.0.1', server.port, { timeoutMs: 2000, name: 'localhost' });
    expect(tlsDataSchema.safeParse(data).success).toBe(true);
    expect(data.attempts.map((a) => `${a.version}:${a.outcome}`)).toEqual(['TLSv1:rejected', 'TLSv1.1:rejected', 'TLSv1.2:accepted', 'TLSv1.3:accepted']);
    expect(data.attempts[0]!.alert).toBe('protocol_version');
    expect(data.attempts[2]!.cipher).toBeTruthy();
    expect(data.attempts[3]!.cipherStandardName).toMatch(/^TLS_/);
    expect(data.certificate).toMatchObject({ subjectCN: 'localhost', pem: localhostCert().certPem });
    expect(data.nameMatch).toEqual({ matches: true, checkedName: 'localhost', matchedBy: 'dns-san' });
    expect(await waitUntil(() => server.handshakes() >= 1, 1000)).toBe(true);
    await server.close();
  });
  it('legacy-only server: TLS 1.0 and 1.1 accepted at security level 0', async () => {
    const server = await rdpTlsServer({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1' });
    const { data } = await probeTls('127.0.0.1', server.port, { timeoutMs: 2000, name: '127.0.0.1' });
    const outcomes = Object.fromEntries(data.attempts.map((a) => [a.version, a.outcome]));
    expect(outcomes).toMatchObject({ 'TLSv1.2': 'rejected', 'TLSv1.3': 'rejected' });
    // The local OpenSSL may refuse legacy versions outright: then it must say so.
    expect(['accepted', 'unsupported-locally']).toContain(outcomes['TLSv1']);
    expect(data.nameMatch?.matchedBy).toBe('ip-san');
    await server.close();
  });
  it('a slow server: one handshake offering every version, the negotiated one recorded with the plan', async () => {
    const server = await rdpTlsServer();
    const reason = 'slow server';
    const { data } = await probeTls('127.0.0.1', server.port, { timeoutMs: 2000, name: 'localhost', oneHandshake: { answerMs: 2500, reason } });
    expect(tlsDataSchema.safeParse(data).success).toBe(true);
    expect(data.attempts.map((a) => `${a.version}:${a.outcome}`)).toEqual(['TLSv1.3:accepted']);
    expect(data.attempts[0]!.detail).toMatch(/Offered TLS 1.0 to 1.3 in one handshake: the server chose TLSv1.3/);
    expect(data.versionsPlan).toEqual({ oneHandshake: true, answerMs: 2500, reason });
    expect(data.certificate?.subjectCN).toBe('localhost');
    await server.close();
  });
  it('a slow legacy-only server: the best is TLS 1.0/1.1, so TLS 1.2 is tried on its own to show the refusal', async () => {
    const server = await rdpTlsServer({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1' });
    const { data } = await probeTls('127.0.0.1', server.port, { timeoutMs: 2000, name: '127.0.0.1', oneHandshake: { answerMs: 1500, reason: 'slow' } });
    const first = data.attempts[0]!;
    if (first.outcome === 'accepted') {
      expect(data.attempts.map((a) => `${a.version}:${a.outcome}`)).toEqual([`${first.version}:accepted`, 'TLSv1.2:rejected']);
      expect(['TLSv1', 'TLSv1.1']).toContain(first.version);
    } else {
      // The local OpenSSL refuses TLS 1.0/1.1 outright: nothing in common, one failed handshake.
      expect(data.attempts).toHaveLength(1);
    }
    await server.close();
  });
  it('reset after the ClientHello, FIN after the ClientHello, silence, an RDP disconnect instead of TLS', async () => {
    const behave = (what: 'reset' | 'fin' | 'silent' | 'mcs') => (socket: Socket) =>
      onRequest(socket, () => {
        socket.write(confirmBytes(1));
        socket.once('data', () => {
          if (what === 'reset') socket.resetAndDestroy();
          else if (what === 'fin') socket.end();
          else if (what === 'mcs') socket.end(Buffer.from('0300000902f0802180', 'hex'));
        });
      });
    const outcomes: Record<string, string> = {};
    for (const what of ['reset', 'fin', 'silent', 'mcs'] as const) {
      const server = await tcpServer(behave(what));
      const elapsed = started();
      const { data } = await probeTls('127.0.0.1', server.port, { timeoutMs: 500, name: 'localhost', versions: ['TLSv1.2'] });
      outcomes[what] = data.attempts[0]!.outcome;
      expect(elapsed()).toBeLessThan(2000);
      await server.close();
    }
    expect(outcomes).toEqual({ reset: 'reset', fin: 'closed', silent: 'timeout', mcs: 'not-tls' });
  });
  it('a negotiation failure before TLS: one connection, every version x224-failed', async () => {
    const server = await tcpServer((socket) => onRequest(socket, () => socket.end(failureBytes(3))));
    const { data } = await probeTls('127.0.0.1', server.port, { timeoutMs: 1000, name: 'localhost' });
    expect(data.attempts.every((a) => a.outcome === 'x224-failed')).toBe(true);
    expect(data.x224).toMatchObject({ kind: 'failure', failureName: 'SSL_CERT_NOT_ON_SERVER' });
    expect(server.connections()).toBe(1);
    expect(data.certificate).toBeUndefined();
    await server.close();
  });
  it('INCONSISTENT_FLAGS to TLS|CredSSP|CredSSP-EX: retried with TLS alone', async () => {
    const s2 = await tcpServer((socket) =>
      onRequest(socket, (requested) => {
        if (requested !== 1) return void socket.end(failureBytes(4));
        socket.write(confirmBytes(1));
        const secure = new TLSSocket(socket, { isServer: true, key: localhostCert().keyPem, cert: localhostCert().certPem });
        secure.on('error', () => socket.destroy());
      }),
    );
    const { data } = await probeTls('127.0.0.1', s2.port, { timeoutMs: 1000, name: 'localhost', versions: ['TLSv1.2'] });
    expect(data.x224).toMatchObject({ requestedProtocols: 1, kind: 'confirm' });
    expect(data.attempts[0]!.outcome).toBe('accepted');
    await s2.close();
  });
  it('cancellation stops the handshakes promptly', async () => {
    const server = await tcpServer((socket) => onRequest(socket, () => socket.write(confirmBytes(1))));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const elapsed = started();
    const { data } = await probeTls('127.0.0.1', server.port, { timeoutMs: 10_000, name: 'localhost', signal: controller.signal });
    expect(elapsed()).toBeLessThan(1500);
    expect(data.attempts.some((a) => a.errorCode === 'ABORT_ERR' || a.outcome === 'x224-failed')).toBe(true);
    await server.close();
  });
});

// ---------------------------------------------------------------- CredSSP

describe('probeCredssp', () => {
  const challenge = encodeNtlmChallenge({
    targetName: 'CORP',
    avPairs: [
      { id: 2, value: utf16le('CORP') },
      { id: 1, value: utf16le('PC042') },
      { id: 3, value: utf16le('pc042.corp.example') },
      { id: 7, value: isoToFiletime(new Date(Date.now() + 3_600_000).toISOString()) },
    ],
  });
  let received: Buffer | null = null;
  const nlaServer = (answer: (tls: TLSSocket, raw: Socket) => void, select = 2) =>
    rdpTlsServer({
      select: () => select,
      onSecure: (tls, raw) => {
        let buffer = Buffer.alloc(0);
        tls.on('data', (chunk: Buffer) => {
          buffer = Buffer.concat([buffer, chunk]);
          if (buffer.length >= 2 && buffer.length >= 2 + buffer[1]!) {
            received = buffer;
            answer(tls, raw);
          }
        });
      },
    });

  it('reads the NTLM CHALLENGE: names, version, server time, clock skew; our request is a valid NEGOTIATE', async () => {
    const server = await nlaServer((tls) => tls.write(encodeTsRequest({ version: 6, negoTokens: [challenge] })));
    const { data } = await probeCredssp('127.0.0.1', server.port, { timeoutMs: 2000, name: 'localhost' });
    expect(credsspDataSchema.safeParse(data).success).toBe(true);
    expect(data).toMatchObject({ outcome: 'challenge', tsRequestVersion: 6, ntlm: { targetName: 'CORP', netbiosComputer: 'PC042', dnsComputer: 'pc042.corp.example' } });
    expect(data.clockSkewSeconds).toBeGreaterThan(3590);
    const request = decodeTsRequest(received!);
    expect(request.ok && request.request.version).toBe(6);
    const token = request.ok ? request.request.negoTokens[0]! : Buffer.alloc(0);
    expect(token.subarray(0, 12)).toEqual(Buffer.from('4e544c4d5353500001000000', 'hex'));
    expect(decodeNtlmChallenge(token).ok).toBe(false); // it is a NEGOTIATE, not a CHALLENGE
    await server.close();
  });
  it('HYBRID not selected: not-offered (no TLS attempted)', async () => {
    const server = await nlaServer(() => undefined, 1);
    const { data } = await probeCredssp('127.0.0.1', server.port, { timeoutMs: 1000 });
    expect(data.outcome).toBe('not-offered');
    await server.close();
  });
  it('closed, reset, garbage, silence', async () => {
    const cases: Array<[string, (tls: TLSSocket, raw: Socket) => void]> = [
      ['no-challenge', (tls) => tls.end()],
      ['reset', (_tls, raw) => raw.resetAndDestroy()],
      ['malformed', (tls) => tls.write(Buffer.from('3003020106', 'hex'))],
      ['timeout', () => undefined],
    ];
    for (const [expected, answer] of cases) {
      const server = await nlaServer(answer);
      const { data } = await probeCredssp('127.0.0.1', server.port, { timeoutMs: 500 });
      expect(data.outcome).toBe(expected);
      await server.close();
    }
  });
  it('cancellation during CredSSP (server silent after TLS) ends promptly', async () => {
    const server = await nlaServer(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const elapsed = started();
    const { data } = await probeCredssp('127.0.0.1', server.port, { timeoutMs: 10_000, signal: controller.signal });
    expect(elapsed()).toBeLessThan(1500);
    expect(data.outcome).toBe('error');
    await server.close();
  });
  it('TLS failing under CredSSP: tls-failed', async () => {
    const server = await tcpServer((socket) => onRequest(socket, () => {
      socket.write(confirmBytes(2));
      socket.once('data', () => socket.resetAndDestroy());
    }));
    const { data } = await probeCredssp('127.0.0.1', server.port, { timeoutMs: 1000 });
    expect(data).toMatchObject({ outcome: 'tls-failed', detail: expect.stringMatching(/reset/) });
    await server.close();
  });
});

// ---------------------------------------------------------------- UDP

describe('probeUdp', () => {
  it('a SYN+ACK acknowledging our sequence number', async () => {
    let seen: Buffer | null = null;
    const server = await udpServer((message) => {
      seen = message;
      const reply = Buffer.alloc(20);
      reply.writeUInt32BE(message.readUInt32BE(8), 0);
      reply.writeUInt16BE(64, 4);
      reply.writeUInt16BE(0x1005, 6);
      reply.writeUInt32BE(99, 8);
      reply.writeUInt16BE(1232, 12);
      reply.writeUInt16BE(1232, 14);
      reply.writeUInt16BE(1, 16);
      reply.writeUInt16BE(2, 18);
      return reply;
    });
    const data = await probeUdp('127.0.0.1', server.port, { timeoutMs: 1000 });
    expect(udpDataSchema.safeParse(data).success).toBe(true);
    expect(data).toMatchObject({ outcome: 'answered', datagramsSent: 1, reply: { flagNames: ['SYN', 'ACK', 'SYNEX'], ackOfSequence: true, receiveWindow: 64, bytes: 20 } });
    expect(seen!.length).toBe(1232);
    expect(seen!.readUInt32BE(0)).toBe(0xffffffff);
    await server.close();
  });
  it('silence: no-answer after at most 3 spaced datagrams, within the timeout', async () => {
    const server = await udpServer(() => null);
    const elapsed = started();
    const data = await probeUdp('127.0.0.1', server.port, { timeoutMs: 600 });
    expect(data).toMatchObject({ outcome: 'no-answer', datagramsSent: 3, detail: 'UDP disabled or filtered — cannot tell which' });
    expect(server.received()).toBe(3);
    expect(elapsed()).toBeLessThan(1500);
    await server.close();
  });
  it('ICMP port unreachable (ECONNREFUSED on a connected socket): icmp-unreachable', async () => {
    const data = await probeUdp('127.0.0.1', await closedPort(), { timeoutMs: 1000 });
    expect(data.outcome).toBe('icmp-unreachable');
  });
  it('cancellation', async () => {
    const server = await udpServer(() => null);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const elapsed = started();
    const data = await probeUdp('127.0.0.1', server.port, { timeoutMs: 10_000, signal: controller.signal });
    expect(data.outcome).toBe('error');
    expect(elapsed()).toBeLessThan(1000);
    await server.close();
  });
});

// ---------------------------------------------------------------- handshake, stability

describe('full handshakes', () => {
  it('TCP + X.224 + TLS with per-stage timings', async () => {
    const server = await rdpTlsServer();
    const { attempt, certificateNames } = await fullHandshake('127.0.0.1', server.port, { timeoutMs: 2000, servername: 'localhost' });
    expect(handshakeAttemptSchema.safeParse(attempt).success).toBe(true);
    expect(attempt).toMatchObject({ ok: true, stage: 'done', outcome: 'TLSv1.3' });
    expect(attempt.tcpMs).toBeGreaterThanOrEqual(0);
    expect(attempt.x224Ms).toBeGreaterThanOrEqual(0);
    expect(attempt.tlsMs).toBeGreaterThan(0);
    expect(certificateNames).toEqual(['localhost', 'localhost']);
    await server.close();
  });
  it('failing stage named: tcp refused, x224 failure, tls reset; standard RDP security ends at X.224', async () => {
    expect((await fullHandshake('127.0.0.1', await closedPort(), { timeoutMs: 500 })).attempt).toMatchObject({ ok: false, stage: 'tcp', outcome: 'refused' });
    const neg = await tcpServer((socket) => onRequest(socket, () => socket.end(failureBytes(5))));
    expect((await fullHandshake('127.0.0.1', neg.port, { timeoutMs: 500 })).attempt).toMatchObject({ ok: false, stage: 'x224', outcome: 'HYBRID_REQUIRED_BY_SERVER' });
    const rst = await tcpServer((socket) => onRequest(socket, () => { socket.write(confirmBytes(1)); socket.once('data', () => socket.resetAndDestroy()); }));
    expect((await fullHandshake('127.0.0.1', rst.port, { timeoutMs: 500 })).attempt).toMatchObject({ ok: false, stage: 'tls', outcome: 'reset' });
    const rdp = await tcpServer((socket) => onRequest(socket, () => { socket.write(confirmBytes(0)); answerMcs(socket); }));
    expect((await fullHandshake('127.0.0.1', rdp.port, { timeoutMs: 500 })).attempt).toMatchObject({ ok: true, stage: 'done', outcome: 'standard-rdp-security', postTls: { kind: 'mcs', outcome: 'answered' } });
    await Promise.all([neg.close(), rst.close(), rdp.close()]);
  });
  it('one stage past TLS: a reset, a close, a refusal and silence after TLS end at post-tls, bytes and time recorded, within the timeout', async () => {
    const cases: Array<[string, (t: TLSSocket, raw: Socket) => void, string]> = [
      ['reset', (_t, raw) => raw.resetAndDestroy(), 'reset'],
      ['close', (t) => t.once('data', () => t.end()), 'closed'],
      ['refuse', (t) => t.once('data', () => t.write(Buffer.from('0300000902f0802180', 'hex'))), 'disconnect'],
      ['silence', () => undefined, 'timeout'],
      ['garbage', (t) => t.once('data', () => t.write(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'))), 'malformed'],
    ];
    for (const [name, onSecure, outcome] of cases) {
      const server = await rdpTlsServer({ onSecure });
      const elapsed = started();
      const { attempt } = await fullHandshake('127.0.0.1', server.port, { timeoutMs: 400 });
      expect(handshakeAttemptSchema.safeParse(attempt).success, name).toBe(true);
      expect(attempt, name).toMatchObject({ ok: false, stage: 'post-tls', outcome, postTls: { kind: 'mcs', outcome, bytesSent: 373 } });
      expect(attempt.tlsMs, name).toBeGreaterThan(0);
      expect(attempt.bytesSent, name).toBeGreaterThan(373);
      expect(attempt.bytesReceived, name).toBeGreaterThan(0);
      expect(elapsed(), name).toBeLessThan(3 * 400 + 1500);
      await server.close();
    }
  });
  it('one stage past TLS with CredSSP selected: the NTLM NEGOTIATE, and a reset there is a post-tls reset', async () => {
    const server = await rdpTlsServer({ select: () => 2, onSecure: (t, raw) => t.once('data', () => raw.resetAndDestroy()) });
    const { attempt } = await fullHandshake('127.0.0.1', server.port, { timeoutMs: 500 });
    expect(attempt).toMatchObject({ ok: false, stage: 'post-tls', outcome: 'reset', postTls: { kind: 'credssp', outcome: 'reset', bytesReceived: 0 } });
    await server.close();
  });
  it('stability: every 2nd connection reset is seen as intermittent; median and max of the good ones', async () => {
    const good = await rdpTlsServer();
    const server = await tcpServer((socket, index) => {
      if (index % 2 === 1) return void onRequest(socket, () => socket.resetAndDestroy());
      // The other connections are relayed to a well-behaved TLS listener.
      const upstream = connect(good.port, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      upstream.on('error', () => socket.destroy());
      socket.on('close', () => upstream.destroy());
    });
    const data = await probeStability('127.0.0.1', server.port, { attempts: 4, slowThresholdMs: 2000, timeoutMs: 1000, spacingMs: 20 });
    expect(stabilityDataSchema.safeParse(data).success).toBe(true);
    // On a loaded machine the time budget may stop the run early: then it says so, and what ran keeps the pattern.
    expect(data.attempts.length).toBeGreaterThanOrEqual(2);
    expect(data.attempts.map((a) => a.ok)).toEqual([true, false, true, false].slice(0, data.attempts.length));
    if (data.attempts.length < 4) expect(data.plan?.stopped).toMatch(/^Stopped after \d of 4 attempts/);
    expect(data.attempts[1]).toMatchObject({ stage: 'x224', outcome: 'reset' });
    expect(data.medianMs).not.toBeNull();
    expect(data.maxMs).toBeGreaterThanOrEqual(data.medianMs!);
    await server.close();
    await good.close();
  });
  it('stability makes one attempt, not five, when the first one stalls at TLS until the timeout', async () => {
    const stall = await startFault('stall-after-x224');
    const data = await probeStability('127.0.0.1', stall.port, { attempts: 5, slowThresholdMs: 2000, timeoutMs: 1500, answerMs: 3 });
    expect(stabilityDataSchema.safeParse(data).success).toBe(true);
    expect(data.attempts).toHaveLength(1);
    expect(data.attempts[0]).toMatchObject({ ok: false, stage: 'tls', outcome: 'timeout' });
    expect(data.plan).toMatchObject({ requested: 5, planned: 5, budgetMs: 2000, stopped: expect.stringMatching(/^Stopped after 1 of 5 attempts/) });
    expect(stall.stats().connections).toBe(1);
    await stall.stop();
  });
  it('stability plans fewer attempts from what the first answer cost (a server that takes 600 ms to answer: three)', async () => {
    const slow = await startFault('slow-confirm', { delayMs: 600 });
    const data = await probeStability('127.0.0.1', slow.port, { attempts: 5, slowThresholdMs: 2000, timeoutMs: 3000, answerMs: 605 });
    expect(data.plan).toMatchObject({ requested: 5, planned: 3, answerMs: 605 });
    // Three planned; on a loaded machine the time budget may stop it after two, and then it says so.
    if (data.attempts.length === 3) expect(data.plan?.stopped).toMatch(/^3 of 5 attempts: the server took 605 ms/);
    else expect(data.plan?.stopped).toMatch(/^Stopped after 2 of 5 attempts/);
    expect(data.attempts.length).toBeGreaterThanOrEqual(2);
    expect(data.attempts.every((a) => a.ok)).toBe(true);
    expect(slow.stats().connections).toBe(data.attempts.length);
    await slow.stop();
    await stopAll();
  });
  it('stability stops between attempts when cancelled', async () => {
    const server = await rdpTlsServer();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const data = await probeStability('127.0.0.1', server.port, { attempts: 50, slowThresholdMs: 2000, timeoutMs: 1000, spacingMs: 100, signal: controller.signal });
    expect(data.attempts.length).toBeLessThan(50);
    await server.close();
  });
});
