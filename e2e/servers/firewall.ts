import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { registerExitCleanup } from './cleanup';
import { freePort, LOOPBACK, tryConnect } from './ports';
import { findExecutable } from './process';

const execFileAsync = promisify(execFile);

/** Comment on every rule we insert: rdp-doctor-e2e:<pid of the process that inserted it>. */
const COMMENT_PREFIX = 'rdp-doctor-e2e:';

export interface FilteredPort {
  host: string;
  port: number;
  /** The iptables rule specification (without -I/-D INPUT). */
  rule: string[];
  /** Deletes the rule. Idempotent. */
  remove(): Promise<void>;
}

export type FilteredPortResult = FilteredPort | { skipped: string };

/** Why filteredPort() cannot work here, or null when it can. */
export function firewallUnavailableReason(): string | null {
  if (process.platform !== 'linux') return `iptables is Linux only (platform ${process.platform})`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'not root: iptables needs CAP_NET_ADMIN';
  if (!findExecutable('iptables')) return 'iptables is not installed';
  return null;
}

function ruleFor(port: number): string[] {
  return ['-i', 'lo', '-p', 'tcp', '-d', LOOPBACK, '--dport', String(port), '-m', 'comment', '--comment', `${COMMENT_PREFIX}${process.pid}`, '-j', 'DROP'];
}

async function iptables(args: string[]): Promise<void> {
  await execFileAsync('iptables', ['-w', '5', ...args], { timeout: 10_000 });
}

/**
 * A loopback port where SYNs are silently dropped (iptables INPUT DROP on lo), so a connect attempt
 * hangs until the client's timeout: the "filtered" picture. Returns { skipped } with the reason
 * when it cannot work (not root, no iptables, the rule does not take effect).
 */
export async function filteredPort(): Promise<FilteredPortResult> {
  const reason = firewallUnavailableReason();
  if (reason) return { skipped: reason };
  const port = await freePort();
  const rule = ruleFor(port);
  try {
    await iptables(['-I', 'INPUT', ...rule]);
  } catch (err) {
    const e = err as Error & { stderr?: string };
    return { skipped: `iptables -I failed: ${(e.stderr ?? e.message).trim()}` };
  }
  const unregister = registerExitCleanup(() => {
    try {
      execFileSync('iptables', ['-w', '5', '-D', 'INPUT', ...rule], { timeout: 10_000, stdio: 'ignore' });
    } catch {
      // already gone
    }
  });
  let removed = false;
  const remove = async (): Promise<void> => {
    if (removed) return;
    removed = true;
    unregister();
    try {
      await iptables(['-D', 'INPUT', ...rule]);
    } catch {
      // Rule already gone (someone flushed the chain): nothing left behind.
    }
  };
  const check = await tryConnect(LOOPBACK, port, 300);
  if (check !== 'timeout') {
    await remove();
    return { skipped: `the DROP rule did not take effect (connect: ${check})` };
  }
  return { host: LOOPBACK, port, rule, remove };
}

/**
 * Deletes rules left behind by harness processes that died without cleanup (SIGKILL): rules whose
 * comment names a PID that is no longer alive. Returns how many were deleted.
 */
export async function cleanupStaleFirewallRules(): Promise<number> {
  if (firewallUnavailableReason()) return 0;
  let listing: string;
  try {
    listing = (await execFileAsync('iptables', ['-w', '5', '-S', 'INPUT'], { timeout: 10_000 })).stdout;
  } catch {
    return 0;
  }
  let deleted = 0;
  for (const line of listing.split('\n')) {
    const m = new RegExp(`--comment "?${COMMENT_PREFIX}(\\d+)"?`).exec(line);
    if (!m || !line.startsWith('-A INPUT ')) continue;
    const pid = Number(m[1]);
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (alive) continue;
    const spec = line.slice('-A INPUT '.length).replace(/"/g, '').split(' ').filter(Boolean);
    try {
      await iptables(['-D', 'INPUT', ...spec]);
      deleted++;
    } catch {
      // ignore
    }
  }
  return deleted;
}
