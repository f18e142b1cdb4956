import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFault, stopAll } from '../../e2e/servers';
import type { RunEvent } from '../../shared/contract';
import type { ServiceImplementation } from '../../shared/dispatch';
import { createAppService } from '../service/appService';
import { MAX_BODY_BYTES, MAX_EVENT_STREAMS } from '../../shared/transport/bridgeProtocol';
import { startBridge, type Bridge } from './bridge';

/** Raw HTTP so the test controls Host and Origin exactly (fetch would not let it). */
function request(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

describe('loopback bridge', () => {
  const calls: unknown[] = [];
  let emit: (e: RunEvent) => void = () => undefined;
  const service = {
    subscribe: (l: (e: RunEvent) => void) => {
      emit = l;
      return () => (emit = () => undefined);
    },
    cancel: async (input: unknown) => {
      calls.push(input);
      return { cancelled: false };
    },
  } as unknown as ServiceImplementation;
  let bridge: Bridge;
  let host: string;
  const token = 'test-token-0123456789abcdef';

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rdp-bridge-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>RDP Doctor</title>');
    bridge = await startBridge({ service, staticDir: dir, token });
    host = `127.0.0.1:${bridge.port}`;
  });
  afterAll(() => bridge.close());

  const call = (body: string, headers: Record<string, string> = {}) =>
    request(bridge.port, {
      method: 'POST',
      path: '/api/call/cancel',
      headers: { host, 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body,
    });

  it('listens on loopback only and prints a link with the token in the fragment', () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/`);
    expect(bridge.openUrl).toBe(`http://127.0.0.1:${bridge.port}/#token=${token}`);
  });

  it('serves the renderer with the CSP and security headers, without a token', async () => {
    const res = await request(bridge.port, { path: '/', headers: { host } });
    expect(res.status).toBe(200);
    expect(res.body).toContain('RDP Doctor');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect((await request(bridge.port, { path: '/../../etc/passwd', headers: { host } })).status).toBe(404);
    expect((await request(bridge.port, { path: '/%2e%2e/%2e%2e/etc/passwd', headers: { host } })).status).toBe(404);
  });

  it('answers a valid call', async () => {
    const res = await call(JSON.stringify({ runId: 'run-12345' }));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { cancelled: false } });
  });

  it('rejects a missing or wrong token, and changes nothing', async () => {
    const before = calls.length;
    expect((await call('{"runId":"run-12345"}', { authorization: '' })).status).toBe(401);
    expect((await call('{"runId":"run-12345"}', { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await call('{"runId":"run-12345"}', { authorization: `Bearer ${token}x` })).status).toBe(401);
    expect((await call('{"runId":"run-12345"}', { authorization: token })).status).toBe(401);
    expect(calls.length).toBe(before);
  });

  it('rejects a foreign Origin and a foreign Host (DNS rebinding)', async () => {
    const before = calls.length;
    const foreignOrigin = await call('{"runId":"run-12345"}', { origin: 'http://evil.example' });
    expect(foreignOrigin.status).toBe(403);
    expect(JSON.parse(foreignOrigin.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await call('{"runId":"run-12345"}', { origin: `http://127.0.0.1:${bridge.port + 1}` })).status).toBe(403);
    expect((await call('{"runId":"run-12345"}', { origin: 'null' })).status).toBe(403);
    expect((await call('{"runId":"run-12345"}', { host: `evil.example:${bridge.port}` })).status).toBe(421);
    expect((await request(bridge.port, { path: '/', headers: { host: 'rebind.example' } })).status).toBe(421);
    expect((await call('{"runId":"run-12345"}', { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(calls.length).toBe(before);
    // Our own origin is fine.
    expect((await call('{"runId":"run-12345"}', { origin: `http://127.0.0.1:${bridge.port}` })).status).toBe(200);
  });

  it('rejects payloads that fail the schema or are not JSON, before the service', async () => {
    const before = calls.length;
    const schema = await call(JSON.stringify({ runId: 'x' }));
    expect(schema.status).toBe(400);
    expect(JSON.parse(schema.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect((await call(JSON.stringify({ runId: 'run-12345', extra: true }))).status).toBe(400);
    expect((await call('{not json')).status).toBe(400);
    expect((await call('{"runId":"run-12345"}', { 'content-type': 'text/plain' })).status).toBe(415);
    const unknown = await request(bridge.port, { method: 'POST', path: '/api/call/eval', headers: { host, 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{}' });
    expect(unknown.status).toBe(404);
    expect(calls.length).toBe(before);
  });

  it('streams run events to an authorised client', async () => {
    const events: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: bridge.port, path: '/api/events', headers: { host, authorization: `Bearer ${token}` } }, (res) => {
        expect(res.headers['content-type']).toContain('text/event-stream');
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          events.push(chunk);
          if (chunk.includes(': connected')) emit({ type: 'run-finished', runId: 'r1', diagnosisId: 'd1', cancelled: false });
          if (chunk.includes('run-finished')) {
            req.destroy();
            resolve();
          }
        });
      });
      req.on('error', (e) => (events.join('').includes('run-finished') ? resolve() : reject(e)));
      setTimeout(() => reject(new Error('no event within 5 s')), 5000).unref();
    });
    expect(events.join('')).toContain('data: {"type":"run-finished","runId":"r1","diagnosisId":"d1","cancelled":false}');
    const denied = await request(bridge.port, { path: '/api/events', headers: { host } });
    expect(denied.status).toBe(401);
  });
});

describe('loopback bridge with the real service', () => {
  afterAll(() => stopAll());

  it('cancels a diagnosis whose client disconnects and frees its run slot at once', async () => {
    // A server that accepts and never answers: with a 60 s timeout, the run would hold its slot for minutes.
    const silent = await startFault('accept-then-silence', { maxConnectionMs: 120_000 });
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rdp-bridge-real-'));
    writeFileSync(path.join(dataDir, 'index.html'), '<!doctype html><title>RDP Doctor</title>');
    const service = createAppService({ appVersion: '0.0.0-test', dataDir, maxConcurrentRuns: 1 });
    const token = 'test-token-real-0123456789';
    const bridge = await startBridge({ service, staticDir: dataDir, token });
    const host = `127.0.0.1:${bridge.port}`;
    const headers = { host, 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const body = (runId: string) => JSON.stringify({ runId, target: `127.0.0.1:${silent.port}`, steps: ['reachability'], save: false, options: { timeoutMs: 60_000, udp: false, windows: false } });
    try {
      const events: RunEvent[] = [];
      const off = service.subscribe((e) => events.push(e));
      const req = http.request({ host: '127.0.0.1', port: bridge.port, method: 'POST', path: '/api/call/diagnose', headers });
      req.on('error', () => undefined);
      req.end(body('run-dropped-1'));
      // Bounded wait: until the server holds our X.224 request (the run is under way).
      for (let i = 0; i < 200 && silent.stats().open === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(service.activeRuns()).toBe(1);
      req.destroy();
      // Bounded wait for the cancel to land: 200 x 25 ms, far below the 60 s the run would otherwise take.
      for (let i = 0; i < 200 && service.activeRuns() > 0; i++) await new Promise((r) => setTimeout(r, 25));
      off();
      expect(service.activeRuns()).toBe(0);
      expect(events.find((e) => e.type === 'run-finished')).toMatchObject({ runId: 'run-dropped-1', cancelled: true });
      // The one slot is free: a new run is accepted, not "busy" (a closed port answers quickly).
      const next = await request(bridge.port, { method: 'POST', path: '/api/call/diagnose', headers, body: body('run-after-drop').replace(String(silent.port), '1').replace('60000', '1000') });
      expect(JSON.parse(next.body)).toMatchObject({ ok: true });
    } finally {
      await bridge.close();
    }
  });
});

/** Resolves when the server closes a raw socket that sent `text`; what it answered, if anything. Bounded. */
function sendAndAwaitClose(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => undefined);
    setTimeout(() => {
      socket.destroy();
      reject(new Error('the server held the connection open for 20 s'));
    }, 20_000).unref();
  });
}

/** Opens an event stream; resolves with its status once the head (or a refusal) arrives. */
function openStream(port: number, host: string, token: string): Promise<{ status: number; req: http.ClientRequest; res: http.IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/events', agent: false, headers: { host, authorization: `Bearer ${token}` } }, (res) => resolve({ status: res.statusCode ?? 0, req, res }));
    req.on('error', reject);
  });
}

