/**
 * Runs every Windows check for real, read-only, against the machine the tests run on (the GitHub
 * Actions windows-latest runner in .github/workflows/windows.yml), through the real PowerShell
 * runner, and validates each answer against its schema. Skipped elsewhere: it needs Windows.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkResultSchema, DEFAULT_RUN_OPTIONS, type CheckResult } from '../../../shared/model';
import type { Target } from '../../../shared/target';
import { runWindowsCheck, type AnyWindowsCheckSpec } from './check';
import { WINDOWS_CHECK_SPECS, createWindowsChecks } from './index';
import { interpretOutcome } from '../../powershell/outcome';
import { createSpawnExecutor } from '../../powershell/runner';
import { z } from 'zod';

const onWindows = process.platform === 'win32';
const local: Target = { host: 'localhost', port: 3389, kind: 'dns' };

describe.skipIf(!onWindows)('Windows checks against this machine (real PowerShell; skipped: needs Windows)', () => {
  const executor = createSpawnExecutor();

  it.each(WINDOWS_CHECK_SPECS.map((s) => [s.id, s] as const))('%s runs and its data matches the schema', async (_id, spec: AnyWindowsCheckSpec) => {
    const result: CheckResult = await runWindowsCheck(spec, { executor }, { target: local, signal: new AbortController().signal, platform: 'win32' });
    console.log(`${result.id}: ${result.status} (${Math.round(result.durationMs)} ms) ${result.summary}${result.reason ? ` [${result.reason}]` : ''}`);
    expect(checkResultSchema.safeParse(result).success).toBe(true);
    // The runner is elevated and has every module: a check may be skipped (e.g. no Security Center on
    // Windows Server) but must not fail to run or answer something unreadable.
    expect(result.status, JSON.stringify(result.data).slice(0, 2000)).not.toBe('error');
    if (result.status !== 'skipped') {
      const parsed = spec.schema.safeParse(result.data);
      expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues[0])).toBe(true);
    }
  }, 120_000);

  it('through the engine definitions, localhost counts as this machine (server checks run)', async () => {
    const defs = createWindowsChecks();
    const ctx = { target: local, options: DEFAULT_RUN_OPTIONS, signal: new AbortController().signal, memory: { results: [] }, platform: 'win32' as const };
    const results: CheckResult[] = [];
    for (const def of defs.filter((d) => d.id === 'win-rdp-services' || d.id === 'win-rdp-listener')) for (const unit of await def.plan(ctx)) results.push(await unit.run(ctx));
    expect(results).toHaveLength(2);
    for (const r of results) expect(r.reason ?? '').not.toMatch(/Runs on the server itself/);
  }, 120_000);

  it('a hostile host travels as data: nothing in it is executed by the real PowerShell', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rdpdoctor-canary-'));
    const canary = path.join(dir, 'pwned.txt');
    try {
      for (const host of [`$(New-Item -ItemType File -Path '${canary}')`, `'; New-Item -ItemType File -Path '${canary}'; '`, `"; New-Item -ItemType File -Path "${canary}"; "`, `\`; New-Item -ItemType File -Path ${canary}`]) {
        const raw = await executor({ scriptId: 'accepted-cert', input: { host, port: 3389 } });
        const r = interpretOutcome(raw, z.object({ entries: z.unknown() }).passthrough());
        expect(r.ok, raw.stderr).toBe(true);
        expect(existsSync(canary)).toBe(false);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('a missing cmdlet on stderr is classified as not available (real PowerShell error text)', async () => {
    // Not a product script: proves the classifier against the error text this Windows really prints.
    const { spawnSync } = await import('node:child_process');
    const out = spawnSync('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', 'Get-RdpDoctorNoSuchCmdlet'], { encoding: 'utf8', windowsHide: true });
    const { classifyErrorText, cleanStderr } = await import('../../powershell/outcome');
    expect(classifyErrorText(cleanStderr(out.stderr))).toBe('cmdlet-not-available');
  }, 60_000);
});
