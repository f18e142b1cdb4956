/**
 * NLA and security layer: which security layers the server accepts and requires,
 * and which TLS versions it completes a handshake with.
 */
import type { Finding } from '../model';
import { NET_CHECK_IDS, securityLayersDataSchema, tlsDataSchema, type TlsVersion } from '../checks/net';
import { evidence } from '../catalog';
import { describeAttempt, describeReply, replyEvidence } from './describe';
import { FAILURE, certNotOnServer, negotiationFindings } from './negotiation';
import { tlsStarted } from './certificate';
import { legacyTlsClientStance } from './legacyTls';
import { netFinding, usable } from './read';
import type { Rule } from './types';

export const securityLayersRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { check, data } of usable(input.checks, NET_CHECK_IDS.securityLayers, securityLayersDataSchema)) {
    for (const reply of data.replies) out.push(...negotiationFindings(input, reply, check.id, data.address));

    if (data.certNotOnServer && !data.replies.some(certNotOnServer)) {
      out.push(
        netFinding(input, 'tls-cert-not-on-server', {
          address: data.address,
          vars: { reply: 'RDP_NEG_FAILURE SSL_CERT_NOT_ON_SERVER (3)' },
          evidence: [evidence('Security layers', 'The server answered a TLS request with SSL_CERT_NOT_ON_SERVER (3).', check.id)],
        }),
      );
    }

    const nlaReplies = data.replies.filter((r) => r.kind === 'failure' && r.failureCode === FAILURE.HYBRID_REQUIRED_BY_SERVER);
    if (data.requires === 'hybrid' || nlaReplies.length > 0) {
      out.push(
        netFinding(input, 'nla-required', {
          address: data.address,
          vars: { evidence: nlaReplies.length > 0 ? nlaReplies.map(describeReply).join('; ') : 'the security layer probe reports HYBRID as required' },
          evidence: nlaReplies.length > 0 ? nlaReplies.map((r) => replyEvidence(r, check.id)) : [evidence('Security layers', 'requires: hybrid', check.id)],
        }),
      );
    }
  }
  return out;
};

const LEGACY: ReadonlySet<TlsVersion> = new Set(['TLSv1', 'TLSv1.1']);
const REFUSED = new Set(['rejected', 'alert', 'reset', 'closed']);

export const tlsVersionsRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { check, data } of usable(input.checks, NET_CHECK_IDS.tls, tlsDataSchema)) {
    if (!tlsStarted(data)) continue;
    const accepted = data.attempts.filter((a) => a.outcome === 'accepted');
    if (accepted.length === 0 || !accepted.every((a) => LEGACY.has(a.version))) continue;
    // Only when TLS 1.2 was really offered and refused by the other side, not skipped locally.
    const modernRefused = data.attempts.filter((a) => !LEGACY.has(a.version) && REFUSED.has(a.outcome));
    if (!modernRefused.some((a) => a.version === 'TLSv1.2')) continue;
    // Judged with this computer's client in the picture (legacyTls.ts): an error where it will refuse them.
    const stance = legacyTlsClientStance(input);
    out.push(
      netFinding(input, 'tls-legacy-only', {
        address: data.address,
        ...(stance.refuses === true ? { severity: 'error' as const } : {}),
        vars: { accepted: accepted.map((a) => a.version).join(', '), refused: modernRefused.map(describeAttempt).join('; '), client: stance.reason },
        evidence: [...data.attempts.map((a) => evidence('TLS handshake', describeAttempt(a), check.id)), evidence('This computer', stance.reason)],
      }),
    );
  }
  return out;
};
