import { clearCertCache } from './certs';
import type { RunningServer } from './types';

const running = new Set<RunningServer<object>>();

/** Wraps stop() so the server leaves the registry when stopped, and registers it. */
export function track<I extends object>(server: RunningServer<I>): RunningServer<I> {
  const originalStop = server.stop;
  let stopping: Promise<void> | null = null;
  const tracked: RunningServer<I> = {
    ...server,
    stop: () => {
      stopping ??= originalStop().finally(() => running.delete(tracked as RunningServer<object>));
      return stopping;
    },
  };
  running.add(tracked as RunningServer<object>);
  return tracked;
}

/**
 * Stops every server this process started through the harness and has not stopped yet, and removes
 * the certificate cache (a later start generates certificates again). Call it in afterAll / a
 * Playwright globalTeardown: test runners often end their workers with a signal, and then the
 * process 'exit' safety net never runs.
 */
export async function stopAll(): Promise<void> {
  await Promise.allSettled([...running].map((server) => server.stop()));
  await clearCertCache();
}

/** Names and ports of the servers still running (for diagnostics). */
export function runningServers(): Array<{ name: string; host: string; port: number }> {
  return [...running].map((s) => ({ name: s.name, host: s.host, port: s.port }));
}
