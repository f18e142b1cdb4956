// shared/rules/windows/adapters.ts on what the Windows checks make of recorded PowerShell output.
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../shared/model';
import { nicPowerCheck, vpnCheck } from '../windows/index';
import { check, rules } from './testing';

describe('VPN and adapter power saving', () => {
  it('vpn-active is info, warning when the network checks saw trouble', async () => {
    const vpn = await check(vpnCheck, 'vpn.anyconnect.json');
    expect(rules([vpn])[0]).toMatchObject({ id: 'vpn-active', severity: 'info' });
    const stability: CheckResult = { id: 'stability', step: 'stability', status: 'fail', durationMs: 1, summary: 'x', data: {} };
    expect(rules([vpn, stability])[0]!.severity).toBe('warning');
  });

  it('nic-power-saving with the illustration and the PnPCapabilities command', async () => {
    const [f] = rules([await check(nicPowerCheck, 'nic-power.enabled.json')]);
    expect(f!.id).toBe('nic-power-saving');
    expect(f!.fixes[0]!.illustration).toBe('nic-power-management');
    expect(f!.fixes[0]!.commands[0]!.text).toContain("{4D36E972-E325-11CE-BFC1-08002BE10318}\\0001' -Name PnPCapabilities -Value 24");
  });
});
