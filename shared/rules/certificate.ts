/**
 * Certificate step: the TLS handshake after the RDP negotiation, the certificate the server presents,
 * and the clock difference CredSSP reveals (a valid certificate looks expired when clocks differ).
 */
import type { Evidence, Finding } from '../model';
import { NET_CHECK_IDS, PROTOCOL, credsspDataSchema, tlsDataSchema, type CertificateInfo, type TlsData } from '../checks/net';
import { evidence, type FixContext } from '../catalog';
import { daysBetween, describeAttempt, isoSeconds, plural, protocolNames, replyEvidence } from './describe';
import { negotiationFindings } from './negotiation';
import { blackHoles } from './pathMtu';
import { netFinding, usable, type Usable } from './read';
import type { Rule, RuleInput } from './types';
import { humanDate } from '../words';

const DAY_MS = 86_400_000;
export const EXPIRING_SOON_DAYS = 30;
export const MIN_RSA_BITS = 2048;
export const MIN_EC_BITS = 256;
export const MAX_CLOCK_SKEW_SECONDS = 300;

const WEAK_SIGNATURE_OIDS = new Set([
  '1.2.840.113549.1.1.2', // md2WithRSAEncryption
  '1.2.840.113549.1.1.3', // md4WithRSAEncryption
  '1.2.840.113549.1.1.4', // md5WithRSAEncryption
  '1.2.840.113549.1.1.5', // sha1WithRSAEncryption
  '1.3.14.3.2.29', // sha1WithRSASignature (OIW)
  '1.2.840.10045.4.1', // ecdsa-with-SHA1
  '1.2.840.10040.4.3', // dsa-with-sha1
]);

/** Outcomes that show the server (or the path) really refused the handshake, unlike local problems. */
const REFUSED = new Set(['rejected', 'alert', 'reset', 'closed', 'timeout', 'not-tls']);

function parseDate(text: string | undefined): Date | null {
  if (!text) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The X.224 exchange before TLS selected TLS or CredSSP, so a handshake was really attempted. */
export function tlsStarted(data: TlsData): boolean {
  return data.x224.kind === 'confirm' && (data.x224.selectedProtocol ?? 0) !== PROTOCOL.RDP;
}

/** TLS started, and no version completed a handshake with a refusal from the other side. */
export function tlsFailed(data: TlsData): boolean {
  return tlsStarted(data) && !data.attempts.some((a) => a.outcome === 'accepted') && data.attempts.some((a) => REFUSED.has(a.outcome));
}

export const tlsHandshakeRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { check, data } of usable(input.checks, NET_CHECK_IDS.tls, tlsDataSchema)) {
    out.push(...negotiationFindings(input, data.x224, check.id, data.address));
    if (!tlsFailed(data)) continue;
    // Only stalls, and the path was measured to lose big packets: path-mtu-black-hole says why.
    if (data.attempts.every((a) => a.outcome === 'timeout' || a.outcome === 'rejected' || !REFUSED.has(a.outcome)) && blackHoles(input).some((b) => b.address === data.address)) continue;
    const attempts = data.attempts.map(describeAttempt);
    out.push(
      netFinding(input, 'tls-handshake-failed', {
        address: data.address,
        vars: { protocol: protocolNames(data.x224.selectedProtocol ?? 0), attempts: attempts.join('; ') },
        evidence: [replyEvidence(data.x224, check.id, 'X.224 reply before TLS'), ...data.attempts.map((a) => evidence('TLS handshake', describeAttempt(a), check.id))],
      }),
    );
  }
  return out;
};

interface SeenCertificate {
  cert: CertificateInfo;
  seen: Usable<TlsData>[];
}

/** The same certificate seen on several addresses is one set of findings. */
function certificatesSeen(input: RuleInput): SeenCertificate[] {
  const byFingerprint = new Map<string, SeenCertificate>();
  for (const item of usable(input.checks, NET_CHECK_IDS.tls, tlsDataSchema)) {
    const cert = item.data.certificate;
    if (!cert) continue;
    const key = cert.sha256 || cert.sha1 || cert.serialNumber;
    const entry = byFingerprint.get(key) ?? { cert, seen: [] };
    entry.seen.push(item);
    byFingerprint.set(key, entry);
  }
  return [...byFingerprint.values()];
}

