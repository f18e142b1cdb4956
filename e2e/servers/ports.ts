import net from 'node:net';
import { sleep } from './process';

export const LOOPBACK = '127.0.0.1';

/** A TCP port that was free a moment ago (bind to port 0, read it, close). */
export function freePort(host: string = LOOPBACK): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not read a free port'))));
    });
  });
}

export type ConnectOutcome = 'connected' | 'refused' | 'timeout' | 'error';

/** One TCP connect attempt with a bounded timeout; the socket is closed right away. */
export function tryConnect(host: string, port: number, timeoutMs = 500): Promise<ConnectOutcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let settled = false;
    const done = (outcome: ConnectOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    socket.once('connect', () => done('connected'));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code === 'ECONNREFUSED' ? 'refused' : 'error'));
  });
}

/** A loopback port with nothing listening: connecting to it is refused at once. */
export async function closedPort(host: string = LOOPBACK): Promise<number> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const port = await freePort(host);
    if ((await tryConnect(host, port, 1000)) === 'refused') return port;
  }
  throw new Error('closedPort: could not find a port that refuses connections after 10 attempts');
}

export interface WaitForTcpOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Stop waiting early (and fail) when this returns false, e.g. the server process died. */
  stillAlive?: () => boolean;
  /** Extra readiness condition polled along with the connect (e.g. a log line). */
  ready?: () => Promise<boolean>;
}

/** Polls until a TCP connect succeeds (bounded). Returns false on timeout or when stillAlive() turns false. */
export async function waitForTcp(host: string, port: number, options: WaitForTcpOptions = {}): Promise<boolean> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const interval = options.intervalMs ?? 50;
  while (Date.now() < deadline) {
    if (options.stillAlive && !options.stillAlive()) return false;
    const extra = options.ready ? await options.ready() : true;
    if (extra && (await tryConnect(host, port, 500)) === 'connected') {
      return options.stillAlive ? options.stillAlive() : true;
    }
    await sleep(interval);
  }
  return false;
}
