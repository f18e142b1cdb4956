import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import LAUNCHER from './launcher.ps1';
import { fullScriptText } from './scripts';
import { LAUNCH_DECLINED, buildElevatedLaunch, elevatedBootstrap, createElevatedExecutor, spawnLauncher, type LauncherSpawn } from './elevation';
import type { PowerShellRequest } from './runner';

const DIR = "C:\\Users\\Jürgen O'Brien\\AppData\\Local\\Temp\\rdpdoctor-Ab12Cd";
const sha = (t: string) => createHash('sha256').update(t).digest('hex');
const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf16le');
const PWSH = process.env.RDPDOCTOR_PWSH ?? '/opt/rdpdoctor-tools/pwsh/pwsh';

describe('buildElevatedLaunch', () => {
  it('puts every path in the hash-checked parameters file; the bootstrap carries only its path (base64) and hash', () => {
    const plan = buildElevatedLaunch('fix-keyfile-acl', { undoId: 'abcdef12-3456', restartSessionEnv: true }, DIR);
    expect(plan.encodedBootstrap).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const [script, input, params] = plan.files;
    expect(script).toEqual({ path: `${DIR}\\script.ps1`, content: fullScriptText('fix-keyfile-acl') });
    expect(JSON.parse(input!.content)).toEqual({ undoId: 'abcdef12-3456', restartSessionEnv: true });
    expect(params!.content).toMatch(/^[\x20-\x7e]*$/); // ASCII JSON: survives any code page
    expect(JSON.parse(params!.content)).toEqual({
      scriptFile: `${DIR}\\script.ps1`,
      scriptSha256: sha(script!.content),
      inputFile: `${DIR}\\input.json`,
      inputSha256: sha(input!.content),
      stdoutFile: `${DIR}\\stdout.txt`,
      stderrFile: `${DIR}\\stderr.txt`,
      exitCodeFile: `${DIR}\\exit.txt`,
    });
    const bootstrap = decode(plan.encodedBootstrap);
    expect(bootstrap).toBe(elevatedBootstrap(`${DIR}\\params.json`, sha(params!.content)));
    expect(bootstrap).toContain(Buffer.from(`${DIR}\\params.json`, 'utf8').toString('base64'));
    expect(bootstrap).not.toContain('Jürgen');
    expect(bootstrap).not.toContain("O'Brien");
  });

  it('hostile parameters change only the input file and the hashes', () => {
    const a = buildElevatedLaunch('fix-firewall-undo', { before: [{ name: "'; Remove-Item -Recurse C:\\ #", enabled: '$(calc)' }], created: ['`whoami`\n&'] }, DIR);
    const b = buildElevatedLaunch('fix-firewall-undo', { before: [], created: [] }, DIR);
    expect(a.files[0]).toEqual(b.files[0]);
    expect(decode(a.encodedBootstrap)).not.toContain('Remove-Item');
    expect(a.files[1]!.content).toMatch(/^[\x20-\x7e]*$/);
    expect(() => buildElevatedLaunch('fix-set-nla', { required: 'yes' }, DIR)).toThrow(/Invalid input/);
  });
});

/**
 * The whole elevation path for real in pwsh: Node writes the files into a temp folder whose name
 * has ü, é, an apostrophe and spaces, the real launcher runs, and only Start-Process -Verb RunAs
 * (the seam Start-RdElevatedProcess; there is no UAC on Linux) is replaced by the same call
 * without RunAs. The real bootstrap then checks the hashes and runs the script.
 */
function launcherWith(seam: string): LauncherSpawn {
  return spawnLauncher(`${LAUNCHER}\n${seam}\nexit (Invoke-RdLaunch)\n`);
}
const WITHOUT_UAC = 'function Start-RdElevatedProcess([string]$FilePath, [string[]]$ArgumentList) { return (Start-Process -FilePath $FilePath -ArgumentList $ArgumentList -Wait -PassThru) }';
const DECLINES = "function Start-RdElevatedProcess([string]$FilePath, [string[]]$ArgumentList) { throw [System.InvalidOperationException]::new('This command cannot be run due to the error: The operation was canceled by the user.', [System.ComponentModel.Win32Exception]::new(1223)) }";

