import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixScriptText, readFixScript } from '../../shared/catalog/fixScripts';
import PRELUDE_TEXT from './prelude.ps1';
import SEAMS_TEXT from './seams.ps1';
import { fullScriptText } from './scripts';
import { HAND_SCRIPTS, INPUT_LINE, INPUT_SLOT, braceDelta, generatedModule, splitTopLevel, standaloneTemplate, type HandScriptId } from './standalone';

const PWSH = process.env.RDPDOCTOR_PWSH ?? '/opt/rdpdoctor-tools/pwsh/pwsh';
const here = path.dirname(new URL(import.meta.url).pathname);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'rdpdoctor-standalone-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** An input each script accepts (the catalogue's kind of input; undoId is filled in by the script). */
const SAMPLE: Record<HandScriptId, Record<string, unknown>> = {
  'fix-firewall-apply': { profiles: ['Domain', 'Private'] },
  'fix-regenerate-cert': { thumbprint: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C' },
  'fix-keyfile-acl': { restartSessionEnv: true },
  'fix-reset-machinekeys-acl': {},
  'fix-rebuild-machinekeys': {},
  'fix-clear-cert-hash': { thumbprint: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C' },
  'fix-set-nla': { required: true },
  'fix-set-security-layer': { securityLayer: 1 },
  'fix-enable-rdp': {},
  'fix-start-services': {},
  'remote-repair': { host: 'pc-042.corp.example', action: 'firewall', thumbprint: null, useSsl: false, skipCertificateCheck: false },
};

function pwsh(script: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const out = spawnSync(PWSH, ['-NoProfile', '-NonInteractive', '-Command', script], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

describe('the standalone form of a fix script (10.1)', () => {
  it('the generated templates in shared/ are what the .ps1 files give now (else: npm run gen:scripts)', () => {
    const committed = readFileSync(path.join(here, '../../shared/catalog/fixScripts.generated.ts'), 'utf8');
    expect(committed).toBe(generatedModule());
  });

  it('splitting a file into top-level chunks loses nothing', () => {
    for (const text of [PRELUDE_TEXT, SEAMS_TEXT]) {
      expect(splitTopLevel(text).map((c) => c.text).join('\n')).toBe(text.replace(/\r\n/g, '\n'));
    }
    expect(splitTopLevel(PRELUDE_TEXT).filter((c) => c.kind === 'statement' && c.text === INPUT_LINE)).toHaveLength(1);
  });

  it('counts braces outside strings and comments only', () => {
    expect(braceDelta("function X { '{' + \"}\" # }")).toBe(1);
    expect(braceDelta("$a = 'it''s {'; }")).toBe(-1);
    expect(braceDelta('$b = "`"{"; {')).toBe(1);
  });

  it('each template is the script file byte for byte at the end, with the input slot once and verbatim prelude and seams', () => {
    const known = [...splitTopLevel(PRELUDE_TEXT), ...splitTopLevel(SEAMS_TEXT)].filter((c) => c.kind === 'function');
    for (const id of HAND_SCRIPTS) {
      const t = standaloneTemplate(id);
      expect(t.split(INPUT_SLOT)).toHaveLength(2);
      expect(t).not.toContain('Read-RdpDoctorInput');
      for (const f of known) if (t.includes(`function ${f.name!}(`) || t.includes(`function ${f.name!} `)) expect(t).toContain(f.text);
    }
  });

  it('the input goes in as data and comes back out the same', () => {
    const text = fixScriptText('fix-set-nla', { required: false });
    expect(readFixScript(text)).toEqual({ scriptId: 'fix-set-nla', input: { required: false } });
    expect(readFixScript(`${text}\nRemove-Item C:\\`)).toBeNull();
    expect(readFixScript('Get-Service TermService')).toBeNull();
  });

  describe.skipIf(!existsSync(PWSH))('in real PowerShell', () => {
    it('every standalone script parses and passes the Windows PowerShell 5.1 rules with only its own functions (none missing)', () => {
      const files = HAND_SCRIPTS.map((id) => {
        const file = path.join(tmp, `${id}.ps1`);
        writeFileSync(file, fixScriptText(id, SAMPLE[id] as never));
        return file;
      });
      const compat = path.join(here, 'testing', 'Compat51.psm1');
      const script = [
        `Import-Module '${compat}'`,
        '$bad = @()',
        `foreach ($f in @(${files.map((f) => `'${f}'`).join(', ')})) {`,
        '  $text = [System.IO.File]::ReadAllText($f)',
        '  $own = Get-RdDefinedFunctions @($f)',
        "  foreach ($v in @(Test-RdCompat51 -Text $text -Functions $own)) { $bad += ((Split-Path -Leaf $f) + ':' + $v.line + ' ' + $v.rule + ' ' + $v.message) }",
        '}',
        '$bad -join "`n"',
      ].join('\n');
      const out = pwsh(script);
      expect(out.stderr).toBe('');
      expect(out.stdout.trim()).toBe('');
    });

    it('prints what the runner form prints, for the same input and the same Windows (set-nla, start-services)', () => {
      // Stand-ins for the seams, put right before the script's own text in both forms.
      const fakes = [
        "function Get-RdTsSetting { [pscustomobject]@{ UserAuthenticationRequired = 0; SecurityLayer = 2 } }",
        'function Invoke-RdCimMethod($InputObject, $MethodName, $Arguments) { [pscustomobject]@{ ReturnValue = 0 } }',
        "function Get-RdService($Name) { if ($Name -eq 'UmRdpService') { return $null }; [pscustomobject]@{ Name = $Name; Status = 'Stopped'; StartType = 'Disabled' } }",
        'function Set-RdServiceStartType($Name, $StartType) { }',
        'function Start-RdService($Name) { }',
      ].join('\n');
      for (const [id, input] of [
        ['fix-set-nla', { required: true }],
        ['fix-start-services', {}],
      ] as const) {
        const standalone = fixScriptText(id, input);
        const own = readFileSync(path.join(here, 'fixes', id === 'fix-set-nla' ? 'set-nla.ps1' : 'start-services.ps1'), 'utf8').replace(/\r\n/g, '\n').replace(/\n+$/, '');
        const at = standalone.lastIndexOf(own);
        expect(at).toBeGreaterThan(0);
        const byHand = pwsh(`${standalone.slice(0, at)}${fakes}\n${standalone.slice(at)}`);
        const runner = fullScriptText(id, fakes);
        const byApp = pwsh(runner, { RDPDOCTOR_INPUT: JSON.stringify(input) });
        expect(byHand.status, byHand.stderr).toBe(0);
        expect(byApp.status, byApp.stderr).toBe(0);
        expect(JSON.parse(byHand.stdout)).toEqual(JSON.parse(byApp.stdout));
        expect(JSON.parse(byHand.stdout)).toMatchObject(id === 'fix-set-nla' ? { before: 0, after: 1 } : { before: [{ name: 'TermService', status: 'Stopped', startType: 'Disabled' }, { name: 'SessionEnv' }] });
      }
    });

    it('hostile strings in the input stay data: nothing runs, the value comes back exactly', () => {
      const hostile = ["x'; Set-Content -Path pwned.txt -Value 1; '", "'@\nSet-Content -Path pwned.txt -Value 1\n@'", '$(Set-Content -Path pwned.txt -Value 1)', 'x`; Set-Content pwned.txt 1', 'J\u00fcrgen \u2019; Set-Content pwned.txt 1 \u2018'];
      const cwd = mkdtempSync(path.join(tmp, 'hostile-'));
      // Only the data blocks (from each here-string to its end), one after the other in one PowerShell.
      const blocks = hostile.map((value) => `${/\$in = ConvertFrom-Json -InputObject @'\n.*\n'@\n/.exec(fixScriptText('fix-clear-cert-hash', { thumbprint: value }))![0]}[Console]::Out.Write($in.thumbprint + [char]0)`);
      const out = spawnSync(PWSH, ['-NoProfile', '-NonInteractive', '-Command', blocks.join('\n')], { encoding: 'utf8', timeout: 60_000, cwd });
      expect(out.status, out.stderr).toBe(0);
      expect(out.stdout.split('\0').slice(0, -1)).toEqual(hostile);
      expect(existsSync(path.join(cwd, 'pwned.txt'))).toBe(false);
    });
  });
});
