import { describe, expect, it } from 'vitest';
import { HOST, IP, IP6, TARGET, addressingCheck, certificate, credsspCheck, tlsCheck } from './testing/netFixtures';
import { run, ids, one, evidenceText } from './testing/findings';

describe('addressing', () => {
  const twoAddresses = addressingCheck({
    addresses: [
      { address: IP6, family: 6, ok: false, stage: 'tcp', outcome: 'filtered', durationMs: 5000 },
      { address: IP, family: 4, ok: true, stage: 'done', outcome: 'ok', durationMs: 44 },
    ],
    workingAddress: IP,
  });

  it('address-fails names the address that works and offers it', () => {
    const f = one(run([twoAddresses]), 'address-fails');
    expect(f.plain).toContain(`Connecting to ${IP} works`);
    expect(evidenceText(f)).toContain(`${IP6}: failed at tcp (filtered)`);
    const byIp = f.fixes.find((x) => x.id === 'connect-by-ip')!;
    expect(byIp.commands[0]!.text).toBe(`mstsc /v:${IP}`);
    const file = f.fixes.find((x) => x.id === 'write-rdp-file')!;
    expect(file.params).toEqual({ target: IP });
    expect(file.commands[0]!.text).toContain(`full address:s:${IP}`);
  });

  it('no address-fails when all addresses behave the same', () => {
    expect(run([addressingCheck()])).toEqual([]);
    const allFail = addressingCheck({ addresses: [{ address: IP, family: 4, ok: false, stage: 'tcp', outcome: 'refused', durationMs: 1 }], workingAddress: null });
    expect(run([allFail])).toEqual([]);
  });

  const elsewhere = credsspCheck({ ntlm: { netbiosComputer: 'PC-099', dnsComputer: 'pc-099.corp.example', netbiosDomain: 'CORP', dnsDomain: 'corp.example' } });

  it('name-points-elsewhere when the machine in the same domain calls itself something else', () => {
    const f = one(run([elsewhere]), 'name-points-elsewhere');
    expect(f.severity).toBe('warning');
    expect(f.plain).toContain('pc-099.corp.example');
    expect(evidenceText(f)).toContain('PC-099 (domain corp.example)');
  });

  it('not when the machine names itself as typed, for IP targets, locally, or across domains (aliases)', () => {
    expect(run([credsspCheck()])).toEqual([]);
    expect(run([elsewhere], { host: IP, port: 3389, kind: 'ipv4' })).toEqual([]);
    expect(run([elsewhere], TARGET, { targetIsLocal: true })).toEqual([]);
    const azure = credsspCheck({ ntlm: { netbiosComputer: 'VM-PROD-01', dnsComputer: 'vm-prod-01', dnsDomain: 'vm-prod-01' } });
    expect(run([azure], { host: 'myvm.westeurope.cloudapp.azure.com', port: 3389, kind: 'dns' })).toEqual([]);
  });

  it('not when the certificate matches the typed name', () => {
    expect(ids(run([elsewhere, tlsCheck()]))).not.toContain('name-points-elsewhere');
  });

  it('from a self-signed certificate alone when NLA is off (no NTLM names)', () => {
    const cert = certificate({ subject: 'CN=pc-099.corp.example', subjectCN: 'pc-099.corp.example' });
    const tls = tlsCheck({ certificate: cert, nameMatch: { matches: false, checkedName: HOST, matchedBy: 'none' } });
    expect(ids(run([tls]))).toContain('name-points-elsewhere');
    // A certificate from a CA may carry another name on purpose: not evidence.
    const ca = tlsCheck({ certificate: { ...cert, selfSigned: false, issuer: 'CN=Corp CA' }, nameMatch: { matches: false, checkedName: HOST, matchedBy: 'none' } });
    expect(ids(run([ca]))).not.toContain('name-points-elsewhere');
  });

  it('a short typed name is compared with any name the machine gives', () => {
    expect(ids(run([elsewhere], { host: 'pc-042', port: 3389, kind: 'dns' }))).toContain('name-points-elsewhere');
  });
});
