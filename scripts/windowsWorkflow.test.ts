/**
 * The Windows workflow cannot run here; this checks what can be checked off Windows: its shape (a
 * small reader for the block-style YAML it is written in: no YAML package), that the Pester suite runs
 * under both Windows PowerShell 5.1 and PowerShell 7 with the WindowsReal tests included, that the
 * files it names exist, that its set-up cannot abort on a missing certificate store or key file, and
 * that every PowerShell block in it parses and keeps to 5.1 (in real pwsh, with Compat51.psm1).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const text = readFileSync(path.join(root, '.github', 'workflows', 'windows.yml'), 'utf8');
const lines = text.split('\n');

interface Step {
  name: string;
  /** key: value lines of the step (one level), and the run block's text. */
  keys: Record<string, string>;
  run: string;
  env: Record<string, string>;
}

/** The steps of the single job: each "- name:" item at six spaces, its keys at eight, its run block deeper. */
function readSteps(): Step[] {
  const steps: Step[] = [];
  let current: Step | null = null;
  let block: 'run' | 'env' | 'with' | null = null;
  for (const line of lines) {
    const item = /^ {6}- name: (.+)$/.exec(line);
    if (item) {
      current = { name: item[1]!.trim(), keys: {}, run: '', env: {} };
      steps.push(current);
      block = null;
      continue;
    }
    if (!current) continue;
    if (/^ {0,5}\S/.test(line) || /^ {6}\S/.test(line)) {
      current = null;
      continue;
    }
    const key = /^ {8}([a-z-]+):\s*(.*)$/.exec(line);
    if (key) {
      const [, k, v] = key as unknown as [string, string, string];
      current.keys[k] = v;
      block = k === 'run' && v === '|' ? 'run' : k === 'env' ? 'env' : k === 'with' ? 'with' : null;
      if (k === 'run' && v !== '|') current.run = v;
      continue;
    }
    if (block === 'run' && (line.startsWith('          ') || line.trim() === '')) current.run += `${line.slice(10)}\n`;
    else if (block === 'env') {
      const e = /^ {10}([A-Z_]+):\s*(.*)$/.exec(line);
      if (e) current.env[e[1]!] = e[2]!.replace(/^"|"$/g, '');
    }
  }
  return steps;
}

const steps = readSteps();
const step = (pattern: RegExp): Step => {
  const found = steps.filter((s) => pattern.test(s.name));
  expect(found, `one step named like ${pattern}`).toHaveLength(1);
  return found[0]!;
};

