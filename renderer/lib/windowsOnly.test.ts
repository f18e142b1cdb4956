import { describe, expect, it } from 'vitest';
import type { FixCommand } from '../../shared/model';
import { windowsOnlyHere } from './windowsOnly';

const ps: FixCommand = { label: 'Repair', shell: 'powershell', text: 'Restart-Service TermService' };
const rdp: FixCommand = { label: 'file', shell: 'rdp-file', text: 'full address:s:10.0.0.5' };

describe('Windows-only fixes off Windows', () => {
  it('a change RDP Doctor makes with PowerShell is Windows-only off Windows, not on Windows', () => {
    expect(windowsOnlyHere({ automatic: true, commands: [ps] }, 'linux')).toBe(true);
    expect(windowsOnlyHere({ automatic: true, commands: [ps] }, 'darwin')).toBe(true);
    expect(windowsOnlyHere({ automatic: true, commands: [ps] }, 'win32')).toBe(false);
  });

  it('the .rdp file, a manual fix and an unknown platform are not', () => {
    expect(windowsOnlyHere({ automatic: true, commands: [rdp] }, 'linux')).toBe(false);
    expect(windowsOnlyHere({ automatic: false, commands: [ps] }, 'linux')).toBe(false);
    expect(windowsOnlyHere({ automatic: true, commands: [] }, 'linux')).toBe(false);
    expect(windowsOnlyHere({ automatic: true, commands: [ps] }, undefined)).toBe(false);
  });
});
