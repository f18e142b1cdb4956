import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Readable } from 'node:stream';
import { registerExitCleanup } from './cleanup';

/** Absolute path of an executable found on PATH (plus the sbin directories), or null. */
export function findExecutable(name: string): string | null {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const extra of ['/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/local/bin', '/usr/bin', '/bin']) {
    if (!dirs.includes(extra)) dirs.push(extra);
  }
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return null;
}

let setprivChecked = false;
let setprivPath: string | null = null;

/**
 * util-linux `setpriv --pdeathsig SIGKILL` makes the kernel kill the child when our process dies,
 * even by SIGKILL (where no 'exit' handler runs). setpriv execs the target, so the PID stays the
 * child's own PID. Linux only; without it we rely on the 'exit' handler alone.
 */
function pdeathsigWrapper(): string | null {
  if (!setprivChecked) {
    setprivChecked = true;
    setprivPath = process.platform === 'linux' ? findExecutable('setpriv') : null;
  }
  return setprivPath;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Settles when the process has exited. */
  readonly exited: Promise<ExitInfo>;
  isRunning(): boolean;
  /** The last 64 KiB of stdout and stderr, interleaved. */
  output(): string;
  /** SIGTERM, then SIGKILL after graceMs (default 3000). Resolves once the process is gone. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Extra pipes after stdio 0-2 (fd 3, 4, ...), e.g. for Xvfb -displayfd 3. */
  extraPipes?: number;
}

const OUTPUT_LIMIT = 64 * 1024;

/** Spawns a child that is killed on stop(), on process exit, and (Linux) when this process dies. */
export function spawnManaged(command: string, args: readonly string[], options: SpawnOptions = {}): ManagedProcess {
  const wrapper = pdeathsigWrapper();
  const file = wrapper ?? command;
  const argv = wrapper ? ['--pdeathsig', 'SIGKILL', '--', command, ...args] : [...args];
  const stdio: StdioOptions = ['ignore', 'pipe', 'pipe'];
  for (let i = 0; i < (options.extraPipes ?? 0); i++) stdio.push('pipe');
  const child = spawn(file, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio, detached: false });

  let buffer = '';
  const append = (chunk: Buffer | string): void => {
    buffer += chunk.toString();
    if (buffer.length > OUTPUT_LIMIT) buffer = buffer.slice(buffer.length - OUTPUT_LIMIT);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);

  let running = true;
  let spawnError: Error | null = null;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
    child.once('error', (err) => {
      // spawn failure (ENOENT ...): 'exit' may never come.
      spawnError = err;
      append(`\n[spawn error] ${err.message}\n`);
      running = false;
      resolve({ code: null, signal: null });
    });
  });

  const pid = child.pid ?? -1;
  const unregister = registerExitCleanup(() => {
    if (running && pid > 0) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
  void exited.then(() => unregister());

  let stopping: Promise<void> | null = null;
  const stop = (graceMs = 3000): Promise<void> => {
    if (stopping) return stopping;
    stopping = (async () => {
      if (!running || pid <= 0) return;
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        exited.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), graceMs);
        }),
      ]);
      if (timer) clearTimeout(timer);
      if (timedOut && running) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone in between
        }
        // SIGKILL cannot be ignored; bounded anyway.
        await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      }
    })();
    return stopping;
  };

  return {
    pid,
    child,
    exited,
    isRunning: () => running && spawnError === null,
    output: () => buffer,
    stop,
  };
}

/** The readable side of an extra pipe (fd >= 3) of a managed process. */
export function extraPipe(proc: ManagedProcess, fd: number): Readable | null {
  const stream = proc.child.stdio[fd];
  return stream && 'on' in stream ? (stream as Readable) : null;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
