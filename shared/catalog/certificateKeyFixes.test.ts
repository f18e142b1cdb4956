import { describe, expect, it } from 'vitest';
import { KEY_PATH_PLACEHOLDER, commandKeyPath, grantCertificateKeyRead, reimportCertificateKey } from './certificateKeyFixes';
import type { FixContext } from './fix';

const ctx: FixContext = { platform: 'win32', targetIsLocal: true, target: { host: 'localhost', port: 3389, kind: 'dns' } };
const CNG = 'C:\\ProgramData\\Microsoft\\Crypto\\Keys\\7a4c1f0e8b2d6a9c3e5f7b1d0a2c4e6f_6c1c7e3a-2b3d-4e5f-8a9b-0c1d2e3f4a5b';

describe('certificate key fixes (a CA certificate bound to the listener)', () => {
  it('accept only a machine key path (CAPI MachineKeys or CNG Keys) in commands', () => {
    expect(commandKeyPath(CNG)).toBe(CNG);
    expect(commandKeyPath('C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\d3b07384d113edec49eaa6238ad5ff00_6c1c7e3a')).not.toBeNull();
    for (const bad of ["C:\\ProgramData\\Microsoft\\Crypto\\Keys\\a'; Remove-Item C:\\ -Recurse; '", 'C:\\Windows\\System32\\config\\SAM', 'C:\\ProgramData\\Microsoft\\Crypto\\Keys\\..\\..\\x12345678', null]) {
      expect(commandKeyPath(bad)).toBeNull();
    }
  });

  it('grant read to NETWORK SERVICE on that key only, never run automatically; a hostile path becomes the placeholder', () => {
    const f = grantCertificateKeyRead(ctx, CNG);
    expect(f.automatic).toBe(false);
    expect(f.commands[1]!.text).toBe(`icacls '${CNG}' /grant '*S-1-5-20:(R)'`);
    expect(grantCertificateKeyRead(ctx, "C:\\x'; calc; '").commands[1]!.text).toBe(`icacls '${KEY_PATH_PLACEHOLDER}' /grant '*S-1-5-20:(R)'`);
  });

  it('re-import names the certificate by its validated thumbprint', () => {
    const f = reimportCertificateKey({ ...ctx, certificate: { selfSigned: false, sha1: '99:AA:88:BB:77:CC:66:DD:55:EE:44:FF:33:00:11:22:33:44:55:66', names: [] } });
    expect(f.commands[0]!.text).toBe('certutil -repairstore My 99AA88BB77CC66DD55EE44FF3300112233445566');
    expect(reimportCertificateKey(ctx).commands[0]!.text).toBe('certutil -repairstore My THUMBPRINT');
  });
});
