/**
 * A tiny real network built from Linux network namespaces, for outcomes loopback cannot produce:
 *
 *   client ns (rdpd-<pid>-<n>c)                 router ns (rdpd-<pid>-<n>r), ip_forward=1
 *   198.18.0.2/24 --- veth pair (only inside the namespaces) --- 198.18.0.1/24
 *   default via 198.18.0.1                      lo: 198.18.1.1/32         (hosts for startHost())
 *                                               unreachable 198.18.66.0/24  (route type unreachable:
 *                                                 the router answers ICMP host-unreachable)
 *                                               198.18.67.0/24: iptables REJECT --reject-with
 *                                                 icmp-host-unreachable in the router's FORWARD chain
 *                                                 (only when iptables is installed)
 *
 * Addresses come from 198.18.0.0/15 (RFC 2544 benchmarking) only. The veth pair is created inside
 * the client namespace with its peer moved straight into the router namespace, so the root
 * namespace's interfaces, routes and iptables are never touched. Deleting a namespace removes its
 * veth end, routes and rules. Run a command in the client namespace with `clientCommand()`.
 *
 * With `pathMtu` (startNetns({ pathMtu: 1200 })), a third namespace for a server behind the router,
 * and a path-MTU black hole between it and the client (what a VPN with a too-small tunnel MTU and a
 * firewall that drops ICMP "fragmentation needed" makes):
 *
 *   client 198.18.0.2 (MTU 1500) --- [MTU N] router [MTU N] --- 198.18.2.2 server ns (rdpd-<pid>-<n>s, MTU 1500)
 *                                    iptables: drop ICMP type 3 code 4 (OUTPUT and FORWARD)
 *
 * Both of the router's ends have MTU N (the endpoints think 1500): a full-size packet either way
 * needs "fragmentation needed" from the router, which its own iptables drops. (Only one end would
 * not do: veth lets a GSO TCP burst in over the MTU, and forwarding it on a 1500 link works.)
 * startServerHost() runs a fault injector there.
 *
 * Found while building it: the `unreachable` route makes the router send ICMP host-unreachable only
 * when it forwards (net.ipv4.ip_forward=1 in the router namespace); with forwarding off the SYN is
 * dropped silently and the client's connect() times out instead of failing with EHOSTUNREACH.
 */
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { registerExitCleanup } from './cleanup';
import type { FaultKind } from './faults';
import { findExecutable, spawnManaged, type ManagedProcess } from './process';
import { track } from './registry';
import type { RunningServer } from './types';

const execFileAsync = promisify(execFile);

/** Every namespace the harness creates is named rdpd-<pid>-<n><c|r>, at most 15 characters. */
export const NETNS_PREFIX = 'rdpd-';
const NAME_PATTERN = /^rdpd-(\d+)-[0-9a-z]+[crs]$/;
const COMMAND_TIMEOUT_MS = 10_000;
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

export const NETNS_ADDRESSES = {
  client: '198.18.0.2',
  router: '198.18.0.1',
  /** On the router's loopback: where startHost() listens. */
  host: '198.18.1.1',
  /** `ip route add unreachable` in the router. */
  unreachablePrefix: '198.18.66.0/24',
  unreachable: '198.18.66.7',
  /** iptables REJECT --reject-with icmp-host-unreachable in the router's FORWARD chain. */
  rejectedPrefix: '198.18.67.0/24',
  rejected: '198.18.67.7',
  /** With pathMtu: the router's end of the link to the server namespace, and the server. */
  serverRouter: '198.18.2.1',
  server: '198.18.2.2',
} as const;

export interface NetnsInfo {
  /** Namespace where the code under test runs (`ip netns exec <client> ...`). */
  client: string;
  router: string;
  clientAddress: string;
  routerAddress: string;
  /** Address on the router where startHost() listens. */
  hostAddress: string;
  /** A destination the router answers with ICMP host-unreachable (unreachable route). */
  unreachable: string;
  /** A destination the router rejects with ICMP host-unreachable via iptables, or null without iptables. */
  rejected: string | null;
  /** With pathMtu: the server namespace and its address behind the black hole; null otherwise. */
  server: string | null;
  serverAddress: string | null;
  pathMtu: number | null;
}

