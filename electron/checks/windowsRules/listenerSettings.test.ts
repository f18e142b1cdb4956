// shared/rules/windows/listenerSettings.ts on what the Windows checks make of recorded PowerShell output.
import { describe, expect, it } from 'vitest';
import { rdpListenerCheck } from '../windows/index';
import { check, ids, rules } from './testing';

describe('listener settings', () => {
  it('rdp-disabled by policy: no automatic switch, the policy fix; nla-policy-override listed', async () => {
    const found = rules([await check(rdpListenerCheck, 'listener-settings.denied-by-policy.json')]);
    expect(ids(found)).toEqual(['rdp-disabled', 'nla-policy-override']);
    expect(found[0]!.fixes.map((f) => f.id)).toEqual(['change-rdp-policy']);
    expect(found[0]!.plain).toContain('by a Group Policy');
  });

  it('rdp-disabled locally: enable-rdp is automatic on Windows for this machine only', async () => {
    const fresh = await check(rdpListenerCheck, 'listener-settings.fresh-install.json');
    expect(rules([fresh])[0]!.fixes[0]).toMatchObject({ id: 'enable-rdp', automatic: true, illustration: 'system-properties-remote-nla' });
    expect(rules([fresh], { platform: 'linux' })[0]!.fixes[0]!.automatic).toBe(false);
    expect(rules([fresh], { targetIsLocal: false })[0]!.fixes[0]!.automatic).toBe(false);
  });

  it('listener-security-inconsistent offers Negotiate first, then turning NLA off', async () => {
    const [f] = rules([await check(rdpListenerCheck, 'listener-settings.inconsistent.json')]);
    expect(f!.id).toBe('listener-security-inconsistent');
    expect(f!.fixes.map((x) => [x.id, x.params])).toEqual([
      ['set-security-layer', { securityLayer: 1 }],
      ['set-nla', { required: false }],
    ]);
  });
});
