import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  INPUT_ENV,
  asciiJson,
  buildInvocation,
  classifyErrorText,
  cleanStderr,
  createSpawnExecutor,
  encodeCommand,
  extractJson,
  interpretOutcome,
  resolvePowerShell,
  sectionProblem,
  type PowerShellRawOutcome,
} from './runner';
import { PRELUDE, SCRIPTS, SCRIPT_IDS, fullScriptText } from './scripts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, '..', 'checks', 'windows', 'fixtures');
const fixture = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');
const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf16le');

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

/** Gone, or a zombie waiting to be reaped (containers whose pid 1 does not reap). */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  if (process.platform === 'win32') return false;
  try {
    return /State:\s+Z/.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

function outcome(partial: Partial<PowerShellRawOutcome>): PowerShellRawOutcome {
  return { exitCode: 0, stdout: '', stderr: '', timedOut: false, cancelled: false, durationMs: 5, ...partial };
}
const anyObject = z.record(z.string(), z.unknown());

describe('buildInvocation', () => {
  it('starts PowerShell without a profile, non-interactively, with the fixed script encoded', () => {
    const inv = buildInvocation('client-firewall', { port: 3389 });
    expect(inv.file).toBe('powershell.exe');
    expect(inv.args.slice(0, 5)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    expect(inv.args).toHaveLength(6);
    expect(decode(inv.args[5]!)).toBe(fullScriptText('client-firewall'));
    expect(inv.env).toEqual({ [INPUT_ENV]: '{"port":3389}' });
  });

  it('leaves out -NonInteractive only when asked (credential prompt of remote-repair)', () => {
    const inv = buildInvocation('remote-repair', { host: 'pc-042', action: 'firewall', thumbprint: null, useSsl: false }, { interactive: true });
    expect(inv.args).not.toContain('-NonInteractive');
    expect(inv.args).toContain('-NoProfile');
  });

  it('refuses unknown scripts and inputs that do not match the script', () => {
    expect(() => buildInvocation('nope' as never, {})).toThrow(/Unknown/);
    expect(() => buildInvocation('client-firewall', { port: 70000 })).toThrow(/Invalid input/);
    expect(() => buildInvocation('client-firewall', { port: 3389, extra: 'x' })).toThrow(/Invalid input/);
  });

  it('keeps every script well inside the Windows command-line limit (32767)', () => {
    for (const id of SCRIPT_IDS) {
      const inv = buildInvocation(id, sampleInput(id));
      expect(inv.args.join(' ').length, id).toBeLessThan(32_000);
    }
  });

  it.each(HOSTILE)('hostile host %j changes only the env JSON, never the script or the arguments', (hostile) => {
    const reference = buildInvocation('accepted-cert', { host: 'pc-042.corp.example', port: 3389 });
    const inv = buildInvocation('accepted-cert', { host: hostile, port: 3389 });
    expect(inv.file).toBe(reference.file);
    expect(inv.args).toEqual(reference.args);
    expect(decode(inv.args[5]!)).not.toContain(hostile);
    expect(JSON.parse(inv.env[INPUT_ENV]!)).toEqual({ host: hostile, port: 3389 });
    expect(inv.env[INPUT_ENV]).toMatch(/^[\x20-\x7e]*$/);
  });

  it('property: any host string leaves file and args byte-identical', () => {
    const reference = buildInvocation('accepted-cert', { host: 'x', port: 3389 });
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300, unit: 'binary' }), fc.integer({ min: 1, max: 65535 }), (host, port) => {
        const inv = buildInvocation('accepted-cert', { host, port });
        expect(inv.args).toEqual(reference.args);
        expect(JSON.parse(inv.env[INPUT_ENV]!)).toEqual({ host, port });
      }),
      { numRuns: 300 },
    );
  });

  it('hostile remote-repair hosts are rejected before anything is built', () => {
    for (const hostile of HOSTILE) {
      expect(() => buildInvocation('remote-repair', { host: hostile, action: 'firewall', thumbprint: null, useSsl: false })).toThrow(/Invalid input/);
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
    'fix-keyfile-acl-undo': { undoId: 'abcdef12-3456' },
    'fix-rebuild-machinekeys': { undoId: 'abcdef12-3456' },
    'fix-rebuild-machinekeys-undo': { undoId: 'abcdef12-3456' },
    'fix-set-nla': { required: true },
    'fix-set-security-layer': { securityLayer: 1 },
    'fix-enable-rdp-undo': { beforeDeny: 1, rules: [] },
    'fix-start-services-undo': { before: [] },
    'remote-repair': { host: 'pc', action: 'firewall', thumbprint: null, useSsl: false },
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

  it('extractJson skips noise before the JSON line and a BOM', () => {
    expect(extractJson('\uFEFF{"a":1}\r\n')).toEqual({ a: 1 });
    expect(extractJson('WARNING: x\r\n{"a":2}\r\n')).toEqual({ a: 2 });
    expect(() => extractJson('')).toThrow();
  });

  it('cleanStderr turns CLIXML error records back into text', () => {
    const text = cleanStderr(fixture('stderr.clixml.txt'));
    expect(text).toContain('Requested registry access is not allowed.');
    expect(text).not.toContain('CLIXML');
    expect(classifyErrorText(text)).toBe('needs-administrator');
  });

  it('classifies section errors of the scripts', () => {
    expect(sectionProblem({ section: 'acl', message: 'Attempted to perform an unauthorized operation.', errorId: 'System.UnauthorizedAccessException,Microsoft.PowerShell.Commands.GetAclCommand' }).kind).toBe('needs-administrator');
    expect(sectionProblem({ section: 'x', message: "The term 'Get-VpnConnection' is not recognized as the name of a cmdlet" }).kind).toBe('cmdlet-not-available');
    expect(sectionProblem({ section: 'x', message: 'Something else broke' }).kind).toBe('failed');
  });
});

describe('interpretOutcome', () => {
  it('accepts valid JSON matching the schema', () => {
    const r = interpretOutcome(outcome({ stdout: fixture('credssp-policy.not-set.json') }), anyObject);
    expect(r.ok).toBe(true);
  });

  it.each([
    ['stderr.access-denied.txt', 'needs-administrator'],
    ['stderr.access-denied-german.txt', 'needs-administrator'],
    ['stderr.cmdlet-missing.txt', 'cmdlet-not-available'],
    ['stderr.invalid-namespace.txt', 'cmdlet-not-available'],
    ['stderr.clixml.txt', 'needs-administrator'],
    ['stderr.tampered.txt', 'failed'],
  ])('%s → %s', (file, kind) => {
    const r = interpretOutcome(outcome({ exitCode: 1, stderr: fixture(file) }), anyObject);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.failure.kind).toBe(kind);
      expect(r.failure.message.length).toBeGreaterThan(10);
    }
  });

  it('maps missing PowerShell, timeouts, cancellation, declined elevation', () => {
    const kind = (o: Partial<PowerShellRawOutcome>) => {
      const r = interpretOutcome(outcome(o), anyObject);
      return r.ok ? 'ok' : r.failure.kind;
    };
    expect(kind({ exitCode: null, spawnError: { code: 'ENOENT', message: 'spawn powershell.exe ENOENT' } })).toBe('powershell-missing');
    expect(kind({ exitCode: null, timedOut: true })).toBe('timed-out');
    expect(kind({ exitCode: null, cancelled: true })).toBe('cancelled');
    expect(kind({ exitCode: null, spawnError: { code: 'ELEVATION_DECLINED', message: 'User did not grant permission.' } })).toBe('elevation-declined');
  });

  it('reports malformed output: not JSON, or JSON that fails the schema', () => {
    const notJson = interpretOutcome(outcome({ stdout: 'hello' }), anyObject);
    expect(!notJson.ok && notJson.failure.kind).toBe('malformed-output');
    const wrong = interpretOutcome(outcome({ stdout: '[1,2]' }), anyObject);
    expect(!wrong.ok && wrong.failure.kind).toBe('malformed-output');
  });
});

