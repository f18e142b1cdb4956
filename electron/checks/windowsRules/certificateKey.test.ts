// shared/rules/windows/certificateKey.ts on what the Windows checks make of recorded PowerShell output.
import { describe, expect, it } from 'vitest';
import { eventsCheck, keyFileCheck } from '../windows/index';
import { check, rules } from './testing';

describe("the certificate's key", () => {
  it('machinekeys-permissions for a CA certificate (11.8): its own key file, and only repairs that touch that key', async () => {
    const [f] = rules([await check(keyFileCheck, 'key-file.ca-cng-no-read.json')]);
    expect(f!.id).toBe('machinekeys-permissions');
    expect(f!.fixes.map((x) => x.id)).toEqual(['grant-certificate-key-read']);
    expect(f!.fixes[0]!.commands.map((c) => c.text)).toEqual([
      "icacls 'C:\\ProgramData\\Microsoft\\Crypto\\Keys\\7a4c1f0e8b2d6a9c3e5f7b1d0a2c4e6f_6c1c7e3a-2b3d-4e5f-8a9b-0c1d2e3f4a5b'",
      "icacls 'C:\\ProgramData\\Microsoft\\Crypto\\Keys\\7a4c1f0e8b2d6a9c3e5f7b1d0a2c4e6f_6c1c7e3a-2b3d-4e5f-8a9b-0c1d2e3f4a5b' /grant '*S-1-5-20:(R)'",
    ]);
    expect(f!.detail).toContain('CNG key file C:\\ProgramData\\Microsoft\\Crypto\\Keys\\7a4c1f0e');
    expect(f!.detail).toContain('99AA88BB77CC66DD55EE44FF3300112233445566 in My, issued by a CA');
    const [missing] = rules([await check(keyFileCheck, 'key-file.ca-key-missing.json')]);
    expect(missing!.fixes.map((x) => x.id)).toEqual(['reimport-certificate-key']);
    expect(missing!.fixes[0]!.commands[0]!.text).toBe('certutil -repairstore My 99AA88BB77CC66DD55EE44FF3300112233445566');
    expect(missing!.plain).toContain('the key is missing or damaged');
  });

  it('machinekeys-permissions: ACL repair first, the heavy rebuild last', async () => {
    const [f] = rules([await check(keyFileCheck, 'key-file.broken.json')]);
    expect(f!.id).toBe('machinekeys-permissions');
    expect(f!.fixes.map((x) => x.id)).toEqual(['repair-keyfile-acl', 'regenerate-self-signed-cert', 'reset-machinekeys-acl', 'rebuild-machinekeys']);
    expect(f!.detail).toContain('S-1-5-20');
  });

  it('schannel-key-errors lists the event ids and counts', async () => {
    const [f] = rules([await check(eventsCheck, 'events.key-errors.json')]);
    expect(f!.id).toBe('schannel-key-errors');
    expect(f!.evidence.map((e) => e.label)).toEqual(['Event 1058', 'Event 36870']);
    expect(f!.detail).toContain('12 × event 36870');
  });
});
