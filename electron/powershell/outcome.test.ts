import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { classifyErrorText, cleanStderr, extractJson, interpretOutcome, sectionProblem } from './outcome';
import type { PowerShellRawOutcome } from './runner';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, '..', 'checks', 'windows', 'fixtures');
const fixture = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');
const PWSH = process.env.RDPDOCTOR_PWSH ?? '/opt/rdpdoctor-tools/pwsh/pwsh';

function outcome(partial: Partial<PowerShellRawOutcome>): PowerShellRawOutcome {
  return { exitCode: 0, stdout: '', stderr: '', timedOut: false, cancelled: false, durationMs: 5, ...partial };
}
const anyObject = z.record(z.string(), z.unknown());

describe('reading stderr and stdout', () => {
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

  it('reads PowerShell 7 errors: ANSI colours inside CLIXML, no FullyQualifiedErrorId, "as a name of a cmdlet" (11.12)', () => {
    // Recorded from pwsh 7.6 (spawned with stderr piped), and run again below where pwsh is installed.
    const missing = '#< CLIXML\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><S S="Error">_x001B_[31;1mGet-NetFirewallRule: _x001B_[31;1mThe term \'Get-NetFirewallRule\' is not recognized as a name of a cmdlet, function, script file, or executable program._x001B_[0m_x000A_</S></Objs>';
    const denied = '#< CLIXML\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><S S="Error">_x001B_[31;1mOperationStopped: _x001B_[31;1mAccess to the path is denied._x001B_[0m_x000A_</S></Objs>';
    expect(classifyErrorText(cleanStderr(missing))).toBe('cmdlet-not-available');
    expect(cleanStderr(denied)).toBe('OperationStopped: Access to the path is denied.');
    expect(classifyErrorText(cleanStderr(denied))).toBe('needs-administrator');
  });

  it.skipIf(!existsSync(PWSH))('reads the errors real pwsh writes when its stderr is piped (11.12)', { timeout: 60_000 }, () => {
    const run = (text: string) => cleanStderr(spawnSync(PWSH, ['-NoProfile', '-NonInteractive', '-EncodedCommand', Buffer.from(text, 'utf16le').toString('base64')], { encoding: 'utf8', timeout: 60_000 }).stderr);
    expect(classifyErrorText(run("$ErrorActionPreference = 'Stop'; Get-RdNoSuchCmdlet"))).toBe('cmdlet-not-available');
    expect(classifyErrorText(run("throw [System.UnauthorizedAccessException]::new('Access to the path is denied.')"))).toBe('needs-administrator');
  });

  it('a precondition a script explains is shown in its words, even when it quotes "Access is denied" (11.13)', () => {
    const stderr = 'RDPDOCTOR-PRECONDITION local-account-token-filter: pc-042 refused the local account PC-042\\helpdesk (Access is denied). Use a domain administrator.';
    const r = interpretOutcome({ exitCode: 1, stdout: '', stderr, timedOut: false, cancelled: false, durationMs: 1 }, z.object({}));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.failure.kind).toBe('failed');
      expect(r.failure.message).toBe('pc-042 refused the local account PC-042\\helpdesk (Access is denied). Use a domain administrator.');
    }
  });

  it('keeps the JSON a failing fix script still printed (its undo data, written in finally) (11.3)', () => {
    const undo = { undoDir: 'C:\\ProgramData\\RDPDoctor\\Undo\\x', removed: [{ thumbprint: 'AB' }], complete: false };
    const r = interpretOutcome({ exitCode: 1, stdout: `${JSON.stringify(undo)}\r\n`, stderr: 'Service SessionEnv cannot be started.', timedOut: false, cancelled: false, durationMs: 1 }, z.object({}));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.failure.partial).toEqual(undo);
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

  it('reads the restricted-language answer of the prelude as powershell-restricted, before the schema', () => {
    const r = interpretOutcome(outcome({ stdout: '{"restricted":true,"languageMode":"ConstrainedLanguage"}\r\n' }), z.object({ port: z.number() }));
    expect(!r.ok && r.failure.kind).toBe('powershell-restricted');
    expect(!r.ok && r.failure.message).toMatch(/^PowerShell is restricted on this computer/);
    expect(!r.ok && r.failure.detail).toContain('ConstrainedLanguage');
  });

  it("strips PowerShell 7's ANSI colours from CLIXML and plain stderr", () => {
    const clixml = '#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><S S="Error">_x001B_[31;1mException: _x001B_[31;1mAccess is denied._x001B_[0m_x000A_</S></Objs>';
    expect(cleanStderr(clixml)).toBe('Exception: Access is denied.');
    expect(cleanStderr('\u001b[31;1mInvalidOperation: \u001b[31;1mCannot invoke method.\u001b[0m')).toBe('InvalidOperation: Cannot invoke method.');
  });

  it('reports malformed output: not JSON, or JSON that fails the schema', () => {
    const notJson = interpretOutcome(outcome({ stdout: 'hello' }), anyObject);
    expect(!notJson.ok && notJson.failure.kind).toBe('malformed-output');
    const wrong = interpretOutcome(outcome({ stdout: '[1,2]' }), anyObject);
    expect(!wrong.ok && wrong.failure.kind).toBe('malformed-output');
  });
});
