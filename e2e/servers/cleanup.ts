/**
 * Process-wide safety net. Everything the harness starts or creates registers a synchronous
 * cleanup here; they all run on process 'exit' (normal exit, process.exit(), uncaught error) even
 * when a test forgot to call stop(). Async stop() functions unregister their entry when they ran.
 *
 * What cannot be caught: SIGKILL of this process. For that case child processes are spawned under
 * `setpriv --pdeathsig SIGKILL` when available (see process.ts), and stray firewall rules carry a
 * comment naming our PID so cleanupStaleFirewallRules() can find them later.
 */

type SyncCleanup = () => void;

const cleanups = new Map<number, SyncCleanup>();
let nextId = 1;
let installed = false;

function runAll(): void {
  // Reverse order of registration: the last thing started is the first thing stopped.
  const entries = [...cleanups.entries()].reverse();
  cleanups.clear();
  for (const [, fn] of entries) {
    try {
      fn();
    } catch {
      // An exit handler must never throw; best effort only.
    }
  }
}

/** Registers a synchronous cleanup for process exit. Returns the function that unregisters it. */
export function registerExitCleanup(fn: SyncCleanup): () => void {
  if (!installed) {
    installed = true;
    process.on('exit', runAll);
  }
  const id = nextId++;
  cleanups.set(id, fn);
  return () => {
    cleanups.delete(id);
  };
}

/** Runs every pending exit cleanup now (synchronously). Used by stopAll() as a last resort. */
export function runExitCleanupsNow(): void {
  runAll();
}