function subjectOf(cert: CertificateInfo): string {
  return cert.subjectCN ?? cert.subject;
}

function certificateNames(cert: CertificateInfo): string[] {
  return [...new Set([...(cert.subjectCN ? [cert.subjectCN] : []), ...cert.dnsNames, ...cert.ipAddresses])];
}

function origin(cert: CertificateInfo): string {
  return cert.selfSigned
    ? 'Self-signed (issuer = subject): Remote Desktop replaces it on its own; when it does not, TerminalServices-RemoteConnectionManager event 1058 in the System log says why ("access is denied": the key file permissions).'
    : `Issued by ${cert.issuerCN ?? cert.issuer}: renew it at that certificate authority and bind the new one to the listener (SSLCertificateSHA1Hash).`;
}

/** RSA (and DSA) keys under 2048 bits, elliptic-curve keys under 256 bits; null when the key is fine. */
export function weakKeyMinimum(cert: Pick<CertificateInfo, 'keyType' | 'keyBits'>): number | null {
  const type = cert.keyType.toLowerCase();
  const bits = cert.keyBits;
  if (bits === undefined || bits <= 0) return null;
  const minimum = type === 'rsa' || type === 'rsa-pss' || type === 'dsa' ? MIN_RSA_BITS : type === 'ec' ? MIN_EC_BITS : null;
  return minimum !== null && bits < minimum ? minimum : null;
}

export function isWeakSignature(cert: Pick<CertificateInfo, 'signatureAlgorithm' | 'signatureAlgorithmOid'>): boolean {
  return WEAK_SIGNATURE_OIDS.has(cert.signatureAlgorithmOid) || /\b(md2|md4|md5)|sha-?1(?!\d)/i.test(cert.signatureAlgorithm);
}

