import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { INPUT_FILE_ENV, INPUT_SHA_ENV, SCRIPT_FILE_ENV, bootstrapScript } from './invocation';
import type { PowerShellRequest } from './runner';
import { fullScriptText } from './scripts';
import { buildElevatedCommand, cmdSafePath, createElevatedExecutor } from './elevation';

const PS = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
const DIR = 'C:\\Users\\jdoe\\AppData\\Local\\Temp\\rdpdoctor-Ab12Cd';
const sha = (t: string) => createHash('sha256').update(t).digest('hex');
const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf16le');

describe('buildElevatedCommand', () => {
  it('runs a fixed bootstrap that checks the script hash; parameters go to a hash-checked file', () => {
    const e = buildElevatedCommand('fix-keyfile-acl', { undoId: 'abcdef12-3456', restartSessionEnv: true }, { powershellPath: PS, dir: DIR });
    const parts = e.command.split(' ');
    expect(parts.slice(0, 6)).toEqual([`"${PS}"`, '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    expect(e.command.length).toBeLessThan(8000); // cmd.exe line limit is 8191
    const bootstrap = decode(parts[6]!);
    expect(bootstrap).toBe(bootstrapScript(sha(fullScriptText('fix-keyfile-acl'))));
    expect(e.files[0]).toEqual({ path: `${DIR}\\script.ps1`, content: fullScriptText('fix-keyfile-acl') });
    expect(JSON.parse(e.files[1]!.content)).toEqual({ undoId: 'abcdef12-3456', restartSessionEnv: true });
    expect(e.env).toEqual({ [SCRIPT_FILE_ENV]: `${DIR}\\script.ps1`, [INPUT_FILE_ENV]: `${DIR}\\input.json`, [INPUT_SHA_ENV]: sha(e.files[1]!.content) });
  });

  it('hostile parameters change only the parameters file and its hash, never the command', () => {
    const reference = buildElevatedCommand('remote-repair', { host: 'pc-042', action: 'firewall', thumbprint: null, useSsl: false }, { powershellPath: PS, dir: DIR });
    const other = buildElevatedCommand('fix-firewall-undo', { before: [{ name: "'; Remove-Item -Recurse C:\\ #", enabled: '$(calc)' }], created: ['`whoami`\n&'] }, { powershellPath: PS, dir: DIR });
    const other2 = buildElevatedCommand('fix-firewall-undo', { before: [], created: [] }, { powershellPath: PS, dir: DIR });
    expect(other.command).toBe(other2.command);
    expect(other.files[0]).toEqual(other2.files[0]);
    expect(other.command).not.toContain('Remove-Item');
    expect(other.files[1]!.content).toMatch(/^[\x20-\x7e]*$/);
    expect(reference.command).not.toBe(other.command); // a different script has a different hash
  });

  it('refuses temp paths that cmd would reinterpret', () => {
    expect(cmdSafePath('C:\\Users\\A&B\\Temp')).toBe(false);
    expect(cmdSafePath('C:\\Users\\100%\\Temp')).toBe(false);
    expect(cmdSafePath('C:\\Users\\JOHNDO~1\\AppData\\Local\\Temp\\rdpdoctor-x')).toBe(true);
    expect(() => buildElevatedCommand('fix-set-nla', { required: true }, { powershellPath: PS, dir: 'C:\\Users\\a%PATH%b' })).toThrow(/cannot be passed safely/);
    expect(() => buildElevatedCommand('fix-set-nla', { required: 'yes' }, { powershellPath: PS, dir: DIR })).toThrow(/Invalid input/);
  });
});

describe('createElevatedExecutor', () => {
  const request: PowerShellRequest = { scriptId: 'fix-set-nla', input: { required: true } };

  it('runs directly when already elevated', async () => {
    const seen: PowerShellRequest[] = [];
    const exec = createElevatedExecutor({ platform: 'win32', isElevated: () => true, direct: async (r) => (seen.push(r), { exitCode: 0, stdout: '{}', stderr: '', timedOut: false, cancelled: false, durationMs: 1 }), sudoExec: () => { throw new Error('no sudo'); } });
    expect((await exec(request)).stdout).toBe('{}');
    expect(seen).toEqual([request]);
  });

  it('goes through sudo-prompt with the files written, then removes them', async () => {
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'elev-'));
    let written: string[] = [];
    const exec = createElevatedExecutor({
      platform: 'win32',
      isElevated: () => false,
      tmpRoot: () => tmp,
      powershellPath: () => PS,
      sudoExec: (command, options, cb) => {
        expect(options.name).toBe('RDP Doctor');
        expect(command.startsWith(`"${PS}" -NoProfile`)).toBe(true);
        void Promise.all([fs.readFile(options.env[SCRIPT_FILE_ENV]!, 'utf8'), fs.readFile(options.env[INPUT_FILE_ENV]!, 'utf8')]).then((files) => {
          written = files;
          cb(undefined, '{"before":0,"after":1,"errors":[]}', '');
        });
      },
    });
    const outcome = await exec(request);
    expect(outcome.exitCode).toBe(0);
    expect(written[0]).toBe(fullScriptText('fix-set-nla'));
    expect(JSON.parse(written[1]!)).toEqual({ required: true });
    await new Promise((r) => setTimeout(r, 50));
    expect(await fs.readdir(tmp)).toEqual([]);
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('maps a declined UAC prompt and a failing command', async () => {
    const declined = createElevatedExecutor({ platform: 'win32', isElevated: () => false, powershellPath: () => PS, sudoExec: (_c, _o, cb) => cb(new Error('User did not grant permission.')) });
    expect((await declined(request)).spawnError?.code).toBe('ELEVATION_DECLINED');
    const failing = createElevatedExecutor({
      platform: 'win32',
      isElevated: () => false,
      powershellPath: () => PS,
      sudoExec: (_c, _o, cb) => cb(Object.assign(new Error('Command failed'), { code: 1 }), '', 'Access is denied.'),
    });
    const out = await failing(request);
    expect(out).toMatchObject({ exitCode: 1, stderr: 'Access is denied.' });
  });

  it('refuses off Windows', async () => {
    const exec = createElevatedExecutor({ platform: 'linux', isElevated: () => false });
    expect((await exec(request)).spawnError?.code).toBe('ENOTSUP');
  });
});
