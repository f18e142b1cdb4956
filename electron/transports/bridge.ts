/**
 * The loopback bridge: serves the built renderer and the service contract over HTTP on 127.0.0.1,
 * for `rdp-doctor serve` and the end-to-end tests. Defences:
 * - bound to 127.0.0.1 only;
 * - a random per-run token (Authorization: Bearer) on every API request, compared in constant time;
 * - the Host header must name this very listener (DNS rebinding: a foreign name pointing at
 *   127.0.0.1 is refused), and an Origin, when sent, must be this listener's origin;
 * - every request body is validated with the contract's schema (shared/dispatch) before the service;
 * - a diagnosis whose caller disconnects before the answer is cancelled (its run slot freed at once);
 * - headers must arrive within 10 s and a whole request within 30 s (a client cannot hold sockets
 *   open by sending slowly), bodies are at most MAX_BODY_BYTES, event streams at most MAX_EVENT_STREAMS;
 * - the same CSP as the Electron app on every page, plus nosniff, no referrer, no framing.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ServiceErrorShape } from '../../shared/contract';
import { dispatch, type ServiceImplementation } from '../../shared/dispatch';
import { CALL_PATH, EVENTS_PATH, MAX_BODY_BYTES, MAX_EVENT_STREAMS, TOKEN_HASH_KEY } from '../../shared/transport/bridgeProtocol';
import { CONTENT_SECURITY_POLICY } from '../window/csp';

export interface BridgeOptions {
  service: ServiceImplementation;
  /** Folder with the built renderer (index.html and assets). */
  staticDir: string;
  port?: number;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
  /** Shorter limits for tests; the defaults otherwise. */
  timeouts?: Partial<BridgeTimeouts>;
}

export interface BridgeTimeouts {
  /** Time for a client to send its request headers. */
  headersMs: number;
  /** Time for a client to send its whole request (headers and body); replies may take longer. */
  requestMs: number;
  /** How often the server looks for requests past these limits. */
  checkEveryMs: number;
}

export const BRIDGE_TIMEOUTS: BridgeTimeouts = { headersMs: 10_000, requestMs: 30_000, checkEveryMs: 1_000 };

export interface Bridge {
  url: string;
  /** The URL to open: carries the token in the fragment. */
  openUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const STATUS_FOR: Record<ServiceErrorShape['code'], number> = {
  'invalid-input': 400,
  forbidden: 403,
  'not-found': 404,
  busy: 409,
  'consent-required': 428,
  'needs-elevation': 403,
  'not-supported': 501,
  cancelled: 499,
  timeout: 504,
  internal: 500,
};

function securityHeaders(res: http.ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  securityHeaders(res);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function refuse(res: http.ServerResponse, status: number, code: ServiceErrorShape['code'], message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(req: http.IncomingMessage): Promise<string | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const staticRoot = path.resolve(options.staticDir);
  let port = 0;
  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = (): string[] => allowedHosts().map((h) => `http://${h}`);
  const streams = new Set<http.ServerResponse>();

  const authorised = (req: http.IncomingMessage): boolean => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header);
    return match !== null && sameToken(match[1]!, token);
  };

  const serveStatic = async (req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'not-supported', 'Only GET is allowed here.');
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return refuse(res, 400, 'invalid-input', 'Malformed path.');
    }
    const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const file = path.resolve(staticRoot, relative);
    if (file !== staticRoot && !file.startsWith(staticRoot + path.sep)) return refuse(res, 404, 'not-found', 'Not found.');
    try {
      const body = await fs.readFile(file);
      securityHeaders(res);
      res.writeHead(200, { 'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      refuse(res, 404, 'not-found', 'Not found.');
    }
  };

  const timeouts = { ...BRIDGE_TIMEOUTS, ...options.timeouts };
  const server = http.createServer({ connectionsCheckingInterval: timeouts.checkEveryMs }, (req, res) => {
    void (async () => {
      // DNS rebinding: only requests addressed to this listener by its loopback name.
      const host = (req.headers.host ?? '').toLowerCase();
      if (!allowedHosts().includes(host)) return refuse(res, 421, 'forbidden', 'This server only answers requests addressed to 127.0.0.1.');
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedOrigins().includes(origin)) return refuse(res, 403, 'forbidden', 'Requests from other web pages are not allowed.');
      if (req.headers['sec-fetch-site'] === 'cross-site') return refuse(res, 403, 'forbidden', 'Requests from other web pages are not allowed.');

      const url = new URL(req.url ?? '/', `http://${host}`);
      if (url.pathname.startsWith('/api/')) {
        if (!authorised(req)) return refuse(res, 401, 'forbidden', 'Missing or wrong access token: open the link printed by `rdp-doctor serve`.');
        if (url.pathname === EVENTS_PATH && req.method === 'GET') return openEventStream(res);
        if (url.pathname.startsWith(CALL_PATH) && req.method === 'POST') {
          const type = req.headers['content-type'] ?? '';
          if (!/^application\/json(;|$)/i.test(type)) return refuse(res, 415, 'invalid-input', 'Requests must be JSON (Content-Type: application/json).');
          const text = await readBody(req);
          if (text === null) {
            res.setHeader('Connection', 'close');
            return refuse(res, 413, 'invalid-input', `The request is too large (the limit is ${MAX_BODY_BYTES / 1024} KB).`);
          }
          let body: unknown;
          try {
            body = text.trim() === '' ? {} : JSON.parse(text);
          } catch {
            return refuse(res, 400, 'invalid-input', 'The request is not valid JSON.');
          }
          let method: string;
          try {
            method = decodeURIComponent(url.pathname.slice(CALL_PATH.length));
          } catch {
            return refuse(res, 400, 'invalid-input', 'The operation name is not valid percent-encoding.');
          }
          // A client that goes away before its diagnosis is answered (tab closed, page reloaded) no
          // longer wants it: cancel the run at once, so it does not hold a run slot until it ends.
          let answered = false;
          const runId = method === 'diagnose' && body && typeof body === 'object' ? (body as { runId?: unknown }).runId : undefined;
          if (typeof runId === 'string') {
            res.once('close', () => {
              if (!answered) void dispatch(options.service, 'cancel', { runId }, { transport: 'bridge' });
            });
          }
          const reply = await dispatch(options.service, method, body, { transport: 'bridge' });
          answered = true;
          if (res.destroyed) return;
          return sendJson(res, reply.ok ? 200 : STATUS_FOR[reply.error.code], reply);
        }
        return refuse(res, 404, 'not-found', 'No such operation.');
      }
      return serveStatic(req, res, url.pathname);
    })().catch((error: unknown) => {
      if (!res.headersSent) refuse(res, 500, 'internal', `Internal error: ${(error as Error).message}`);
      else res.destroy();
    });
  });

  const openEventStream = (res: http.ServerResponse): void => {
    if (streams.size >= MAX_EVENT_STREAMS) {
      return refuse(res, 429, 'busy', `Too many open event streams (${MAX_EVENT_STREAMS}): close other RDP Doctor tabs and reload.`);
    }
    securityHeaders(res);
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = options.service.subscribe((event) => {
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
  };

  // Both limit only how long the client takes to send; an event stream or a long call, once received, stays open.
  server.headersTimeout = timeouts.headersMs;
  server.requestTimeout = timeouts.requestMs;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    openUrl: `${url}#${TOKEN_HASH_KEY}=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
