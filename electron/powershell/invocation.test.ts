import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INPUT_ENV, SCRIPT_FILE_ENV, asciiJson, bootstrapScript, buildInvocation, encodeCommand, resolvePowerShell, sha256Hex } from './invocation';
import { PRELUDE, SCRIPTS, SCRIPT_IDS, fullScriptText } from './scripts';

const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf16le');
const DIR = 'C:\\Users\\jdoe\\AppData\\Local\\Temp\\rdpdoctor-Ab12Cd';
const at = { dir: DIR };

const HOSTILE = [
  "'; Remove-Item -Recurse C:\\ #",
  '"; Stop-Computer -Force; "',
  '$(Remove-Item C:\\Windows -Recurse)',
  '`$env:USERNAME`',
  'a;b;c',
  'line1\nline2\r\n; Format-Volume',
  'pc-042\u0000null',
  'Zürich-Büro-服务器-😀',
  '\u2018; calc; \u2019',
  '@(1,2) | % { iex $_ }',
  '%SystemRoot%\\system32 & whoami | more > out.txt',
];


describe('buildInvocation', () => {
  it('starts PowerShell without a profile, non-interactively, with the short bootstrap that checks and runs the script file', () => {
    const inv = buildInvocation('client-firewall', { port: 3389 }, at);
    expect(inv.file).toBe('powershell.exe');
    expect(inv.args.slice(0, 5)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    expect(inv.args).toHaveLength(6);
    expect(decode(inv.args[5]!)).toBe(bootstrapScript(sha256Hex(fullScriptText('client-firewall'))));
    expect(inv.files).toEqual([{ path: `${DIR}\\script.ps1`, content: fullScriptText('client-firewall') }]);
    expect(inv.env).toEqual({ [INPUT_ENV]: '{"port":3389}', [SCRIPT_FILE_ENV]: `${DIR}\\script.ps1` });
  });

  it('puts the language-mode line first in the bootstrap and in every script', () => {
    const bootstrap = bootstrapScript(sha256Hex('x'));
    expect(bootstrap.split('\n').find((l) => !l.startsWith('#'))).toMatch(/^if \(\$ExecutionContext\.SessionState\.LanguageMode -ne 'FullLanguage'\)/);
    for (const id of SCRIPT_IDS) expect(fullScriptText(id).split('\n').find((l) => !l.startsWith('#')), id).toMatch(/LanguageMode -ne 'FullLanguage'/);
  });

  it('leaves out -NonInteractive only when asked (credential prompt of remote-repair)', () => {
    const inv = buildInvocation('remote-repair', { host: 'pc-042', action: 'firewall', thumbprint: null, useSsl: false, skipCertificateCheck: false }, { interactive: true, dir: DIR });
    expect(inv.args).not.toContain('-NonInteractive');
    expect(inv.args).toContain('-NoProfile');
  });

  it('refuses unknown scripts and inputs that do not match the script', () => {
    expect(() => buildInvocation('nope' as never, {}, at)).toThrow(/Unknown/);
    expect(() => buildInvocation('client-firewall', { port: 70000 }, at)).toThrow(/Invalid input/);
    expect(() => buildInvocation('client-firewall', { port: 3389, extra: 'x' }, at)).toThrow(/Invalid input/);
  });

  it('keeps the command line short (the scripts travel as files: Windows stops at 32,767 characters, cmd at 8,191)', () => {
    for (const id of SCRIPT_IDS) {
      const inv = buildInvocation(id, sampleInput(id), at);
      expect(inv.args.join(' ').length, id).toBeLessThan(4_000);
      expect(inv.files[0]!.content.length, id).toBeGreaterThan(4_000);
    }
  });

  it.each(HOSTILE)('hostile host %j changes only the env JSON, never the script or the arguments', (hostile) => {
    const reference = buildInvocation('accepted-cert', { host: 'pc-042.corp.example', port: 3389 }, at);
    const inv = buildInvocation('accepted-cert', { host: hostile, port: 3389 }, at);
    expect(inv.file).toBe(reference.file);
    expect(inv.args).toEqual(reference.args);
    expect(inv.files).toEqual(reference.files);
    expect(inv.files[0]!.content).not.toContain(hostile);
    expect(JSON.parse(inv.env[INPUT_ENV]!)).toEqual({ host: hostile, port: 3389 });
    expect(inv.env[INPUT_ENV]).toMatch(/^[\x20-\x7e]*$/);
  });

  it('property: any host string leaves file and args byte-identical', () => {
    const reference = buildInvocation('accepted-cert', { host: 'x', port: 3389 }, at);
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300, unit: 'binary' }), fc.integer({ min: 1, max: 65535 }), (host, port) => {
        const inv = buildInvocation('accepted-cert', { host, port }, at);
        expect(inv.args).toEqual(reference.args);
        expect(JSON.parse(inv.env[INPUT_ENV]!)).toEqual({ host, port });
      }),
      { numRuns: 300 },
    );
  });

  it('hostile remote-repair hosts are rejected before anything is built', () => {
    for (const hostile of HOSTILE) {
      expect(() => buildInvocation('remote-repair', { host: hostile, action: 'firewall', thumbprint: null, useSsl: false, skipCertificateCheck: false }, at)).toThrow(/Invalid input/);
    }
  });
});

