import { describe, expect, it } from 'vitest';
import type { FixContext } from './fix';
import { readFixScript } from './fixScripts';
import { REMOTE_REPAIR_ACTIONS, remoteRepair } from './remoteRepairFix';

describe('remote repair fix', () => {
  it('remote-repair shows remote-repair.ps1 for the quoted host and action, never for this machine', () => {
    const ctx: FixContext = { target: { host: 'pc-042.corp.example', port: 3389, kind: 'dns' }, platform: 'win32', targetIsLocal: false };
    for (const action of REMOTE_REPAIR_ACTIONS) {
      const fix = remoteRepair(ctx, action)!;
      expect(fix.commands[0]!.text).toBe("Test-WSMan -ComputerName 'pc-042.corp.example'");
      expect(readFixScript(fix.commands[1]!.text)).toEqual({ scriptId: 'remote-repair', input: { host: 'pc-042.corp.example', action, thumbprint: null, useSsl: false, skipCertificateCheck: false } });
      expect(fix.params).toMatchObject({ host: 'pc-042.corp.example', action });
    }
    const https = remoteRepair(ctx, 'firewall', { useSsl: true, skipCertificateCheck: true })!;
    expect(readFixScript(https.commands[1]!.text)?.input).toMatchObject({ useSsl: true, skipCertificateCheck: true });
    expect(remoteRepair({ ...ctx, targetIsLocal: true }, 'firewall')).toBeNull();
    expect(remoteRepair({ ...ctx, target: { host: "x'; calc", port: 3389, kind: 'dns' } }, 'firewall')).toBeNull();
  });
});
