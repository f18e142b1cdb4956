/** Test support for the fix modules (tests only): executors answering with recorded script output, and contexts. */
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach } from 'vitest';
import type { PowerShellExecutor, PowerShellRequest } from '../../powershell/runner';
import type { ScriptId } from '../../powershell/scripts';
import type { ApplyContext, FixEnv } from '../types';

const here = path.dirname(fileURLToPath(import.meta.url));
/** A recorded script output or stderr from electron/checks/windows/fixtures. */
export const fixture = (name: string): string => readFileSync(path.join(here, '../../checks/windows/fixtures', name), 'utf8');

export type Answer = string | { stdout?: string; stderr?: string; exitCode?: number; spawnError?: { code: string; message: string } };

/** An executor answering each script with a recorded output; the calls are kept in order. */
export function scripted(answers: Partial<Record<ScriptId, Answer>>, onCall?: (r: PowerShellRequest) => void | Promise<void>): PowerShellExecutor & { calls: PowerShellRequest[] } {
  const calls: PowerShellRequest[] = [];
  const fn = (async (request: PowerShellRequest) => {
    calls.push(request);
    await onCall?.(request);
    const a = answers[request.scriptId];
    if (a === undefined) return { exitCode: 1, stdout: '', stderr: `no recorded answer for ${request.scriptId}`, timedOut: false, cancelled: false, durationMs: 1 };
    const o = typeof a === 'string' ? { stdout: a } : a;
    return { exitCode: o.exitCode ?? 0, stdout: o.stdout ?? '', stderr: o.stderr ?? '', timedOut: false, cancelled: false, durationMs: 1, ...(o.spawnError ? { spawnError: o.spawnError } : {}) };
  }) as PowerShellExecutor & { calls: PowerShellRequest[] };
  fn.calls = calls;
  return fn;
}

export const TEST_UNDO_ID = 'c0ffee00-1234-4abc-9def-001122334455';

export const fixEnv = (dataDir: string, run: PowerShellExecutor, platform: NodeJS.Platform = 'win32', extra: Partial<FixEnv> = {}): FixEnv => ({ platform, elevated: false, run, dataDir, ...extra });

export const applyContext = (dataDir: string, runElevated: PowerShellExecutor, run: PowerShellExecutor = scripted({}), extra: Partial<ApplyContext> = {}): ApplyContext => ({
  signal: new AbortController().signal,
  runElevated,
  run,
  platform: 'win32',
  dataDir,
  undoId: TEST_UNDO_ID,
  undoDir: path.join(dataDir, 'undo', 'c0ffee00'),
  ...extra,
});

/**
 * A fresh data folder for each test of the calling file (created before, removed after), with the
 * fix environment and apply context bound to it.
 */
export function useFixTestDataDir(prefix: string): {
  dataDir: () => string;
  env: (run: PowerShellExecutor, platform?: NodeJS.Platform, extra?: Partial<FixEnv>) => FixEnv;
  applyCtx: (runElevated: PowerShellExecutor, run?: PowerShellExecutor, extra?: Partial<ApplyContext>) => ApplyContext;
} {
  let dir = '';
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });
  return {
    dataDir: () => dir,
    env: (run, platform = 'win32', extra = {}) => fixEnv(dir, run, platform, extra),
    applyCtx: (runElevated, run = scripted({}), extra = {}) => applyContext(dir, runElevated, run, extra),
  };
}
