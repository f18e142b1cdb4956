/**
 * The namespace topology (netns.ts): routes work, the router really answers ICMP host-unreachable,
 * the reset-on-connect host really accepts then resets, and stop() / cleanupLeftovers() remove the
 * namespaces. Connects run inside the client namespace through `ip netns exec ... node -e`.
 * Run: npx vitest run -c e2e/servers/vitest.config.ts e2e/servers/netns.test.ts
 */
import { runFixtureChild, type FixtureChild } from './childProcess';
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupLeftovers, listNamespaces, NETNS_ADDRESSES, netnsUnavailableReason, startNetns, stopAll, type NetnsTopology } from './index';

const reason = netnsUnavailableReason();
if (reason) console.warn(`[e2e/servers] skipping network namespace tests: ${reason}`);

interface ConnectResult {
  /** 'connected', or the errno of the failed connect ('EHOSTUNREACH', 'ECONNRESET', ...), or 'timeout'. */
  outcome: string;
  /** After 'connected': what happened next without sending anything ('reset' with its errno, 'end', 'data', 'timeout'). */
  after: string | null;
  ms: number;
}

// Runs in the client namespace: one connect, then waits up to 1 s for what follows (no bytes sent).
const CONNECT_SCRIPT = `
const net = require('node:net');
const [host, port, timeout] = process.argv.slice(1);
const started = Date.now();
const out = { outcome: 'timeout', after: null, ms: 0 };
const done = () => { out.ms = Date.now() - started; process.stdout.write(JSON.stringify(out) + '\\n'); process.exit(0); };
const s = net.connect({ host, port: Number(port) });
const limit = setTimeout(() => { s.destroy(); done(); }, Number(timeout));
s.once('connect', () => {
  out.outcome = 'connected';
  out.after = 'timeout';
  s.once('data', () => { out.after = 'data'; done(); });
  s.once('end', () => { out.after = 'end'; done(); });
});
s.once('error', (e) => { if (out.outcome === 'connected') out.after = 'reset:' + e.code; else out.outcome = e.code; clearTimeout(limit); done(); });
`;

function connectFrom(topology: NetnsTopology, host: string, port: number, timeoutMs = 3000): Promise<ConnectResult> {
  const [command, ...args] = topology.clientCommand(process.execPath, ['-e', CONNECT_SCRIPT, host, String(port), String(timeoutMs)]);
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs + 5000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim()) as ConnectResult);
    });
  });
}

function routesOfRootNamespace(): string {
  return execFileSync('ip', ['route', 'show', 'table', 'all'], { timeout: 10_000 }).toString();
}

