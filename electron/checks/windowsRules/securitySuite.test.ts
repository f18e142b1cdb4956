// shared/rules/windows/securitySuite.ts on what the Windows checks make of recorded PowerShell output.
import { describe, expect, it } from 'vitest';
import { securitySuitesCheck } from '../windows/index';
import { check, rules } from './testing';

describe('security suites', () => {
  it('security-suite-present names the suite', async () => {
    const [f] = rules([await check(securitySuitesCheck, 'security-suites.typical.json')]);
    expect(f).toMatchObject({ id: 'security-suite-present', severity: 'warning' });
    expect(f!.plain).toContain('Bitdefender');
    expect(f!.fixes.map((x) => x.invasiveness)).toEqual(['none', 'low']);
  });
});
