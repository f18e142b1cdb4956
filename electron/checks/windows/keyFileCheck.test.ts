import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { KeyFileData } from '../../../shared/checks/windows/keyFile';
import type { Target } from '../../../shared/target';
import { runWindowsCheck, type AnyWindowsCheckSpec } from './check';
import { certificateWords, keyFileCheck } from './keyFileCheck';
import { run as runRecorded } from './testing/recorded';

const here = path.dirname(fileURLToPath(import.meta.url));
const target: Target = { host: 'localhost', port: 3389, kind: 'dns' };

async function run(file: string) {
  const stdout = readFileSync(path.join(here, 'fixtures', file), 'utf8');
  const result = await runWindowsCheck(keyFileCheck as unknown as AnyWindowsCheckSpec, { executor: async () => ({ exitCode: 0, stdout, stderr: '', timedOut: false, cancelled: false, durationMs: 5 }) }, { target, signal: new AbortController().signal, platform: 'win32' });
  return { result, data: result.data as unknown as KeyFileData };
}

describe('keyFileCheck (11.8: the key of the certificate the listener really uses)', () => {
  it('a CA certificate whose CNG key NETWORK SERVICE cannot read fails, naming the certificate and the key file', async () => {
    const { result, data } = await run('key-file.ca-cng-no-read.json');
    expect(data.certificate).toEqual({ thumbprint: '99AA88BB77CC66DD55EE44FF3300112233445566', store: 'My', source: 'wmi', selfSigned: false });
    expect(data.keyStorage).toBe('CNG');
    expect(data.networkServiceCanRead).toBe(false);
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('Crypto\\Keys\\7a4c1f0e');
    expect(result.summary).toContain('the certificate 99AA88BB77CC66DD55EE44FF3300112233445566 (My store)');
  });

  it('a key that cannot be opened (0x80090016, German message) fails as missing or damaged', async () => {
    const { result, data } = await run('key-file.ca-key-missing.json');
    expect(data.keyOpened).toBe(false);
    expect(data.openError).toEqual({ message: 'Der Schlüsselsatz ist nicht vorhanden.', hresult: '0x80090016' });
    expect(result.status).toBe('fail');
    expect(result.summary).toMatch(/cannot be opened .*missing or damaged/);
  });

  it('output of the older script (TSSecKeySet1 only) still reads: the self-signed key, no certificate named', async () => {
    const { result, data } = await run('key-file.good.json');
    expect(data.certificate).toBeNull();
    expect(data.keyOpened).toBeNull();
    expect(result.status).toBe('pass');
    expect(result.summary).toContain('the self-signed Remote Desktop certificate');
  });

  it('a key file NETWORK SERVICE can read in a MachineKeys folder where Everyone may not create keys: warn (11.14)', async () => {
    const { result, data } = await run('key-file.folder-no-create.json');
    expect(data.folder?.acl.map((a) => a.sid)).toEqual(['S-1-5-32-544', 'S-1-1-0']);
    expect(result.status).toBe('warn');
    expect(result.summary).toContain("the MachineKeys folder's permissions were changed: Everyone (and so NETWORK SERVICE) cannot create key files in it");
  });

  it('names a certificate plainly', () => {
    expect(certificateWords({ thumbprint: 'AB'.repeat(20), store: 'Remote Desktop', source: 'wmi', selfSigned: true })).toBe(`the self-signed certificate ${'AB'.repeat(20)} (Remote Desktop store)`);
  });
});

describe('key file', () => {
  it('NETWORK SERVICE can read → pass', async () => {
    const { result, data } = await runRecorded<KeyFileData>(keyFileCheck, 'key-file.good.json');
    expect(data).toMatchObject({ networkServiceCanRead: true, systemFullControl: true });
    expect(result.status).toBe('pass');
  });
  it('no entry for NETWORK SERVICE (German account names) → fail; decisions use SIDs', async () => {
    const { result, data } = await runRecorded<KeyFileData>(keyFileCheck, 'key-file.broken.json');
    expect(data.networkServiceCanRead).toBe(false);
    expect(result.status).toBe('fail');
  });
  it('a Deny for NETWORK SERVICE beats Everyone: GENERIC_READ (French names, negative mask)', async () => {
    const { data } = await runRecorded<KeyFileData>(keyFileCheck, 'key-file.deny.json');
    expect(data.acl.find((a) => a.sid === 'S-1-1-0')!.mask).toBe(0x80000000);
    expect(data.networkServiceCanRead).toBe(false);
  });
  it('ACL unreadable without administrator rights → skipped with the reason', async () => {
    const { result } = await runRecorded(keyFileCheck, 'key-file.access-denied.json');
    expect(result.status).toBe('skipped');
    expect(result.reason).toMatch(/administrator/);
  });
  it('missing key file → warn', async () => {
    expect((await runRecorded(keyFileCheck, 'key-file.missing.json')).result.status).toBe('warn');
  });
});