function sampleInput(id: (typeof SCRIPT_IDS)[number]): unknown {
  const samples: Record<string, unknown> = {
    'client-firewall': { port: 3389 },
    'accepted-cert': { host: 'pc', port: 3389 },
    'fix-firewall-apply': { undoId: 'abcdef12-3456', profiles: ['Private'] },
    'fix-firewall-undo': { before: [], created: [] },
    'fix-regenerate-cert': { undoId: 'abcdef12-3456', thumbprint: null },
    'fix-regenerate-cert-undo': { undoId: 'abcdef12-3456', thumbprints: [] },
    'fix-keyfile-acl': { undoId: 'abcdef12-3456', restartSessionEnv: true },
    'fix-keyfile-acl-undo': { undoId: 'abcdef12-3456', ownerTaken: false, ownerBefore: null },
    'fix-rebuild-machinekeys': { undoId: 'abcdef12-3456' },
    'fix-rebuild-machinekeys-undo': { undoId: 'abcdef12-3456', thumbprints: [], newThumbprint: null },
    'fix-reset-machinekeys-acl': { undoId: 'abcdef12-3456' },
    'fix-clear-cert-hash': { thumbprint: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C' },
    'fix-clear-cert-hash-undo': { thumbprint: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C' },
    'fix-reset-machinekeys-acl-undo': { undoId: 'abcdef12-3456' },
    'fix-set-nla': { required: true },
    'fix-set-security-layer': { securityLayer: 1 },
    'fix-enable-rdp-undo': { beforeDeny: 1, rules: [] },
    'fix-start-services-undo': { before: [] },
    'remote-repair': { host: 'pc', action: 'firewall', thumbprint: null, useSsl: false, skipCertificateCheck: false },
    events: { queries: [{ provider: 'Schannel', ids: [36870] }] },
  };
  return samples[id] ?? {};
}

describe('the fixed scripts', () => {
  it('all read input only through the prelude and answer through Write-RdResult', () => {
    for (const id of SCRIPT_IDS) {
      const body = SCRIPTS[id].body;
      expect(body, id).not.toMatch(/RDPDOCTOR_INPUT/);
      expect(body, id).toMatch(/Write-RdResult/);
      expect(body, id).not.toMatch(/Invoke-Expression|\biex\b|\[ScriptBlock\]::Create/i);
    }
    expect(PRELUDE).toMatch(/ConvertFrom-Json -InputObject \$raw/);
    expect(PRELUDE).toMatch(/RDPDOCTOR_INPUT_SHA256/);
  });

  it('never build a registry or file path from the target host (accepted-cert compares names only)', () => {
    expect(SCRIPTS['accepted-cert'].body).toMatch(/-contains \[string\]\$k\.PSChildName/);
    expect(SCRIPTS['accepted-cert'].body).not.toMatch(/Join-Path[^\n]*\$in\./);
  });

  it('use SIDs, not localized account or group names', () => {
    const all = SCRIPT_IDS.map((id) => SCRIPTS[id].body).join('\n') + PRELUDE;
    expect(all).not.toMatch(/NETWORK SERVICE|NT AUTHORITY|BUILTIN\\/i);
    expect(all).toMatch(/\*S-1-5-20:\(R\)/);
    expect(SCRIPTS['server-firewall'].body).toContain("'@FirewallAPI.dll,-28752'");
    expect(SCRIPTS['server-firewall'].body).not.toMatch(/DisplayGroup/);
  });
});

describe('helpers', () => {
  it('encodeCommand is base64 of UTF-16LE', () => {
    expect(encodeCommand('Get-Date')).toBe(Buffer.from('Get-Date', 'utf16le').toString('base64'));
  });

  it('asciiJson escapes non-ASCII so the value survives any code page', () => {
    const text = asciiJson({ host: 'Zürich-😀' });
    expect(text).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(text)).toEqual({ host: 'Zürich-😀' });
  });

  it('resolvePowerShell prefers Windows PowerShell by absolute path, then pwsh', () => {
    const env = { SystemRoot: 'C:\\Windows' };
    expect(resolvePowerShell(env, () => true, 'x64')).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(resolvePowerShell({ ...env, PROCESSOR_ARCHITEW6432: 'AMD64' }, () => true, 'ia32')).toBe('C:\\Windows\\Sysnative\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(resolvePowerShell(env, () => false, 'x64')).toBe('pwsh.exe');
  });
});

describe('testSeams (recorded-data stand-ins for the seams, tests only)', () => {
  it('go after seams.ps1 and before the body, and the hash the bootstrap checks covers them', () => {
    const plain = buildInvocation('credssp-policy', {}, at);
    const faked = buildInvocation('credssp-policy', {}, { ...at, testSeams: 'function Get-RdRegistryKey { $null }' });
    const text = faked.files[0]!.content;
    expect(text.indexOf('function Get-RdRegistryKey { $null }')).toBeGreaterThan(text.lastIndexOf('function Get-RdService'));
    expect(text.indexOf('function Get-RdRegistryKey { $null }')).toBeLessThan(text.indexOf(SCRIPTS['credssp-policy'].body));
    expect(plain.files[0]!.content).toBe(fullScriptText('credssp-policy'));
    expect(decode(faked.args.at(-1)!)).toContain(sha256Hex(text));
  });

  it('are passed by no production file: only the runner, the invocation and the script registry name them', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const root = path.resolve(__dirname, '..', '..');
    const offenders: string[] = [];
    for (const top of ['electron', 'shared', 'renderer', 'scripts']) {
      for (const entry of readdirSync(path.join(root, top), { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !/\.(ts|tsx|mjs)$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) continue;
        const file = path.join(entry.parentPath, entry.name);
        if (readFileSync(file, 'utf8').includes('testSeams')) offenders.push(path.relative(root, file));
      }
    }
    expect(offenders.sort()).toEqual(['electron/powershell/invocation.ts', 'electron/powershell/runner.ts', 'electron/powershell/scripts.ts']);
  });
});
