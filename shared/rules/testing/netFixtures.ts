/**
 * Realistic network check results for the rule and report tests, shaped exactly as the probes in
 * electron/checks/net produce them (shared/checks/net.ts schemas): a healthy Windows Server 2022
 * reached by name, and helpers to break one thing at a time.
 */
import type { CheckResult } from '../../model';
import type { CheckStepId } from '../../steps';
import type { Target } from '../../target';
import {
  NET_CHECK_IDS,
  PROTOCOL,
  type AddressingData,
  type CertificateInfo,
  type CredsspData,
  type DnsData,
  type RdpListenerData,
  type SecurityLayersData,
  type StabilityData,
  type TcpData,
  type TlsAttempt,
  type TlsData,
  type X224Reply,
} from '../../checks/net';
import type { RuleContext, RuleInput } from '../types';

export const NOW = new Date('2024-11-08T10:00:00Z');
export const HOST = 'pc-042.corp.example';
export const IP = '10.20.30.40';
export const IP6 = '2001:db8:1::40';
export const TARGET: Target = { host: HOST, port: 3389, kind: 'dns' };
export const REQUESTED = PROTOCOL.SSL | PROTOCOL.HYBRID | PROTOCOL.HYBRID_EX;

const iso = (d: Date): string => d.toISOString();
const days = (n: number): Date => new Date(NOW.getTime() + n * 86_400_000);

export function check(id: string, step: CheckStepId, status: CheckResult['status'], data: object, address?: string, summary = `${id} ${status}`): CheckResult {
  return { id, step, status, durationMs: 12, summary, data: data as Record<string, unknown>, ...(address ? { address } : {}) };
}

export function confirm(requested: number, selected: number): X224Reply {
  // 03 00 00 13 | 0e d0 00 00 12 34 00 | 02 flags 08 00 selected(u32 LE)
  const sel = selected.toString(16).padStart(2, '0');
  return {
    requestedProtocols: requested,
    kind: 'confirm',
    selectedProtocol: selected,
    flags: 0x1f,
    flagNames: ['EXTENDED_CLIENT_DATA_SUPPORTED', 'DYNVC_GFX_PROTOCOL_SUPPORTED'],
    bytesHex: `030000130ed00000123400021f0800${sel}000000`,
    durationMs: 4,
  };
}

export function failure(requested: number, code: number, name: string): X224Reply {
  return {
    requestedProtocols: requested,
    kind: 'failure',
    failureCode: code,
    failureName: name,
    // 03 00 00 13 | 0e d0 00 00 12 34 00 | 03 00 08 00 failureCode(u32 LE)
    bytesHex: `030000130ed0000012340003000800${code.toString(16).padStart(2, '0')}000000`,
    durationMs: 3,
  };
}

export function certificate(overrides: Partial<CertificateInfo> = {}): CertificateInfo {
  return {
    subject: `CN=${HOST}`,
    subjectCN: HOST,
    issuer: `CN=${HOST}`,
    issuerCN: HOST,
    serialNumber: '1F8E2B5C6A7D9E0F4B3A2C1D0E9F8A7B',
    validFrom: iso(days(-40)),
    validTo: iso(days(142)),
    selfSigned: true,
    dnsNames: [],
    ipAddresses: [],
    keyType: 'rsa',
    keyBits: 2048,
    signatureAlgorithm: 'sha256WithRSAEncryption',
    signatureAlgorithmOid: '1.2.840.113549.1.1.11',
    extendedKeyUsage: ['1.3.6.1.5.5.7.3.1'],
    sha1: '3C:5A:91:0B:77:E2:4D:18:9F:60:AB:CD:EF:01:23:45:67:89:AB:CD',
    sha256: 'A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90:A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90',
    pem: '-----BEGIN CERTIFICATE-----\nMIIC4jCCAcqgAwIBAgIQH44rXGp9ng9LOiwdDp+KezANBgkqhkiG9w0BAQsFADAe\n-----END CERTIFICATE-----\n',
    ...overrides,
  };
}

