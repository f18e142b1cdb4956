import { describe, expect, it } from 'vitest';
import { FIX_SCRIPT_TEMPLATES } from './fixScripts.generated';
import { fixScriptCommand, fixScriptText, readFixScript } from './fixScripts';

describe('fix scripts shown to run by hand', () => {
  it('put the input as one line of JSON data into the template, and read it back', () => {
    const text = fixScriptText('fix-set-security-layer', { securityLayer: 2 });
    expect(text).toContain("$in = ConvertFrom-Json -InputObject @'\n{\"securityLayer\":2}\n'@\n");
    expect(readFixScript(text)).toEqual({ scriptId: 'fix-set-security-layer', input: { securityLayer: 2 } });
    expect(fixScriptCommand('Set it', 'fix-set-security-layer', { securityLayer: 2 })).toEqual({ label: 'Set it', shell: 'powershell', text });
  });

  it('a line break or a here-string end in a value stays inside the one data line', () => {
    const text = fixScriptText('fix-clear-cert-hash', { thumbprint: "x\n'@\nRemove-Item C:\\ -Recurse" });
    const data = text.split('\n').filter((l) => l.startsWith('{'));
    expect(data).toEqual(['{"thumbprint":"x\\n\'@\\nRemove-Item C:\\\\ -Recurse"}']);
    expect(text.split('\n').filter((l) => l.startsWith("'@"))).toEqual(["'@"]);
  });

  it('a text changed anywhere is not read as the script', () => {
    const text = fixScriptText('fix-enable-rdp', {});
    expect(readFixScript(text.replace('SetAllowTSConnections', 'SetAllowTSConnectionz'))).toBeNull();
    expect(Object.keys(FIX_SCRIPT_TEMPLATES)).toContain('remote-repair');
  });
});
