import { describe, expect, it } from 'vitest';
import { fixScriptIdOf } from './fixScriptId';
import { fixScriptText } from './fixScripts';

describe('fixScriptIdOf', () => {
  it('names the script of a standalone text, and nothing for other commands', () => {
    expect(fixScriptIdOf(fixScriptText('fix-enable-rdp', {}))).toBe('fix-enable-rdp');
    expect(fixScriptIdOf('Get-Service -Name TermService')).toBeNull();
    expect(fixScriptIdOf('x\n# RDP Doctor: the script fix-enable-rdp as the app runs it')).toBeNull();
  });
});