describe.skipIf(!existsSync(PWSH))('createElevatedExecutor (launcher and bootstrap in real pwsh)', () => {
  const run = async (root: string, request: PowerShellRequest, seam = WITHOUT_UAC) => {
    const exec = createElevatedExecutor({ platform: 'win32', isElevated: () => false, tmpRoot: () => root, powershellPath: () => PWSH, join: path.join, launch: launcherWith(seam) });
    return exec({ timeoutMs: 60_000, ...request });
  };

  for (const name of ["Jürgen José María O'Brien a b;$(x)`y"]) {
    it(`runs the script elevated from a temp folder named ${JSON.stringify(name)}, then removes the files (11.1)`, { timeout: 60_000 }, async () => {
      const root = await fs.mkdtemp(path.join(os.tmpdir(), `${name} `));
      try {
        const out = await run(root, { scriptId: 'credssp-policy', input: {} });
        expect(out.spawnError).toBeUndefined();
        expect(out.exitCode).toBe(0);
        expect(JSON.parse(out.stdout)).toMatchObject({ allowEncryptionOracle: null });
        expect(await fs.readdir(root)).toEqual([]);
      } finally {
        await fs.rm(root, { recursive: true, force: true });
      }
    });
  }

  it('reports the script error and its exit code from the elevated process', { timeout: 60_000 }, async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "O'Brien "));
    try {
      const out = await run(root, { scriptId: 'fix-set-nla', input: { required: true } });
      expect(out.exitCode).toBe(1);
      expect(out.stderr).toMatch(/Get-CimInstance|not recognized/);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });

  it('a declined administrator prompt is "declined", whatever the display language (ERROR_CANCELLED 1223)', { timeout: 60_000 }, async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'Jürgen '));
    try {
      const out = await run(root, { scriptId: 'fix-set-nla', input: { required: true } }, DECLINES);
      expect(out.spawnError?.code).toBe('ELEVATION_DECLINED');
      expect(LAUNCH_DECLINED).toBe(96);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });

  it('a script file changed after it was written is refused and nothing runs', { timeout: 60_000 }, async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'José '));
    const tamper: LauncherSpawn = async (request) => {
      const [dir] = await fs.readdir(root);
      await fs.appendFile(path.join(root, dir!, 'script.ps1'), '\nNew-Item -ItemType File -Path $env:TEMP/pwned\n');
      return launcherWith(WITHOUT_UAC)(request);
    };
    try {
      const exec = createElevatedExecutor({ platform: 'win32', isElevated: () => false, tmpRoot: () => root, powershellPath: () => PWSH, join: path.join, launch: tamper });
      const out = await exec({ scriptId: 'credssp-policy', input: {}, timeoutMs: 60_000 });
      expect(out.exitCode).toBe(97);
      expect(out.stdout).toBe('');
      expect(out.stderr).toContain('the script file changed after it was written');
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});

describe('createElevatedExecutor', () => {
  const request: PowerShellRequest = { scriptId: 'fix-set-nla', input: { required: true } };

  it('runs directly when already elevated', async () => {
    const seen: PowerShellRequest[] = [];
    const exec = createElevatedExecutor({ platform: 'win32', isElevated: () => true, direct: async (r) => (seen.push(r), { exitCode: 0, stdout: '{}', stderr: '', timedOut: false, cancelled: false, durationMs: 1 }) });
    expect((await exec(request)).stdout).toBe('{}');
    expect(seen).toEqual([request]);
  });

  it('refuses off Windows', async () => {
    const exec = createElevatedExecutor({ platform: 'linux', isElevated: () => false });
    expect((await exec(request)).spawnError?.code).toBe('ENOTSUP');
  });
});