export interface NetnsTopology extends RunningServer<NetnsInfo> {
  /** argv that runs `command args...` inside the client namespace: ['ip', 'netns', 'exec', client, ...]. */
  clientCommand(command: string, args?: readonly string[]): [string, ...string[]];
  /**
   * Starts a harness fault injector (faults.ts, e.g. 'reset-on-connect') in the router namespace,
   * listening on hostAddress:port. Stopped by its own stop() or the topology's stop().
   */
  startHost(kind: FaultKind, port?: number): Promise<RunningServer<{ kind: FaultKind; pid: number }>>;
  /** With pathMtu: a fault injector in the server namespace, on serverAddress:port (behind the black hole). */
  startServerHost(kind: FaultKind, port?: number): Promise<RunningServer<{ kind: FaultKind; pid: number }>>;
}

export interface NetnsOptions {
  /** Build the server namespace behind a path-MTU black hole of this many bytes (576..1500). */
  pathMtu?: number;
}

/** Why startNetns() cannot work here, or null when it can. Probes once by creating and deleting a namespace. */
let cachedReason: string | null | undefined;
export function netnsUnavailableReason(): string | null {
  if (cachedReason !== undefined) return cachedReason;
  cachedReason = probeReason();
  return cachedReason;
}

function probeReason(): string | null {
  if (process.platform !== 'linux') return `network namespaces are Linux only (platform ${process.platform})`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'not root: ip netns needs CAP_SYS_ADMIN and CAP_NET_ADMIN';
  if (!findExecutable('ip')) return 'the ip command (iproute2) is not installed';
  const probe = `${NETNS_PREFIX}${process.pid}-pc`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { timeout: COMMAND_TIMEOUT_MS, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const e = err as Error & { stderr?: Buffer };
    return `ip netns add is not permitted here: ${(e.stderr?.toString() || e.message).trim().split('\n')[0]}`;
  }
  try {
    execFileSync('ip', ['netns', 'delete', probe], { timeout: COMMAND_TIMEOUT_MS, stdio: 'ignore' });
  } catch {
    // cleanupStaleNamespaces() would find it once we are gone
  }
  return null;
}

async function ip(args: readonly string[]): Promise<void> {
  await execFileAsync('ip', [...args], { timeout: COMMAND_TIMEOUT_MS });
}

async function inNamespace(ns: string, command: string, args: readonly string[]): Promise<void> {
  await execFileAsync('ip', ['netns', 'exec', ns, command, ...args], { timeout: COMMAND_TIMEOUT_MS });
}

async function deleteNamespace(name: string): Promise<void> {
  try {
    await ip(['netns', 'delete', name]);
  } catch {
    // already gone
  }
}

function deleteNamespaceSync(name: string): void {
  try {
    execFileSync('ip', ['netns', 'delete', name], { timeout: COMMAND_TIMEOUT_MS, stdio: 'ignore' });
  } catch {
    // already gone
  }
}

/** Names from `ip netns list` (lines like "name (id: 3)"). */
export async function listNamespaces(): Promise<string[]> {
  try {
    const { stdout } = await execFileAsync('ip', ['netns', 'list'], { timeout: COMMAND_TIMEOUT_MS });
    return stdout
      .split('\n')
      .map((line) => line.trim().split(/\s+/)[0] ?? '')
      .filter(Boolean);
  } catch {
    return [];
  }
}

let counter = 0;

/**
 * Builds the topology (about 0.2 s). Throws with the failing command's message if any step fails,
 * after removing what it created.
 */
