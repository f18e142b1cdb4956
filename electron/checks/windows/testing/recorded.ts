/** Test support for the Windows checks (tests only): recorded script output, an executor answering with it, one check run. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { checkResultSchema, type CheckResult } from '../../../../shared/model';
import type { Target } from '../../../../shared/target';
import type { PowerShellExecutor, PowerShellRequest } from '../../../powershell/runner';
import { runWindowsCheck, type AnyWindowsCheckSpec } from '../check';

const here = path.dirname(fileURLToPath(import.meta.url));
/** A recorded script output (or stderr) from electron/checks/windows/fixtures. */
export const fixture = (name: string): string => readFileSync(path.join(here, '..', 'fixtures', name), 'utf8');
export const target: Target = { host: 'pc-042.corp.example', port: 3389, kind: 'dns' };
export const NOW = new Date('2025-12-01T10:00:00Z');

/** An executor that answers with a recorded stdout (and records what it was asked). */
export function recorded(stdout: string, extra: { stderr?: string; exitCode?: number } = {}): PowerShellExecutor & { requests: PowerShellRequest[] } {
  const requests: PowerShellRequest[] = [];
  const fn = (async (request: PowerShellRequest) => {
    requests.push(request);
    return { exitCode: extra.exitCode ?? 0, stdout, stderr: extra.stderr ?? '', timedOut: false, cancelled: false, durationMs: 12 };
  }) as PowerShellExecutor & { requests: PowerShellRequest[] };
  fn.requests = requests;
  return fn;
}

/** Runs one check on a recorded output; the result must match the contract. */
export async function run<D>(spec: unknown, file: string, t: Target = target): Promise<{ result: CheckResult; data: D }> {
  const result = await runWindowsCheck(spec as AnyWindowsCheckSpec, { executor: recorded(fixture(file)), now: () => NOW }, { target: t, signal: new AbortController().signal, platform: 'win32' });
  expect(checkResultSchema.safeParse(result).success).toBe(true);
  return { result, data: result.data as D };
}
