/**
 * For the harness's own safety-net tests: run a fixture script in a child Node process (under tsx)
 * and wait for the first line it prints (JSON: what it started), bounded by `timeoutMs`.
 */
import { execFile } from 'node:child_process';

export interface FixtureChild<T> {
  /** The first line the child printed, parsed. */
  line: T;
  pid: number;
  /** Resolves when the child has exited. */
  exited: Promise<void>;
}

export function runFixtureChild<T>(fixture: string, mode: string, timeoutMs: number): Promise<FixtureChild<T>> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--import', 'tsx', fixture, mode], { timeout: timeoutMs });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ line: JSON.parse(out.slice(0, nl)) as T, pid: child.pid ?? -1, exited });
    });
    child.once('exit', (code) => {
      if (!out.includes('\n')) reject(new Error(`child exited (${code}) without output: ${err}`));
    });
  });
}