describe('the Windows workflow', () => {
  it('is block-style YAML: no tabs, two-space indentation, the top-level keys in order', () => {
    expect(text).not.toMatch(/\t/);
    for (const line of lines) expect((/^( *)/.exec(line)?.[1]?.length ?? 0) % 2, line).toBe(0);
    expect(lines.filter((l) => /^[a-z]+:/.test(l)).map((l) => l.split(':')[0])).toEqual(['name', 'on', 'permissions', 'concurrency', 'jobs']);
    expect(text).toMatch(/^ {4}runs-on: windows-latest$/m);
    expect(text).toMatch(/^ {4}timeout-minutes: \d+$/m);
  });

  it('has named steps, each running something', () => {
    expect(steps.length).toBeGreaterThanOrEqual(10);
    expect(new Set(steps.map((s) => s.name)).size).toBe(steps.length);
    for (const s of steps) expect(s.keys.run !== undefined || s.keys.uses !== undefined, s.name).toBe(true);
  });

  it('runs the same Pester suite under Windows PowerShell 5.1 and PowerShell 7, WindowsReal tests included', () => {
    const desktop = step(/Pester suite in Windows PowerShell 5\.1/);
    const core = step(/Pester suite in PowerShell 7/);
    expect(desktop.keys.shell).toBe('powershell');
    expect(core.keys.shell).toBe('pwsh');
    expect(desktop.run).toMatch(/^powershell\.exe .*-File electron\\powershell\\testing\\Invoke-RdPester\.ps1 -Root electron /m);
    expect(core.run).toMatch(/^pwsh .*-File electron\\powershell\\testing\\Invoke-RdPester\.ps1 -Root electron /m);
    for (const s of [desktop, core]) {
      expect(s.run).not.toMatch(/ExcludeTag|-Tag /);
      expect(s.run).toMatch(/exit \$LASTEXITCODE/);
      expect(s.run).toContain('scripts\\powershell-tools.json');
    }
    expect(core.keys.if).toBe('success() || failure()');
  });

  it('installs Pester the way the Linux CI does, bounded', () => {
    const install = step(/Install Pester/);
    expect(install.run).toBe('bash scripts/install-powershell.sh --pester-only');
    expect(Number(install.keys['timeout-minutes'])).toBeGreaterThan(0);
  });

  it('has tests tagged WindowsReal for it to run (the read-only checks without mocks)', () => {
    const tagged: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) walk(file);
        else if (name.endsWith('.Tests.ps1') && /-Tag 'WindowsReal'/.test(readFileSync(file, 'utf8'))) tagged.push(path.relative(root, file));
      }
    };
    walk(path.join(root, 'electron'));
    expect(tagged).toContain(path.join('electron', 'powershell', 'checks', 'windows-real.Tests.ps1'));
  });

  it('then applies, verifies and undoes the safe fixes, and names only files that exist', () => {
    expect(step(/Safe fixes applied, verified and undone/).env.RDPDOCTOR_WINDOWS_FIX_TESTS).toBe('1');
    for (const file of ['electron/checks/windows/checks.windows.test.ts', 'electron/fixes/fixes.windows.test.ts', 'electron/powershell/testing/Invoke-RdPester.ps1', 'scripts/install-powershell.sh', 'scripts/powershell-tools.json']) {
      expect(existsSync(path.join(root, file)), file).toBe(true);
      expect(text.includes(file) || text.includes(file.replaceAll('/', '\\')), file).toBe(true);
    }
  });

  it('cannot abort its set-up on a missing certificate store or key file', () => {
    const setup = step(/Start Remote Desktop Services/);
    expect(setup.keys.shell).toBe('powershell');
    expect(setup.run).toMatch(/\$ErrorActionPreference = 'Stop'/);
    // The store is listed only when it exists, and quietly.
    expect(setup.run).toMatch(/if \(Test-Path -LiteralPath \$store\) \{ \$certificates = @\(Get-ChildItem -LiteralPath \$store -ErrorAction SilentlyContinue\) \}/);
    expect(setup.run).not.toMatch(/Get-ChildItem -LiteralPath 'Cert:[^\n]*\n/);
    // icacls only on a key file that exists, and its exit code never becomes the step's.
    expect(setup.run).toMatch(/if \(Test-Path -LiteralPath \$keyFile\) \{ icacls\.exe \$keyFile \}/);
    expect(setup.run.trimEnd().split('\n').at(-1)).toBe('$global:LASTEXITCODE = 0');
  });
});

const PWSH = process.env.RDPDOCTOR_PWSH ?? '/opt/rdpdoctor-tools/pwsh/pwsh';
const havePwsh = existsSync(PWSH);
describe.skipIf(!havePwsh)(`the workflow's PowerShell blocks in real pwsh${havePwsh ? '' : ` (skipped: no PowerShell 7 at ${PWSH}; set RDPDOCTOR_PWSH)`}`, () => {
  it('each parses with zero errors and keeps to Windows PowerShell 5.1', () => {
    const blocks = steps.filter((s) => s.keys.shell === 'powershell' || s.keys.shell === 'pwsh');
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rdpd-wf-'));
    try {
      const files = blocks.map((s, i) => {
        const file = path.join(dir, `${i}.ps1`);
        writeFileSync(file, s.run, 'utf8');
        return file;
      });
      const compat = path.join(root, 'electron', 'powershell', 'testing', 'Compat51.psm1');
      const command = `Import-Module '${compat}'; foreach ($f in Get-Content -LiteralPath '${path.join(dir, 'list.txt')}') { foreach ($v in @(Test-RdCompat51 -Text ([IO.File]::ReadAllText($f)) -TestCode)) { $f + ':' + $v.line + ' [' + $v.rule + '] ' + $v.message } }`;
      writeFileSync(path.join(dir, 'list.txt'), files.join('\n'), 'utf8');
      const run = spawnSync(PWSH, ['-NoProfile', '-NonInteractive', '-Command', command], { encoding: 'utf8', timeout: 60_000 });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.trim()).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
