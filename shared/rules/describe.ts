/**
 * Wire values in words for evidence: negotiation failure codes, protocol flags, X.224 replies,
 * TLS attempts, durations. The names are those of MS-RDPBCGR 2.2.1.2.
 */
import type { Evidence } from '../model';
import { NEG_FAILURE_NAMES, protocolFlagNames, type TlsAttempt, type X224Reply } from '../checks/net';
import { evidence } from '../catalog';

export { NEG_FAILURE_NAMES };

/** `PROTOCOL_RDP` for 0, otherwise the set flags joined with `|`. */
export function protocolNames(flags: number): string {
  return protocolFlagNames(flags)
    .map((name) => (name.startsWith('0x') ? name : `PROTOCOL_${name}`))
    .join('|');
}

export function failureName(reply: Pick<X224Reply, 'failureCode' | 'failureName'>): string {
  if (reply.failureName) return reply.failureName;
  return reply.failureCode !== undefined ? (NEG_FAILURE_NAMES[reply.failureCode] ?? `failure code ${reply.failureCode}`) : 'unknown failure';
}

/** "0300001302..." or "03 00 00 13 ..." → "03 00 00 13 ..." (lower-case pairs). */
export function hexBytes(hex: string | undefined): string | undefined {
  if (!hex) return undefined;
  const digits = hex.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
  if (digits.length < 2) return undefined;
  return (digits.match(/.{1,2}/g) ?? []).join(' ');
}

export function ms(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

export function describeReply(reply: X224Reply): string {
  switch (reply.kind) {
    case 'confirm': {
      const selected = reply.selectedProtocol ?? 0;
      const flags = reply.flagNames && reply.flagNames.length > 0 ? `, flags ${reply.flagNames.join('|')}` : '';
      return `RDP_NEG_RSP selecting ${protocolNames(selected)} (0x${selected.toString(16)})${flags}`;
    }
    case 'confirm-no-negotiation':
      return 'X.224 Connection Confirm without negotiation data (standard RDP security only)';
    case 'failure':
      return `RDP_NEG_FAILURE ${failureName(reply)} (${reply.failureCode ?? '?'})`;
    case 'not-rdp':
      return `a reply that is not TPKT/X.224${reply.banner ? `, starting "${reply.banner.slice(0, 120)}"` : ''}`;
    case 'malformed':
      return `a malformed TPKT/X.224 reply${reply.detail ? ` (${reply.detail})` : ''}`;
    case 'oversized':
      return `a TPKT reply longer than any X.224 Connection Confirm${reply.detail ? ` (${reply.detail})` : ''}`;
    case 'closed':
      return `the connection closed without a reply after ${ms(reply.durationMs)}`;
    case 'reset':
      return `a TCP reset without a reply after ${ms(reply.durationMs)}`;
    case 'timeout':
      return `no reply within ${ms(reply.durationMs)}`;
    case 'connect-failed':
      return `no TCP connection${reply.detail ? ` (${reply.detail})` : ''}`;
  }
}

/** "X.224 reply: 03 00 00 13 0e d0 ... = RDP_NEG_FAILURE SSL_CERT_NOT_ON_SERVER (3); requested PROTOCOL_SSL|PROTOCOL_HYBRID". */
export function replyEvidence(reply: X224Reply, checkId: string, label = 'X.224 reply'): Evidence {
  const bytes = hexBytes(reply.bytesHex);
  return evidence(label, `${bytes ? `${bytes} = ` : ''}${describeReply(reply)}; requested ${protocolNames(reply.requestedProtocols)}`, checkId);
}

/** "TLSv1.2: alert protocol_version", "TLSv1.3: accepted, TLS_AES_256_GCM_SHA384". */
export function describeAttempt(attempt: TlsAttempt): string {
  const parts: string[] = [attempt.alert ? `alert ${attempt.alert}` : attempt.outcome];
  if (attempt.errorCode) parts.push(attempt.errorCode);
  const cipher = attempt.cipherStandardName ?? attempt.cipher;
  if (attempt.outcome === 'accepted' && cipher) parts.push(cipher);
  if (attempt.detail && attempt.outcome !== 'accepted') parts.push(attempt.detail);
  return `${attempt.version}: ${parts.join(', ')}`;
}

/** A duration in words for the remote worker: "about 2.6 seconds", "about 300 milliseconds". */
export function durationWords(value: number): string {
  return value >= 1000 ? `about ${(value / 1000).toFixed(1)} seconds` : `about ${Math.round(value)} milliseconds`;
}

/** ISO 8601 without milliseconds: 2024-01-01T00:00:00Z. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Whole days (rounded down) between two instants. */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / 86_400_000);
}

export { plural } from '../words';
