import { describe, expect, it } from 'vitest';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import type { SchannelData } from '../../checks/windows/schannel';
import { runRules } from '../index';
import { check, ruleInput } from '../testing/netFixtures';

const events = (count: number) =>
  check(WINDOWS_CHECK_IDS.events, 'certificate', 'warn', { days: 7, since: '2024-11-01T10:00:00.000Z', groups: count > 0 ? [{ provider: 'Schannel', id: 36874, count, latestTime: '2024-11-08T09:00:00.000Z', latestMessage: null, alertCodes: [], capped: false }] : [], totalEvents: count, problems: [] });
function schannel(policy: string[] | null) {
  const data: SchannelData = { side: 'Server', registryPath: 'HKLM', protocols: [], modernTlsUsable: true, fipsPolicy: null, cipherSuitePolicy: policy, os: { build: 20348, productName: null, installationType: null }, problems: [] };
  return check(WINDOWS_CHECK_IDS.schannelServer, 'certificate', 'pass', data);
}
const find = (...checks: ReturnType<typeof check>[]) => runRules(ruleInput(checks, undefined, { platform: 'win32', targetIsLocal: true })).find((f) => f.id === 'tls-no-common-cipher');

describe('tls-no-common-cipher (11.14: event 36874 and the cipher-suite policy)', () => {
  it('no 36874: nothing, whatever the policy', () => {
    expect(find(events(0), schannel(['TLS_AES_256_GCM_SHA384']))).toBeUndefined();
  });

  it('36874 with a Group Policy cipher-suite order: the policy is named, IT widens it', () => {
    const f = find(events(12), schannel(['TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_AES_256_GCM_SHA384']))!;
    expect(f.detail).toContain('Schannel 36874 × 12');
    expect(f.detail).toContain('TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, TLS_AES_256_GCM_SHA384');
    expect(f.plain).toContain('A company policy limits those methods');
    expect(f.fixes[0]!.title).toBe('Ask IT to review the cipher-suite policy');
  });

  it('36874 without a policy: Windows defaults, look at the clients', () => {
    const f = find(events(3))!;
    expect(f.detail).toContain('not set (Windows defaults)');
    expect(f.fixes[0]!.commands[0]!.text).toContain('Get-TlsCipherSuite');
  });
});
