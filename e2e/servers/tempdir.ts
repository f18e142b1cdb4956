import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerExitCleanup } from './cleanup';

const PREFIX = 'rdp-doctor-e2e-';

export interface TempDir {
  path: string;
  /** Removes the directory and everything in it. Idempotent. */
  remove(): Promise<void>;
}

/**
 * Creates a fresh directory under os.tmpdir() named rdp-doctor-e2e-<pid>-<label>-XXXXXX, removed by
 * remove() or at process exit. The PID in the name lets cleanupStaleTempDirs() find leftovers of a
 * process that was SIGKILLed.
 */
export async function makeTempDir(label: string): Promise<TempDir> {
  const safe = label.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 40);
  const path = await mkdtemp(join(tmpdir(), `${PREFIX}${process.pid}-${safe}-`));
  const unregister = registerExitCleanup(() => rmSync(path, { recursive: true, force: true }));
  let removed = false;
  return {
    path,
    async remove() {
      if (removed) return;
      removed = true;
      unregister();
      await rm(path, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
    },
  };
}

/** Removes rdp-doctor-e2e-<pid>-* directories of processes that are gone. Returns how many. */
export async function cleanupStaleTempDirs(): Promise<number> {
  let removed = 0;
  let names: string[];
  try {
    names = await readdir(tmpdir());
  } catch {
    return 0;
  }
  for (const name of names) {
    const m = new RegExp(`^${PREFIX}(\\d+)-`).exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid) continue;
    try {
      process.kill(pid, 0);
      continue; // owner alive
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EPERM') continue; // alive, other user
    }
    await rm(join(tmpdir(), name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}