export const certificateRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { cert, seen } of certificatesSeen(input)) {
    const first = seen[0]!;
    const address = seen.length === 1 ? first.data.address : undefined;
    const at = parseDate(first.data.checkedAt) ?? input.context.now;
    const validFrom = parseDate(cert.validFrom);
    const validTo = parseDate(cert.validTo);
    const fix: Pick<FixContext, 'certificate'> = { certificate: { selfSigned: cert.selfSigned, sha1: cert.sha1, names: certificateNames(cert) } };
    const addresses = seen.map((s) => s.data.address).join(', ');
    const base: Evidence[] = [
      evidence('Certificate', `${cert.subject} (issuer ${cert.issuer}), SHA-1 ${cert.sha1}, seen at ${addresses}`, NET_CHECK_IDS.tls),
    ];
    const common = { fix, evidence: base, ...(address ? { address } : {}) };
    const vars = { subject: subjectOf(cert), issuer: cert.issuerCN ?? cert.issuer, thumbprint: cert.sha1, origin: origin(cert), checkedAt: isoSeconds(at) };

    if (validTo && validTo.getTime() < at.getTime()) {
      const days = daysBetween(validTo, at);
      out.push(
        netFinding(input, 'cert-expired', {
          ...common,
          vars: { ...vars, validTo: isoSeconds(validTo), validToDate: humanDate(validTo), daysAgo: days },
          evidence: [...base, evidence('Validity', `Certificate valid to ${isoSeconds(validTo)} (expired ${plural(days, 'day')} ago at ${isoSeconds(at)})`, NET_CHECK_IDS.tls)],
        }),
      );
    } else if (validFrom && validFrom.getTime() > at.getTime()) {
      const hours = Math.ceil((validFrom.getTime() - at.getTime()) / 3_600_000);
      const ahead = hours > 48 ? `${Math.floor(hours / 24)} days` : `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
      out.push(
        netFinding(input, 'cert-not-yet-valid', {
          ...common,
          vars: { ...vars, validFrom: isoSeconds(validFrom), validFromDate: humanDate(validFrom), ahead },
          evidence: [...base, evidence('Validity', `Certificate valid from ${isoSeconds(validFrom)} (${ahead} after the check at ${isoSeconds(at)})`, NET_CHECK_IDS.tls)],
        }),
      );
    } else if (validTo && validTo.getTime() - at.getTime() < EXPIRING_SOON_DAYS * DAY_MS) {
      const days = daysBetween(at, validTo);
      out.push(
        netFinding(input, 'cert-expiring-soon', {
          ...common,
          vars: { ...vars, validTo: isoSeconds(validTo), validToDate: humanDate(validTo), daysLeft: days },
          evidence: [...base, evidence('Validity', `Certificate valid to ${isoSeconds(validTo)} (${plural(days, 'day')} left)`, NET_CHECK_IDS.tls)],
        }),
      );
    }

    if (cert.selfSigned) out.push(netFinding(input, 'cert-self-signed', { ...common, vars }));

    const mismatch = input.target.kind === 'dns' ? seen.find((s) => s.data.nameMatch && !s.data.nameMatch.matches) : undefined;
    if (mismatch?.data.nameMatch) {
      const names = certificateNames(cert);
      out.push(
        netFinding(input, 'cert-name-mismatch', {
          ...common,
          vars: { ...vars, certName: names[0] ?? cert.subject, names: names.join(', ') || cert.subject, checkedName: mismatch.data.nameMatch.checkedName },
          evidence: [...base, evidence('Name check', `${mismatch.data.nameMatch.checkedName} is not among: ${names.join(', ') || cert.subject}`, NET_CHECK_IDS.tls)],
        }),
      );
    }

    const minimum = weakKeyMinimum(cert);
    if (minimum !== null) {
      const key = `${cert.keyType.toUpperCase()} ${cert.keyBits} bits${cert.curve ? ` (${cert.curve})` : ''}`;
      out.push(
        netFinding(input, 'cert-weak-key', {
          ...common,
          vars: { ...vars, key, minimum },
          evidence: [...base, evidence('Public key', `${key}; at least ${minimum} expected`, NET_CHECK_IDS.tls)],
        }),
      );
    }

    if (isWeakSignature(cert)) {
      out.push(
        netFinding(input, 'cert-weak-signature', {
          ...common,
          vars: { ...vars, signatureAlgorithm: cert.signatureAlgorithm, oid: cert.signatureAlgorithmOid },
          evidence: [...base, evidence('Signature algorithm', `${cert.signatureAlgorithm} (${cert.signatureAlgorithmOid})`, NET_CHECK_IDS.tls)],
        }),
      );
    }
  }
  return out;
};

function skewWords(seconds: number): string {
  const s = Math.abs(seconds);
  if (s < 90 * 60) return `about ${Math.round(s / 60)} minutes`;
  if (s < 36 * 3600) return `about ${Math.round(s / 3600)} hours`;
  return `about ${Math.round(s / 86_400)} days`;
}

export const clockSkewRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { check, data } of usable(input.checks, NET_CHECK_IDS.credssp, credsspDataSchema)) {
    const skew = data.clockSkewSeconds;
    if (data.outcome !== 'challenge' || skew === undefined || Math.abs(skew) <= MAX_CLOCK_SKEW_SECONDS) continue;
    const server = parseDate(data.ntlm?.serverTime);
    const serverTime = server ? isoSeconds(server) : 'unknown';
    const localTime = server ? isoSeconds(new Date(server.getTime() - skew * 1000)) : 'unknown';
    out.push(
      netFinding(input, 'clock-skew', {
        address: data.address,
        vars: { skew: skewWords(skew), skewSeconds: Math.round(skew), serverTime, localTime, direction: skew > 0 ? 'ahead' : 'behind' },
        evidence: [
          evidence('Server clock (NTLM MsvAvTimestamp)', serverTime, check.id),
          evidence('Local clock at the same moment', localTime, check.id),
          evidence('Difference', `${Math.round(skew)} s (server ${skew > 0 ? 'ahead' : 'behind'}; more than ${MAX_CLOCK_SKEW_SECONDS} s)`, check.id),
        ],
      }),
    );
  }
  return out;
};
