import { describe, expect, it } from 'vitest';
import type { AddressingData, CredsspData, StabilityData, TlsData, X224Reply } from '../../../shared/checks/net';
import { certificateProblems, judgeAddressing, judgeCredssp, judgeDns, judgeRdpListener, judgeSecurityLayers, judgeStability, judgeTcp, judgeTls, judgeUdp } from './judge';

const NOW = '2026-01-01T00:00:00.000Z';
const cert = (over: Partial<NonNullable<TlsData['certificate']>> = {}): NonNullable<TlsData['certificate']> => ({
  subject: 'CN=pc-042',
  subjectCN: 'pc-042',
  issuer: 'CN=pc-042',
  issuerCN: 'pc-042',
  serialNumber: '01',
  validFrom: '2025-01-01T00:00:00.000Z',
  validTo: '2027-01-01T00:00:00.000Z',
  selfSigned: true,
  dnsNames: [],
  ipAddresses: [],
  keyType: 'rsa',
  keyBits: 2048,
  signatureAlgorithm: 'sha256WithRSAEncryption',
  signatureAlgorithmOid: '1.2.840.113549.1.1.11',
  extendedKeyUsage: [],
  sha1: 'AA',
  sha256: 'BB',
  pem: '',
  ...over,
});
const confirm = (requestedProtocols: number, selectedProtocol: number): X224Reply => ({ requestedProtocols, kind: 'confirm', selectedProtocol, unexpectedSelection: false, durationMs: 1 });
const tls = (over: Partial<TlsData> = {}): TlsData => ({
  address: '10.0.0.5',
  x224: confirm(11, 1),
  attempts: [
    { version: 'TLSv1', outcome: 'rejected', alert: 'protocol_version', durationMs: 1 },
    { version: 'TLSv1.1', outcome: 'rejected', durationMs: 1 },
    { version: 'TLSv1.2', outcome: 'accepted', cipher: 'ECDHE-RSA-AES256-GCM-SHA384', durationMs: 1 },
    { version: 'TLSv1.3', outcome: 'accepted', durationMs: 1 },
  ],
  certificate: cert(),
  nameMatch: { matches: true, checkedName: 'pc-042', matchedBy: 'cn' },
  checkedAt: NOW,
  ...over,
});

