import { describe, expect, it } from 'vitest';
import { decodeProductState, productStateSchema, securitySuiteVendor } from './securitySuites';

describe('security products', () => {
  it('productState: scanner byte on/off/snoozed, signature byte up to date or not, anything else unknown', () => {
    expect(decodeProductState(0x061100)).toEqual({ stateHex: '0x061100', enabled: true, upToDate: true });
    expect(decodeProductState(0x060110)).toEqual({ stateHex: '0x060110', enabled: false, upToDate: false });
    expect(decodeProductState(0x062222)).toEqual({ stateHex: '0x062222', enabled: null, upToDate: null });
    expect(productStateSchema.safeParse(decodeProductState(0x041000)).success).toBe(true);
  });

  it('known suites by name; Defender and Windows Firewall are not third-party suites', () => {
    expect(securitySuiteVendor('Bitdefender Antivirus')).toBe('Bitdefender');
    expect(securitySuiteVendor('Microsoft Defender Antivirus')).toBeNull();
    expect(securitySuiteVendor('Contoso Shield')).toBeNull();
  });
});
