import { describe, expect, it } from 'vitest';
import { coverageInUse, portListCovers, protocolCovers, type ServerFirewallData } from './firewall';

const profile = (name: 'Domain' | 'Private' | 'Public', open: boolean): ServerFirewallData['coverage'][number] => ({ profile: name, firewallOn: true, allowedBy: [], blockedBy: [], open, localIgnored: [] });

describe('Windows Firewall data', () => {
  it('the coverage of the profiles in use, or of every profile when which are in use is unknown', () => {
    const coverage = [profile('Domain', false), profile('Private', true), profile('Public', false)];
    expect(coverageInUse({ activeProfiles: ['Private', 'Public'], coverage }).map((c) => c.profile)).toEqual(['Private', 'Public']);
    expect(coverageInUse({ activeProfiles: [], coverage }).map((c) => c.profile)).toEqual(['Domain', 'Private', 'Public']);
  });

  it('port lists and protocols as Windows Firewall writes them', () => {
    expect([portListCovers(['Any'], 3389), portListCovers(['3000-4000'], 3389), portListCovers(['80,3389'], 3389), portListCovers(['3390'], 3389), portListCovers(['RPC'], 3389)]).toEqual([true, true, true, false, false]);
    expect([protocolCovers('Any', 'TCP'), protocolCovers('6', 'TCP'), protocolCovers('17', 'TCP'), protocolCovers('udp', 'UDP')]).toEqual([true, true, false, true]);
  });
});