describe('loopback bridge limits', () => {
  let emit: (e: RunEvent) => void = () => undefined;
  let listeners = 0;
  const service = {
    subscribe: (l: (e: RunEvent) => void) => {
      listeners += 1;
      emit = l;
      return () => {
        listeners -= 1;
      };
    },
    cancel: async () => ({ cancelled: false }),
  } as unknown as ServiceImplementation;
  let bridge: Bridge;
  let host: string;
  const token = 'test-token-limits-0123456789';

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rdp-bridge-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>RDP Doctor</title>');
    bridge = await startBridge({ service, staticDir: dir, token, timeouts: { headersMs: 300, requestMs: 600, checkEveryMs: 100 } });
    host = `127.0.0.1:${bridge.port}`;
  });
  afterAll(() => bridge.close());

  const post = (pathName: string, body: string, headers: Record<string, string> = {}) =>
    request(bridge.port, { method: 'POST', path: pathName, headers: { host, 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers }, body });

  it('closes a connection whose headers or body never finish, while an open event stream stays open', async () => {
    const stream = await openStream(bridge.port, host, token);
    expect(stream.status).toBe(200);
    const slowHeaders = await sendAndAwaitClose(bridge.port, `GET / HTTP/1.1\r\nHost: ${host}\r\nX-Slow: `);
    expect(slowHeaders).toMatch(/^HTTP\/1\.1 408|^$/);
    const slowBody = await sendAndAwaitClose(bridge.port, `POST /api/call/cancel HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"run`);
    expect(slowBody).toMatch(/^HTTP\/1\.1 408|^$/);
    const unauthenticated = await sendAndAwaitClose(bridge.port, `POST /api/call/cancel HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 100\r\n\r\n`);
    expect(unauthenticated).toMatch(/^HTTP\/1\.1 401/);
    // The stream opened before both was not cut by the request timeout: it still carries events.
    const received = new Promise<string>((resolve) => {
      stream.res.setEncoding('utf8');
      stream.res.on('data', (chunk: string) => {
        if (chunk.includes('run-finished')) resolve(chunk);
      });
    });
    emit({ type: 'run-finished', runId: 'r1', diagnosisId: 'd1', cancelled: false });
    expect(await received).toContain('"runId":"r1"');
    stream.req.destroy();
  }, 60_000);

  it('refuses a body over the limit with 413, before reading it', async () => {
    const big = JSON.stringify({ runId: 'run-12345', pad: 'x'.repeat(MAX_BODY_BYTES) });
    const res = await post('/api/call/cancel', big);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/too large/) } });
    expect(MAX_BODY_BYTES).toBeLessThanOrEqual(512 * 1024);
  });

  it('answers 400, not 500, to a malformed percent-encoding in the operation name', async () => {
    for (const bad of ['/api/call/%E0%A4%A', '/api/call/%', '/api/call/can%zzcel']) {
      const res = await post(bad, '{}');
      expect(res.status, bad).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
  });

  it('refuses a target in hex (or any non-dotted-decimal IPv4 form) with the one-line reason', async () => {
    const res = await post('/api/call/diagnose', JSON.stringify({ runId: 'run-12345', target: '0x7f000001:33891' }));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('127.0.0.1') } });
  });

  it(`caps event streams at ${MAX_EVENT_STREAMS}: the next one is refused, and one frees a place when it closes`, async () => {
    const settled = async (most: number) => {
      for (let i = 0; i < 100 && listeners > most; i += 1) await new Promise((r) => setTimeout(r, 20));
    };
    await settled(0); // streams of the tests before have closed
    const open: Awaited<ReturnType<typeof openStream>>[] = [];
    for (let i = 0; i < MAX_EVENT_STREAMS; i += 1) open.push(await openStream(bridge.port, host, token));
    expect(open.map((s) => s.status)).toEqual(Array(MAX_EVENT_STREAMS).fill(200));
    const refused = await openStream(bridge.port, host, token);
    expect(refused.status).toBe(429);
    refused.req.destroy();
    expect(listeners).toBe(MAX_EVENT_STREAMS);
    const closed = new Promise<void>((resolve) => open[0]!.res.on('close', () => resolve()));
    open[0]!.req.destroy();
    await closed;
    await settled(MAX_EVENT_STREAMS - 1);
    const again = await openStream(bridge.port, host, token);
    expect(again.status).toBe(200);
    for (const s of [...open, again]) s.req.destroy();
  });
});