export async function startNetns(options: NetnsOptions = {}): Promise<NetnsTopology> {
  const reason = netnsUnavailableReason();
  if (reason) throw new Error(`network namespaces are unavailable: ${reason}`);
  const pathMtu = options.pathMtu ?? null;
  if (pathMtu !== null && !(Number.isInteger(pathMtu) && pathMtu >= 576 && pathMtu <= 1500)) throw new Error(`pathMtu must be 576..1500, not ${pathMtu}`);
  if (pathMtu !== null && !findExecutable('iptables')) throw new Error('a path-MTU black hole needs iptables (to drop ICMP fragmentation-needed)');
  const id = `${NETNS_PREFIX}${process.pid}-${(counter++).toString(36)}`;
  const client = `${id}c`;
  const router = `${id}r`;
  const server = pathMtu !== null ? `${id}s` : null;
  const vethClient = `v${process.pid}c`;
  const vethRouter = `v${process.pid}r`;
  const a = NETNS_ADDRESSES;

  const unregister = registerExitCleanup(() => {
    deleteNamespaceSync(client);
    deleteNamespaceSync(router);
    if (server) deleteNamespaceSync(server);
  });
  const hosts = new Set<RunningServer<{ kind: FaultKind; pid: number }>>();
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await Promise.allSettled([...hosts].map((h) => h.stop()));
      await Promise.all([deleteNamespace(client), deleteNamespace(router), ...(server ? [deleteNamespace(server)] : [])]);
      unregister();
    })();
    return stopping;
  };

  let rejected: string | null = null;
  try {
    await ip(['netns', 'add', client]);
    await ip(['netns', 'add', router]);
    await ip(['-n', client, 'link', 'add', vethClient, 'type', 'veth', 'peer', 'name', vethRouter, 'netns', router]);
    await ip(['-n', client, 'addr', 'add', `${a.client}/24`, 'dev', vethClient]);
    await ip(['-n', router, 'addr', 'add', `${a.router}/24`, 'dev', vethRouter]);
    await ip(['-n', router, 'addr', 'add', `${a.host}/32`, 'dev', 'lo']);
    for (const [ns, dev] of [[client, vethClient], [client, 'lo'], [router, vethRouter], [router, 'lo']] as const) {
      await ip(['-n', ns, 'link', 'set', dev, 'up']);
    }
    await ip(['-n', client, 'route', 'add', 'default', 'via', a.router]);
    await inNamespace(router, 'sysctl', ['-qw', 'net.ipv4.ip_forward=1']);
    await ip(['-n', router, 'route', 'add', 'unreachable', a.unreachablePrefix]);
    if (findExecutable('iptables')) {
      // A real route (via lo) so the packet reaches the FORWARD chain, where REJECT answers it.
      await ip(['-n', router, 'route', 'add', a.rejectedPrefix, 'dev', 'lo']);
      await inNamespace(router, 'iptables', ['-w', '5', '-I', 'FORWARD', '-d', a.rejectedPrefix, '-p', 'tcp', '-j', 'REJECT', '--reject-with', 'icmp-host-unreachable']);
      rejected = a.rejected;
    }
    if (server && pathMtu !== null) {
      const vethServer = `v${process.pid}s`;
      const vethRouterInner = `v${process.pid}t`;
      await ip(['netns', 'add', server]);
      await ip(['-n', router, 'link', 'add', vethRouterInner, 'type', 'veth', 'peer', 'name', vethServer, 'netns', server]);
      await ip(['-n', router, 'addr', 'add', `${a.serverRouter}/24`, 'dev', vethRouterInner]);
      await ip(['-n', server, 'addr', 'add', `${a.server}/24`, 'dev', vethServer]);
      for (const [ns, dev] of [[router, vethRouterInner], [server, vethServer], [server, 'lo']] as const) {
        await ip(['-n', ns, 'link', 'set', dev, 'up']);
      }
      await ip(['-n', server, 'route', 'add', 'default', 'via', a.serverRouter]);
      // The router's two ends carry pathMtu; client and server keep 1500 and never learn otherwise.
      await ip(['-n', router, 'link', 'set', vethRouterInner, 'mtu', String(pathMtu)]);
      await ip(['-n', router, 'link', 'set', vethRouter, 'mtu', String(pathMtu)]);
      for (const chain of ['OUTPUT', 'FORWARD']) {
        await inNamespace(router, 'iptables', ['-w', '5', '-I', chain, '-p', 'icmp', '--icmp-type', 'fragmentation-needed', '-j', 'DROP']);
      }
    }
  } catch (err) {
    await stop();
    const e = err as Error & { stderr?: string };
    throw new Error(`building the namespace topology failed: ${(e.stderr || e.message).trim()}`, { cause: err });
  }

  const logs: string[] = [];
  const startIn = async (ns: string, address: string, kind: FaultKind, port: number): Promise<RunningServer<{ kind: FaultKind; pid: number }>> => {
    if (stopping) throw new Error('the topology is stopped');
    const child: ManagedProcess = spawnManaged(
      'ip',
      ['netns', 'exec', ns, process.execPath, '--import', 'tsx', CLI, 'fault', kind, '--host', address, '--port', String(port), '--max-seconds', '600'],
      { cwd: REPO_ROOT },
    );
    const line = await firstLine(child, 20_000);
    if (!line) {
      await child.stop(1000);
      throw new Error(`fault ${kind} did not start in ${ns}: ${child.output().slice(-2000)}`);
    }
    const parsed = JSON.parse(line) as { host?: unknown; port?: unknown };
    if (parsed.host !== address || parsed.port !== port) {
      await child.stop(1000);
      throw new Error(`fault ${kind} in ${ns} printed an unexpected line: ${line}`);
    }
    const host: RunningServer<{ kind: FaultKind; pid: number }> = track({
      host: address,
      port,
      name: `netns-fault:${kind}`,
      info: { kind, pid: child.pid },
      stop: async () => {
        await child.stop(2000);
        hosts.delete(host);
        logs.push(child.output());
      },
      logs: async () => child.output(),
    });
    hosts.add(host);
    return host;
  };
  const startHost = (kind: FaultKind, port = 3389): Promise<RunningServer<{ kind: FaultKind; pid: number }>> => startIn(router, a.host, kind, port);
  const startServerHost = (kind: FaultKind, port = 3389): Promise<RunningServer<{ kind: FaultKind; pid: number }>> => {
    if (!server) return Promise.reject(new Error('startServerHost needs startNetns({ pathMtu })'));
    return startIn(server, a.server, kind, port);
  };

  const topology: NetnsTopology = {
    ...track<NetnsInfo>({
      host: a.router,
      port: 0,
      name: `netns:${id}`,
      info: { client, router, clientAddress: a.client, routerAddress: a.router, hostAddress: a.host, unreachable: a.unreachable, rejected, server, serverAddress: server ? a.server : null, pathMtu },
      stop,
      logs: async () => [...logs, ...[...hosts].map((h) => `${h.name}: running`)].join('\n'),
    }),
    clientCommand: (command, args = []) => ['ip', 'netns', 'exec', client, command, ...args],
    startHost,
    startServerHost,
  };
  return topology;
}

/** Resolves with the child's first stdout line, or null when it exits or timeoutMs passes first. */
function firstLine(child: ManagedProcess, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    let buffer = '';
    const stdout = child.child.stdout;
    const done = (value: string | null): void => {
      clearTimeout(timer);
      stdout?.off('data', onData);
      resolve(value);
    };
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString();
      const newline = buffer.indexOf('\n');
      if (newline >= 0) done(buffer.slice(0, newline));
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    stdout?.on('data', onData);
    void child.exited.then(() => done(null));
  });
}

/**
 * Deletes namespaces left behind by harness processes that died without cleanup (SIGKILL): names
 * rdpd-<pid>-... whose PID is no longer alive. Processes that ran inside them died with their parent
 * (setpriv --pdeathsig). Returns how many namespaces were deleted.
 */
export async function cleanupStaleNamespaces(): Promise<number> {
  if (process.platform !== 'linux' || !findExecutable('ip')) return 0;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 0;
  let deleted = 0;
  for (const name of await listNamespaces()) {
    const m = NAME_PATTERN.exec(name); // also matches the availability probe rdpd-<pid>-pc
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    await deleteNamespace(name);
    deleted++;
  }
  return deleted;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive but not ours.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
