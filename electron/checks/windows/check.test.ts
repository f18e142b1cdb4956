/**
 * Constrained Language Mode (AppLocker / WDAC) end to end: each Windows check's whole script text, as
 * the runner builds it, runs for real in a PowerShell runspace set to ConstrainedLanguage
 * (testing/Invoke-RdConstrained.ps1); what it printed goes through the check runner, which reports the
 * check as not checked, in plain words: "PowerShell is restricted on this computer". Skipped, with the
 * reason, where PowerShell 7 is not installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkResultSchema } from '../../../shared/model';
import { TARGET } from '../../../shared/rules/testing/netFixtures';
import type { PowerShellExecutor } from '../../powershell/runner';
import { fullScriptText } from '../../powershell/scripts';
import { failureResult, runWindowsCheck, type AnyWindowsCheckSpec } from './check';
import { WINDOWS_CHECK_SPECS } from './index';
import { vpnCheck } from './clientChecks';
import { keyFileCheck } from './keyFileCheck';
import { fixture, target, recorded } from './testing/recorded';

const PWSH = process.env.RDPDOCTOR_PWSH ?? '/opt/rdpdoctor-tools/pwsh/pwsh';
const here = path.dirname(fileURLToPath(import.meta.url));
const constrained = path.join(here, '..', '..', 'powershell', 'testing', 'Invoke-RdConstrained.ps1');

describe('failureResult', () => {
  it('a restricted PowerShell is "not checked", with the plain-words reason', () => {
    const spec = WINDOWS_CHECK_SPECS[0]!;
    const r = failureResult(spec, { kind: 'powershell-restricted', message: 'PowerShell is restricted on this computer (…).', detail: 'PowerShell language mode: ConstrainedLanguage', exitCode: 0 }, 5);
    expect(r.status).toBe('skipped');
    expect(r.summary).toBe('Not checked: PowerShell is restricted on this computer (…).');
    expect(r.reason).toBe('PowerShell is restricted on this computer (…).');
    expect(r.data).toEqual({ failure: { kind: 'powershell-restricted', detail: 'PowerShell language mode: ConstrainedLanguage', exitCode: 0 } });
  });
});

const havePwsh = existsSync(PWSH);
describe.skipIf(!havePwsh)(`every Windows check in Constrained Language Mode, for real${havePwsh ? '' : ` (skipped: no PowerShell 7 at ${PWSH}; set RDPDOCTOR_PWSH)`}`, () => {
  let dir = '';
  const printed = new Map<string, string[]>();

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rdpd-clm-'));
    const files = WINDOWS_CHECK_SPECS.map((spec) => {
      const file = path.join(dir, `${spec.id}.ps1`);
      writeFileSync(file, fullScriptText(spec.scriptId), 'utf8');
      return file;
    });
    writeFileSync(path.join(dir, 'list.txt'), files.join('\n'), 'utf8');
    const run = spawnSync(PWSH, ['-NoProfile', '-NonInteractive', '-File', constrained, '-List', path.join(dir, 'list.txt')], { encoding: 'utf8', timeout: 60_000 });
    for (const line of run.stdout.split(/\r?\n/).filter(Boolean)) {
      const r = JSON.parse(line) as { path: string; output: string[]; errors: string[] };
      expect(r.errors).toEqual([]);
      printed.set(path.basename(r.path, '.ps1'), r.output);
    }
  }, 60_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(WINDOWS_CHECK_SPECS.map((spec) => [spec.id, spec] as const))('%s', async (id, spec) => {
    const output = printed.get(id);
    expect(output, 'the script printed nothing in Constrained Language Mode').toBeDefined();
    const executor: PowerShellExecutor = async () => ({ exitCode: 0, stdout: `${(output ?? []).join('\r\n')}\r\n`, stderr: '', timedOut: false, cancelled: false, durationMs: 7 });
    const result = await runWindowsCheck(spec, { executor }, { target: TARGET, signal: new AbortController().signal, platform: 'win32' });
    expect(checkResultSchema.safeParse(result).success).toBe(true);
    expect(result.status).toBe('skipped');
    expect(result.reason).toMatch(/^PowerShell is restricted on this computer/);
    expect(result.summary).toMatch(/^Not checked: PowerShell is restricted on this computer/);
    expect(result.data).toMatchObject({ failure: { kind: 'powershell-restricted', detail: 'PowerShell language mode: ConstrainedLanguage' } });
  });
});

describe('failures of the whole script', () => {
  it('access denied on stderr → skipped, needs administrator', async () => {
    const result = await runWindowsCheck(keyFileCheck as unknown as AnyWindowsCheckSpec, { executor: recorded('', { exitCode: 1, stderr: fixture('stderr.access-denied.txt') }) }, { target, signal: new AbortController().signal, platform: 'win32' });
    expect(result.status).toBe('skipped');
    expect(result.reason).toMatch(/administrator/);
  });
  it('JSON of the wrong shape → error (malformed output)', async () => {
    const result = await runWindowsCheck(vpnCheck as unknown as AnyWindowsCheckSpec, { executor: recorded('[1,2,3]') }, { target, signal: new AbortController().signal, platform: 'win32' });
    expect(result.status).toBe('error');
    expect(result.data).toMatchObject({ failure: { kind: 'malformed-output' } });
  });
});