describe('the spawn runner (with a stand-in for powershell.exe)', () => {
  const fake = path.join(fixtures, 'fake-powershell.mjs');
  const executor = createSpawnExecutor({ executable: process.execPath, prefixArgs: [fake], platform: process.platform });
  const withMode = async <T>(mode: string, fn: () => Promise<T>): Promise<T> => {
    const before = process.env.FAKE_PS_MODE;
    process.env.FAKE_PS_MODE = mode;
    try {
      return await fn();
    } finally {
      if (before === undefined) delete process.env.FAKE_PS_MODE;
      else process.env.FAKE_PS_MODE = before;
    }
  };

  it('passes the input only through the environment and reads the JSON answer', async () => {
    const raw = await withMode('echo', () => executor({ scriptId: 'accepted-cert', input: { host: "'; Remove-Item -Recurse C:\\ #", port: 3389 } }));
    const r = interpretOutcome(raw, anyObject);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.input).toEqual({ host: "'; Remove-Item -Recurse C:\\ #", port: 3389 });
      expect(r.value.flags).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', '-EncodedCommand']);
      expect(r.value.scriptLength).toBe(fullScriptText('accepted-cert').length);
    }
  });

  it('does not pass a parameters-file variable from the parent environment on', async () => {
    process.env.RDPDOCTOR_INPUT_FILE = '/tmp/evil.json';
    try {
      const r = interpretOutcome(await withMode('echo', () => executor({ scriptId: 'vpn' })), anyObject);
      expect(r.ok && r.value.inputFile).toBe(null);
    } finally {
      delete process.env.RDPDOCTOR_INPUT_FILE;
    }
  });

  it('ignores noise before the JSON, flags garbage, classifies stderr', async () => {
    expect(interpretOutcome(await withMode('noise', () => executor({ scriptId: 'vpn' })), anyObject).ok).toBe(true);
    const garbage = interpretOutcome(await withMode('garbage', () => executor({ scriptId: 'vpn' })), anyObject);
    expect(!garbage.ok && garbage.failure.kind).toBe('malformed-output');
    const denied = interpretOutcome(await withMode('denied', () => executor({ scriptId: 'key-file' })), anyObject);
    expect(!denied.ok && denied.failure.kind).toBe('needs-administrator');
  });

  it('times out and kills the process tree', async () => {
    const raw = await withMode('sleep', () => executor({ scriptId: 'vpn', timeoutMs: 700 }));
    expect(raw.timedOut).toBe(true);
    const grandchild = Number(/grandchild (\d+)/.exec(raw.stdout)?.[1]);
    expect(grandchild).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(isGone(grandchild)).toBe(true);
    const r = interpretOutcome(raw, anyObject);
    expect(!r.ok && r.failure.kind).toBe('timed-out');
  });

  it('cancels through the AbortSignal', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const raw = await withMode('sleep', () => executor({ scriptId: 'vpn', signal: controller.signal, timeoutMs: 20_000 }));
    expect(raw.cancelled).toBe(true);
    expect(raw.durationMs).toBeLessThan(10_000);
  });

  it('reports a missing PowerShell as powershell-missing', async () => {
    const missing = createSpawnExecutor({ executable: '/nonexistent/powershell.exe' });
    const r = interpretOutcome(await missing({ scriptId: 'vpn' }), anyObject);
    expect(!r.ok && r.failure.kind).toBe('powershell-missing');
  });
});
