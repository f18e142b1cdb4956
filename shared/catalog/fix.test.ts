import { describe, expect, it } from 'vitest';
import { ANY_PLATFORM_FIX_IDS, canAutomate } from './fix';

describe('fix: when a fix is automatic', () => {
  it('automatic: Windows only (except the .rdp file); server fixes only for this machine; remote-repair only for another one', () => {
    expect(canAutomate('enable-firewall-rules', 'server', { platform: 'win32', targetIsLocal: true })).toBe(true);
    expect(canAutomate('enable-firewall-rules', 'server', { platform: 'win32', targetIsLocal: false })).toBe(false);
    expect(canAutomate('enable-firewall-rules', 'server', { platform: 'linux', targetIsLocal: true })).toBe(false);
    expect(canAutomate('write-rdp-file', 'client', { platform: 'win32', targetIsLocal: false })).toBe(true);
    // Saving a .rdp file is meaningful everywhere: macOS's and Linux's Remote Desktop apps open it too.
    expect(ANY_PLATFORM_FIX_IDS).toEqual(['write-rdp-file']);
    for (const platform of ['darwin', 'linux', 'freebsd']) {
      expect(canAutomate('write-rdp-file', 'client', { platform, targetIsLocal: false }), platform).toBe(true);
      expect(canAutomate('write-rdp-file', 'client', { platform, targetIsLocal: true }), platform).toBe(true);
      expect(canAutomate('remote-repair', 'server', { platform, targetIsLocal: false }), platform).toBe(false);
      expect(canAutomate('set-nla', 'server', { platform, targetIsLocal: true }), platform).toBe(false);
      expect(canAutomate('connect-by-ip', 'client', { platform, targetIsLocal: false }), platform).toBe(false);
    }
    expect(canAutomate('remote-repair', 'server', { platform: 'win32', targetIsLocal: false })).toBe(true);
    expect(canAutomate('remote-repair', 'server', { platform: 'win32', targetIsLocal: true })).toBe(false);
    expect(canAutomate('check-server-events', 'server', { platform: 'win32', targetIsLocal: true })).toBe(false);
  });
});
