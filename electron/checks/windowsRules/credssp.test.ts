// shared/rules/windows/credssp.ts on what the Windows checks make of recorded PowerShell output.
import { describe, expect, it } from 'vitest';
import { credsspPolicyCheck } from '../windows/index';
import { check, rules } from './testing';

describe('CredSSP policy', () => {
  it('credssp-policy-mismatch with the registry path and value', async () => {
    const [f] = rules([await check(credsspPolicyCheck, 'credssp-policy.force-updated.json')]);
    expect(f).toMatchObject({ id: 'credssp-policy-mismatch', step: 'security' });
    expect(f!.detail).toContain('AllowEncryptionOracle = 0');
  });
});