export function tlsAttempts(outcomes: Partial<Record<TlsAttempt['version'], Partial<TlsAttempt>>> = {}): TlsAttempt[] {
  const base: Record<TlsAttempt['version'], TlsAttempt> = {
    TLSv1: { version: 'TLSv1', outcome: 'accepted', cipher: 'ECDHE-RSA-AES256-SHA', durationMs: 21 },
    'TLSv1.1': { version: 'TLSv1.1', outcome: 'accepted', cipher: 'ECDHE-RSA-AES256-SHA', durationMs: 20 },
    'TLSv1.2': { version: 'TLSv1.2', outcome: 'accepted', cipher: 'ECDHE-RSA-AES256-GCM-SHA384', cipherStandardName: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', durationMs: 19 },
    'TLSv1.3': { version: 'TLSv1.3', outcome: 'accepted', cipher: 'TLS_AES_256_GCM_SHA384', cipherStandardName: 'TLS_AES_256_GCM_SHA384', durationMs: 18 },
  };
  return (Object.keys(base) as TlsAttempt['version'][]).map((v) => ({ ...base[v], ...outcomes[v] }) as TlsAttempt);
}

export function dnsCheck(data: Partial<DnsData> = {}): CheckResult {
  const d: DnsData = { name: HOST, addresses: [{ address: IP, family: 4 }], outcome: 'ok', durationMs: 8, ...data };
  return check(NET_CHECK_IDS.dns, 'reachability', d.outcome === 'ok' && d.addresses.length > 0 ? 'pass' : 'fail', d);
}

export function tcpCheck(data: Partial<TcpData> = {}): CheckResult {
  const d: TcpData = { address: IP, port: 3389, outcome: 'open', connectMs: 3, timeoutMs: 5000, ...data };
  return check(NET_CHECK_IDS.tcp, 'reachability', d.outcome === 'open' ? 'pass' : 'fail', d, d.address);
}

export function listenerCheck(reply: X224Reply = confirm(REQUESTED, PROTOCOL.HYBRID_EX), address = IP): CheckResult {
  const d: RdpListenerData = { address, reply };
  // As the probe judges it: any negotiation answer means an RDP listener is there.
  const answered = reply.kind === 'confirm' || reply.kind === 'confirm-no-negotiation' || reply.kind === 'failure';
  return check(NET_CHECK_IDS.rdpListener, 'reachability', answered ? 'pass' : 'fail', d, address);
}

export function securityLayersCheck(data: Partial<SecurityLayersData> = {}): CheckResult {
  const d: SecurityLayersData = {
    address: IP,
    replies: [
      failure(PROTOCOL.RDP, 5, 'HYBRID_REQUIRED_BY_SERVER'),
      failure(PROTOCOL.SSL, 5, 'HYBRID_REQUIRED_BY_SERVER'),
      confirm(PROTOCOL.SSL | PROTOCOL.HYBRID, PROTOCOL.HYBRID),
      confirm(PROTOCOL.SSL | PROTOCOL.HYBRID | PROTOCOL.HYBRID_EX, PROTOCOL.HYBRID_EX),
    ],
    accepts: { rdp: false, tls: false, hybrid: true, hybridEx: true },
    requires: 'hybrid',
    certNotOnServer: false,
    ...data,
  };
  return check(NET_CHECK_IDS.securityLayers, 'security', 'pass', d, d.address);
}

export function tlsCheck(data: Partial<TlsData> = {}): CheckResult {
  const d: TlsData = {
    address: IP,
    x224: confirm(REQUESTED, PROTOCOL.HYBRID_EX),
    attempts: tlsAttempts({ TLSv1: { outcome: 'alert', alert: 'protocol_version', cipher: undefined }, 'TLSv1.1': { outcome: 'alert', alert: 'protocol_version', cipher: undefined } }),
    certificate: certificate(),
    nameMatch: { matches: true, checkedName: HOST, matchedBy: 'cn' },
    checkedAt: iso(NOW),
    ...data,
  };
  return check(NET_CHECK_IDS.tls, 'certificate', 'pass', d, d.address);
}

export function credsspCheck(data: Partial<CredsspData> = {}): CheckResult {
  const d: CredsspData = {
    address: IP,
    outcome: 'challenge',
    tsRequestVersion: 6,
    ntlm: {
      targetName: 'CORP',
      netbiosComputer: 'PC-042',
      netbiosDomain: 'CORP',
      dnsComputer: HOST,
      dnsDomain: 'corp.example',
      dnsTree: 'corp.example',
      osVersion: { major: 10, minor: 0, build: 20348 },
      serverTime: iso(new Date(NOW.getTime() + 2000)),
      negotiateFlags: 0xe28a8215,
    },
    clockSkewSeconds: 2,
    durationMs: 35,
    ...data,
  };
  return check(NET_CHECK_IDS.credssp, 'security', 'pass', d, d.address);
}

export function addressingCheck(data: Partial<AddressingData> = {}): CheckResult {
  const d: AddressingData = {
    name: HOST,
    addresses: [{ address: IP, family: 4, ok: true, stage: 'done', outcome: 'ok', durationMs: 44 }],
    workingAddress: IP,
    answeringNames: ['PC-042', HOST],
    ...data,
  };
  return check(NET_CHECK_IDS.addressing, 'addressing', 'pass', d);
}

export function attempt(n: number, ok: boolean, durationMs: number, stage: StabilityData['attempts'][number]['stage'] = ok ? 'done' : 'tls', outcome = ok ? 'ok' : 'reset'): StabilityData['attempts'][number] {
  return { n, ok, stage, outcome, durationMs, tcpMs: 3, x224Ms: 5, tlsMs: Math.max(0, durationMs - 8), startedAt: iso(new Date(NOW.getTime() + n * 1000)) };
}

export function stabilityCheck(data: Partial<StabilityData> = {}): CheckResult {
  const d: StabilityData = {
    address: IP,
    requestedProtocols: REQUESTED,
    attempts: [attempt(1, true, 48), attempt(2, true, 41), attempt(3, true, 52), attempt(4, true, 39), attempt(5, true, 45)],
    slowThresholdMs: 2000,
    medianMs: 45,
    maxMs: 52,
    ...data,
  };
  return check(NET_CHECK_IDS.stability, 'stability', d.attempts.every((a) => a.ok) ? 'pass' : 'warn', d, d.address);
}

export function udpCheck(): CheckResult {
  return check(
    NET_CHECK_IDS.udp,
    'stability',
    'pass',
    { address: IP, port: 3389, outcome: 'answered', datagramsSent: 1, reply: { flags: 0x5, flagNames: ['SYN', 'ACK'], ackOfSequence: true, receiveWindow: 64, bytes: 1232 }, durationMs: 14 },
    IP,
  );
}

/** Every network check of a healthy server reached by name. */
export function healthyChecks(): CheckResult[] {
  return [dnsCheck(), tcpCheck(), listenerCheck(), tlsCheck(), securityLayersCheck(), credsspCheck(), addressingCheck(), stabilityCheck(), udpCheck()];
}

/** The checks with the ones of the same id (and address, when given) replaced. */
export function replace(checks: CheckResult[], ...replacements: CheckResult[]): CheckResult[] {
  let out = [...checks];
  for (const r of replacements) {
    const index = out.findIndex((c) => c.id === r.id && (r.address === undefined || c.address === undefined || c.address === r.address));
    out = index >= 0 ? [...out.slice(0, index), r, ...out.slice(index + 1)] : [...out, r];
  }
  return out;
}

export function ruleInput(checks: CheckResult[], target: Target = TARGET, context: Partial<RuleContext> = {}): RuleInput {
  return { target, checks, context: { platform: 'linux', targetIsLocal: false, now: NOW, ...context } };
}