describe('judging', () => {
  it('dns: literal is skipped, failures fail', () => {
    expect(judgeDns({ name: '10.0.0.5', addresses: [{ address: '10.0.0.5', family: 4 }], outcome: 'literal', durationMs: 0 }).status).toBe('skipped');
    expect(judgeDns({ name: 'a', addresses: [{ address: '10.0.0.5', family: 4 }], outcome: 'ok', durationMs: 1 }).summary).toBe('a resolves to 10.0.0.5.');
    expect(judgeDns({ name: 'a', addresses: [], outcome: 'nxdomain', durationMs: 1 }).status).toBe('fail');
  });
  it('tcp: open passes, refused / filtered / unreachable fail, cancellation skips', () => {
    expect(judgeTcp({ address: '10.0.0.5', port: 3389, outcome: 'open', connectMs: 3, timeoutMs: 5000 }).status).toBe('pass');
    expect(judgeTcp({ address: '10.0.0.5', port: 3389, outcome: 'refused', timeoutMs: 5000 }).status).toBe('fail');
    expect(judgeTcp({ address: 'fd00::5', port: 3389, outcome: 'filtered', timeoutMs: 5000 }).summary).toMatch(/^\[fd00::5\]:3389: Nothing came back within 5.0 s/);
    expect(judgeTcp({ address: '10.0.0.5', port: 3389, outcome: 'error', errorCode: 'ABORT_ERR', timeoutMs: 5000 }).status).toBe('skipped');
    expect(judgeTcp({ address: '10.0.0.5', port: 3389, outcome: 'error', errorCode: 'EPERM', timeoutMs: 5000 }).status).toBe('fail');
  });
  it('rdp-listener: failures still prove a listener; resets and banners fail', () => {
    expect(judgeRdpListener({ address: 'a', reply: { requestedProtocols: 11, kind: 'failure', failureCode: 5, failureName: 'HYBRID_REQUIRED_BY_SERVER', durationMs: 1 } }, 3389).status).toBe('pass');
    expect(judgeRdpListener({ address: 'a', reply: { requestedProtocols: 11, kind: 'not-rdp', banner: 'SSH-2.0-x', durationMs: 1 } }, 3389).summary).toMatch(/SSH-2.0-x/);
    expect(judgeRdpListener({ address: 'a', reply: { requestedProtocols: 11, kind: 'reset', durationMs: 1 } }, 3389).status).toBe('fail');
    expect(judgeRdpListener({ address: 'a', reply: { ...confirm(11, 0x20), unexpectedSelection: true } }, 3389).status).toBe('warn');
  });
  it('security layers: cert-not-on-server fails, RDP-only warns, NLA required passes', () => {
    expect(judgeSecurityLayers({ address: 'a', replies: [{ requestedProtocols: 1, kind: 'failure', failureCode: 3, durationMs: 1 }], accepts: { rdp: null, tls: false, hybrid: null, hybridEx: null }, requires: null, certNotOnServer: true }).status).toBe('fail');
    expect(judgeSecurityLayers({ address: 'a', replies: [confirm(0, 0), confirm(1, 0)], accepts: { rdp: true, tls: false, hybrid: false, hybridEx: false }, requires: null, certNotOnServer: false }).status).toBe('warn');
    const nla = judgeSecurityLayers({ address: 'a', replies: [confirm(3, 2)], accepts: { rdp: false, tls: false, hybrid: true, hybridEx: false }, requires: 'hybrid', certNotOnServer: false });
    expect(nla.status).toBe('pass');
    expect(nla.summary).toMatch(/requires Network Level Authentication/);
    expect(judgeSecurityLayers({ address: 'a', replies: [{ requestedProtocols: 0, kind: 'timeout', durationMs: 1 }], accepts: { rdp: null, tls: null, hybrid: null, hybridEx: null }, requires: null, certNotOnServer: false }).status).toBe('fail');
  });
  it('tls: good passes; expired and not-yet-valid fail; legacy-only, name mismatch, weak key / signature, expiring soon warn', () => {
    expect(judgeTls(tls()).status).toBe('pass');
    expect(judgeTls(tls({ certificate: cert({ validTo: '2025-12-01T00:00:00.000Z' }) })).status).toBe('fail');
    expect(judgeTls(tls({ certificate: cert({ validFrom: '2026-02-01T00:00:00.000Z' }) })).summary).toMatch(/not valid before/);
    const legacy = tls({ attempts: [{ version: 'TLSv1', outcome: 'accepted', durationMs: 1 }, { version: 'TLSv1.2', outcome: 'rejected', durationMs: 1 }] });
    expect(judgeTls(legacy)).toMatchObject({ status: 'warn', summary: expect.stringMatching(/only TLS 1.0\/1.1/) });
    expect(judgeTls(tls({ nameMatch: { matches: false, checkedName: 'rdp.example', matchedBy: 'none' } })).summary).toMatch(/does not name rdp.example/);
    // By IP address a mismatch is usual: reported, not warned about (as the cert-name-mismatch rule).
    expect(judgeTls(tls({ nameMatch: { matches: false, checkedName: '192.0.2.7', matchedBy: 'none' } }))).toMatchObject({
      status: 'pass',
      summary: expect.stringMatching(/does not list 192\.0\.2\.7, as usual when connecting by IP address/),
    });
    expect(judgeTls(tls({ certificate: cert({ keyBits: 1024, signatureAlgorithm: 'sha1WithRSAEncryption' }) })).summary).toMatch(/weak \(rsa 1024 bits\).*sha1WithRSAEncryption/);
    expect(judgeTls(tls({ certificate: cert({ validTo: '2026-01-06T00:00:00.000Z' }) })).summary).toMatch(/expires in 5 days/);
    expect(certificateProblems(tls())).toEqual({ expired: false, notYetValid: false, weakKey: false, weakSignature: false, nameMismatch: false });
  });
  it('tls: no handshake fails; x224 SSL_CERT_NOT_ON_SERVER fails; RDP-only is skipped', () => {
    const none = tls({ attempts: [{ version: 'TLSv1.2', outcome: 'reset', durationMs: 1 }, { version: 'TLSv1.3', outcome: 'alert', alert: 'internal_error', durationMs: 1 }], certificate: undefined, nameMatch: null });
    expect(judgeTls(none)).toMatchObject({ status: 'fail', summary: expect.stringMatching(/TLS 1.2: reset; TLS 1.3: alert internal_error/) });
    const x224Failed = (x224: X224Reply): TlsData => tls({ x224, attempts: [{ version: 'TLSv1', outcome: 'x224-failed', durationMs: 1 }], certificate: undefined, nameMatch: null });
    expect(judgeTls(x224Failed({ requestedProtocols: 11, kind: 'failure', failureCode: 3, failureName: 'SSL_CERT_NOT_ON_SERVER', durationMs: 1 })).status).toBe('fail');
    expect(judgeTls(x224Failed(confirm(11, 0))).status).toBe('skipped');
    expect(judgeTls(x224Failed({ requestedProtocols: 11, kind: 'reset', durationMs: 1 })).status).toBe('fail');
  });
  it('credssp: clock skew warns; not-offered and tls-failed skip; reset fails', () => {
    const base: CredsspData = { address: 'a', outcome: 'challenge', ntlm: { dnsComputer: 'pc-042.corp.example', osVersion: { major: 10, minor: 0, build: 20348 } }, clockSkewSeconds: 2, durationMs: 1 };
    expect(judgeCredssp(base)).toMatchObject({ status: 'pass', summary: expect.stringMatching(/pc-042.corp.example, Windows 10.0 build 20348/) });
    expect(judgeCredssp({ ...base, clockSkewSeconds: -600 })).toMatchObject({ status: 'warn', summary: expect.stringMatching(/600 seconds behind/) });
    expect(judgeCredssp({ address: 'a', outcome: 'not-offered', durationMs: 1 }).status).toBe('skipped');
    expect(judgeCredssp({ address: 'a', outcome: 'tls-failed', durationMs: 1 }).status).toBe('skipped');
    expect(judgeCredssp({ address: 'a', outcome: 'reset', durationMs: 1 }).status).toBe('fail');
    expect(judgeCredssp({ address: 'a', outcome: 'no-challenge', durationMs: 1 }).status).toBe('warn');
  });
  it('addressing: some fail → warn with the working address; other answering names are reported, judged by the rule', () => {
    const row = (address: string, ok: boolean): AddressingData['addresses'][number] => ({ address, family: 4, ok, stage: ok ? 'done' : 'tcp', outcome: ok ? 'TLSv1.3' : 'filtered', durationMs: 1 });
    expect(judgeAddressing({ name: 'pc', addresses: [row('10.0.0.1', false), row('10.0.0.2', true)], workingAddress: '10.0.0.2', answeringNames: [] })).toMatchObject({ status: 'warn', summary: expect.stringMatching(/connect by 10.0.0.2/) });
    expect(judgeAddressing({ name: 'pc', addresses: [row('10.0.0.1', false)], workingAddress: null, answeringNames: [] }).status).toBe('fail');
    expect(judgeAddressing({ name: 'pc-042.corp.example', addresses: [row('10.0.0.1', true)], workingAddress: '10.0.0.1', answeringNames: ['PC-099'] })).toMatchObject({
      status: 'pass',
      summary: expect.stringMatching(/answers as PC-099\.$/),
    });
    expect(judgeAddressing({ name: 'pc-042.corp.example', addresses: [row('10.0.0.1', true)], workingAddress: '10.0.0.1', answeringNames: ['PC-042'] }).status).toBe('pass');
  });
  it('stability: intermittent failures and slow handshakes warn; all failing fails', () => {
    const a = (n: number, ok: boolean, durationMs: number): StabilityData['attempts'][number] => ({ n, ok, stage: ok ? 'done' : 'tls', outcome: ok ? 'TLSv1.3' : 'reset', durationMs, startedAt: NOW });
    const data = (attempts: StabilityData['attempts']): StabilityData => ({ address: 'a', requestedProtocols: 11, attempts, slowThresholdMs: 2000, medianMs: 10, maxMs: Math.max(...attempts.filter((x) => x.ok).map((x) => x.durationMs), 0) });
    expect(judgeStability(data([a(1, true, 10), a(2, true, 12)])).status).toBe('pass');
    expect(judgeStability(data([a(1, true, 10), a(2, false, 12)]))).toMatchObject({ status: 'warn', summary: expect.stringMatching(/1 of 2 .*tls reset/) });
    expect(judgeStability(data([a(1, false, 10)])).status).toBe('fail');
    expect(judgeStability(data([a(1, true, 2500)])).summary).toMatch(/longer than 2000 ms/);
  });
  it('udp: answered passes, silence warns with the exact wording', () => {
    expect(judgeUdp({ address: 'a', port: 3389, outcome: 'answered', datagramsSent: 1, reply: { flags: 5, flagNames: ['SYN', 'ACK'], ackOfSequence: true, bytes: 20 }, durationMs: 1 }).status).toBe('pass');
    expect(judgeUdp({ address: 'a', port: 3389, outcome: 'no-answer', datagramsSent: 3, durationMs: 1 }).summary).toMatch(/UDP disabled or filtered — cannot tell which/);
  });
});