describe.skipIf(reason !== null)(`network namespace topology${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let topology: NetnsTopology;
  let rootRoutes: string;

  beforeAll(async () => {
    rootRoutes = routesOfRootNamespace();
    topology = await startNetns();
  }, 30_000);
  afterAll(() => stopAll());

  it('builds two namespaces with 198.18.0.0/15 addresses; the root namespace is untouched', async () => {
    const names = await listNamespaces();
    expect(names).toEqual(expect.arrayContaining([topology.info.client, topology.info.router]));
    for (const name of [topology.info.client, topology.info.router]) expect(name.length).toBeLessThanOrEqual(15);
    const clientAddrs = execFileSync('ip', ['-n', topology.info.client, '-4', '-o', 'addr', 'show'], { timeout: 10_000 }).toString();
    expect(clientAddrs).toContain(`${NETNS_ADDRESSES.client}/24`);
    expect(execFileSync('ip', ['-n', topology.info.client, 'route', 'show', 'default'], { timeout: 10_000 }).toString()).toContain(`via ${NETNS_ADDRESSES.router}`);
    expect(routesOfRootNamespace()).toBe(rootRoutes);
    expect(execFileSync('ip', ['-o', 'link', 'show'], { timeout: 10_000 }).toString()).not.toContain(`v${process.pid}`);
  });

  it('a destination behind the unreachable route: connect() fails with EHOSTUNREACH at once (a real ICMP host-unreachable)', async () => {
    const result = await connectFrom(topology, NETNS_ADDRESSES.unreachable, 3389);
    expect(result.outcome).toBe('EHOSTUNREACH');
    expect(result.ms).toBeLessThan(1500);
  });

  it('a destination rejected by iptables REJECT icmp-host-unreachable in the router: EHOSTUNREACH too', async () => {
    if (topology.info.rejected === null) {
      console.warn('[e2e/servers] iptables missing: no REJECT destination in the topology');
      return;
    }
    const result = await connectFrom(topology, topology.info.rejected, 3389);
    expect(result.outcome).toBe('EHOSTUNREACH');
  });

  it('the router itself answers: a port nobody listens on is refused (ECONNREFUSED, not unreachable)', async () => {
    const result = await connectFrom(topology, NETNS_ADDRESSES.host, 3390);
    expect(result.outcome).toBe('ECONNREFUSED');
  });

  it('reset-on-connect host in the router namespace: the connection is accepted, then reset before any byte', async () => {
    const host = await topology.startHost('reset-on-connect', 3389);
    expect(host).toMatchObject({ host: NETNS_ADDRESSES.host, port: 3389 });
    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const result = await connectFrom(topology, host.host, host.port);
      // Either the connect completes and the RST follows, or the RST beats the connect callback
      // (then connect() itself reports ECONNRESET; a refused SYN would be ECONNREFUSED).
      if (result.outcome === 'connected') expect(result.after).toBe('reset:ECONNRESET');
      else expect(result.outcome).toBe('ECONNRESET');
      seen.add(`${result.outcome}/${result.after ?? ''}`);
    }
    console.info(`[e2e/servers] reset-on-connect seen from the client namespace: ${[...seen].join(', ')}`);
    await host.stop();
    expect(await host.logs()).toBeTypeOf('string');
    // Stopped: nobody listens any more, the router's kernel refuses.
    expect((await connectFrom(topology, NETNS_ADDRESSES.host, 3389)).outcome).toBe('ECONNREFUSED');
  }, 40_000);

  it('stop() deletes both namespaces (their veth and rules go with them) and is idempotent', async () => {
    const other = await startNetns();
    const host = await other.startHost('reset-on-connect');
    await Promise.all([other.stop(), other.stop()]);
    await other.stop();
    const names = await listNamespaces();
    expect(names).not.toContain(other.info.client);
    expect(names).not.toContain(other.info.router);
    let alive = true;
    try {
      process.kill(host.info.pid, 0);
    } catch {
      alive = false;
    }
    expect(alive).toBe(false);
  }, 40_000);
});

describe.skipIf(reason !== null)(`network namespace safety net${reason ? ` (skipped: ${reason})` : ''}`, () => {
  const fixture = fileURLToPath(new URL('./fixtures/netns-child.ts', import.meta.url));
  const runChild = (mode: 'exit' | 'wait'): Promise<FixtureChild<{ client: string; router: string; hostPid: number }>> => runFixtureChild(fixture, mode, 40_000);
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('a process that exits without stop() leaves no namespace behind (exit handler)', async () => {
    const { line, exited } = await runChild('exit');
    await exited;
    const names = await listNamespaces();
    expect(names).not.toContain(line.client);
    expect(names).not.toContain(line.router);
    for (let i = 0; i < 40 && alive(line.hostPid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive(line.hostPid)).toBe(false);
  }, 40_000);

  it('a SIGKILLed process leaves its namespaces; cleanupLeftovers() removes them', async () => {
    const { line, pid, exited } = await runChild('wait');
    expect(await listNamespaces()).toEqual(expect.arrayContaining([line.client, line.router]));
    process.kill(pid, 'SIGKILL');
    await exited;
    // The fault host in the router namespace dies with its parent (setpriv --pdeathsig).
    for (let i = 0; i < 40 && alive(line.hostPid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive(line.hostPid)).toBe(false);
    expect(await listNamespaces()).toEqual(expect.arrayContaining([line.client, line.router]));
    const cleaned = await cleanupLeftovers();
    // Not exact: a harness run in parallel may have cleaned some first.
    expect(cleaned.namespaces).toBeGreaterThanOrEqual(0);
    const names = await listNamespaces();
    expect(names).not.toContain(line.client);
    expect(names).not.toContain(line.router);
  }, 40_000);
});
