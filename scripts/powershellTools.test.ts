import { describe, expect, it } from 'vitest';
import { findPowerShellTools, pesterCounts, powershellRequired, toolVersions, toolsDirs } from './powershellTools.mjs';

const versions = { powershell: '7.6.10', pester: '5.7.1' };
const has = (...files: string[]) => (file: string) => files.includes(file);
/** What findPowerShellTools finds on Linux for the user /home/u with no variable set, where only `files` exist. */
const findOnLinux = (...files: string[]) => findPowerShellTools({ env: {}, home: '/home/u', platform: 'linux', versions, exists: has(...files) });
/** pwsh and Pester 5.7.1 as they lie in a tools folder. */
const toolsIn = (dir: string) => ({ pwsh: `${dir}/pwsh/pwsh`, pester: `${dir}/nuget/pester/5.7.1/tools/Pester.psd1` });
const cache = '/home/u/.cache/rdp-doctor-tools';
const opt = '/opt/rdpdoctor-tools';

describe('toolVersions', () => {
  it('reads the pinned versions (PowerShell 7.6, not 7.7, which does not run on this .NET; Pester 5)', () => {
    const v = toolVersions();
    expect(v.powershell).toMatch(/^7\.6\.\d+$/);
    expect(v.pester).toMatch(/^5\.\d+\.\d+$/);
  });
});

describe('toolsDirs', () => {
  it('uses RDPDOCTOR_TOOLS alone when set', () => {
    expect(toolsDirs({ RDPDOCTOR_TOOLS: '/tmp/t' }, '/home/u')).toEqual(['/tmp/t']);
  });
  it('otherwise the cache folder, then /opt/rdpdoctor-tools', () => {
    expect(toolsDirs({}, '/home/u')).toEqual([cache, opt]);
  });
});

describe('findPowerShellTools', () => {
  it('finds pwsh and Pester in the cache folder', () => {
    const { pwsh, pester } = toolsIn(cache);
    expect(findOnLinux(pwsh, pester)).toEqual({ pwsh, pester, dir: cache });
  });

  it('falls back to /opt/rdpdoctor-tools when the cache has only pwsh', () => {
    expect(findOnLinux(toolsIn(cache).pwsh, toolsIn(opt).pwsh, toolsIn(opt).pester)).toEqual({ ...toolsIn(opt), dir: opt });
  });

  it('takes pwsh from RDPDOCTOR_PWSH and pwsh.exe on Windows', () => {
    expect(findPowerShellTools({ env: { RDPDOCTOR_TOOLS: '/t', RDPDOCTOR_PWSH: '/x/pwsh' }, home: '/h', versions, exists: has('/x/pwsh', '/t/nuget/pester/5.7.1/tools/Pester.psd1') })).toMatchObject({ pwsh: '/x/pwsh' });
    expect(findPowerShellTools({ env: { RDPDOCTOR_TOOLS: '/t' }, home: '/h', platform: 'win32', versions, exists: (f) => f.endsWith('pwsh.exe') || f.endsWith('Pester.psd1') })).toMatchObject({ pwsh: expect.stringMatching(/pwsh\.exe$/) });
  });

  it('says what is missing and where it looked', () => {
    const found = findPowerShellTools({ env: { RDPDOCTOR_TOOLS: '/empty' }, home: '/h', platform: 'linux', versions, exists: () => false });
    expect(found).toEqual({ reason: expect.stringContaining('PowerShell 7.6.10 and Pester 5.7.1 not found in /empty') });
  });
});

describe('pesterCounts', () => {
  it('reads passed, failed and skipped', () => {
    expect(pesterCounts('{"passed":24,"failed":6,"skipped":1,"notRun":0,"failedBlocks":0,"failedContainers":0}')).toEqual({ passed: 24, failed: 6, skipped: 1 });
  });
  it('counts a failed block or file (BeforeAll threw, a parse error) as failed, and tests filtered out by tag as skipped', () => {
    expect(pesterCounts('{"passed":3,"failed":0,"skipped":0,"notRun":4,"failedBlocks":1,"failedContainers":2}')).toEqual({ passed: 3, failed: 3, skipped: 4 });
  });
  it('reads a summary that starts with a byte order mark', () => {
    expect(pesterCounts('\uFEFF{"passed":1,"failed":0}')).toEqual({ passed: 1, failed: 0, skipped: 0 });
  });
  it('returns null for what is not a summary', () => {
    expect(pesterCounts('not json')).toBeNull();
    expect(pesterCounts('{"passed":"1","failed":0}')).toBeNull();
    expect(pesterCounts('null')).toBeNull();
  });
});

describe('powershellRequired', () => {
  it('is required in CI or when asked', () => {
    expect(powershellRequired({ CI: 'true' })).toBe(true);
    expect(powershellRequired({ RDPDOCTOR_REQUIRE_POWERSHELL: '1' })).toBe(true);
  });
  it('is optional on a developer machine', () => {
    expect(powershellRequired({})).toBe(false);
    expect(powershellRequired({ CI: 'false', RDPDOCTOR_REQUIRE_POWERSHELL: '0' })).toBe(false);
  });
});
