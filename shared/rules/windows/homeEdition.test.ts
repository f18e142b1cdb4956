import { describe, expect, it } from 'vitest';
import { WINDOWS_CHECK_IDS } from '../../checks/windows/ids';
import { isHomeEdition, type ListenerSettingsData } from '../../checks/windows/listener';
import { runRules } from '../index';
import { check, ruleInput } from '../testing/netFixtures';

const values = { fDenyTSConnections: 1, portNumber: 3389, userAuthentication: 1, securityLayer: 2, minEncryptionLevel: 2 };
function listener(editionId: string | null): ListenerSettingsData {
  return {
    registry: { ...values, sslCertificateSha1Hash: null },
    policy: { fDenyTSConnections: null, userAuthentication: null, securityLayer: null, minEncryptionLevel: null },
    wmi: null,
    edition: editionId === null ? null : { editionId, productName: 'Windows 10 Home', build: 22631, home: isHomeEdition(editionId) },
    effective: { rdpEnabled: false, rdpEnabledSource: 'listener', port: 3389, nlaRequired: true, nlaSource: 'listener', securityLayer: 2, securityLayerSource: 'listener', minEncryptionLevel: 2, minEncryptionLevelSource: 'listener' },
    policyOverrides: [],
    wmiMismatches: [],
    problems: [],
  };
}
const ids = (editionId: string | null) => runRules(ruleInput([check(WINDOWS_CHECK_IDS.rdpListener, 'security', 'fail', listener(editionId))], undefined, { platform: 'win32', targetIsLocal: true })).map((f) => f.id);

describe('windows-home-cannot-host (11.14)', () => {
  it('knows Home by its EditionIDs, not by the product name', () => {
    expect(['Core', 'CoreN', 'CoreSingleLanguage', 'CoreCountrySpecific'].map(isHomeEdition)).toEqual([true, true, true, true]);
    expect(['Professional', 'Enterprise', 'ServerStandard', 'Education', 'IoTEnterprise', ''].map(isHomeEdition)).toEqual([false, false, false, false, false, false]);
  });

  it('Home: this finding (with the upgrade as the fix) instead of "Remote Desktop is off"', () => {
    expect(ids('CoreSingleLanguage')).toEqual(['windows-home-cannot-host']);
    const [f] = runRules(ruleInput([check(WINDOWS_CHECK_IDS.rdpListener, 'security', 'fail', listener('Core'))], undefined, { platform: 'win32', targetIsLocal: true }));
    expect(f!.detail).toContain('EditionID = Core');
    expect(f!.fixes.map((x) => x.id)).toEqual(['upgrade-windows-edition']);
  });

  it('Pro, or an unknown edition (older output): the listener findings as before', () => {
    expect(ids('Professional')).toEqual(['rdp-disabled']);
    expect(ids(null)).toEqual(['rdp-disabled']);
  });
});
