/**
 * What one X.224 negotiation answer says about the server's security setup. The same reply shape
 * comes from three checks (rdp-listener, security-layers, the X.224 exchange before TLS);
 * findings from them are merged by runRules (same id and address).
 */
import type { Finding } from '../model';
import { PROTOCOL, type X224Reply } from '../checks/net';
import { describeReply, protocolNames, replyEvidence } from './describe';
import { netFinding } from './read';
import type { RuleInput } from './types';

const SECURE = PROTOCOL.SSL | PROTOCOL.HYBRID | PROTOCOL.HYBRID_EX;

export const FAILURE = {
  SSL_REQUIRED_BY_SERVER: 1,
  SSL_NOT_ALLOWED_BY_SERVER: 2,
  SSL_CERT_NOT_ON_SERVER: 3,
  HYBRID_REQUIRED_BY_SERVER: 5,
} as const;

/** The server declined TLS/CredSSP it was asked for and settled on standard RDP security. */
export function offersStandardOnly(reply: X224Reply): boolean {
  if ((reply.requestedProtocols & SECURE) === 0) return false;
  if (reply.kind === 'failure') return reply.failureCode === FAILURE.SSL_NOT_ALLOWED_BY_SERVER;
  if (reply.kind === 'confirm-no-negotiation') return true;
  return reply.kind === 'confirm' && reply.selectedProtocol === PROTOCOL.RDP;
}

/**
 * The answer contradicts the request: a selected protocol that was not offered, or a failure that
 * names as required something the request already offered (HYBRID required to a request with
 * HYBRID; TLS required to a request with TLS).
 */
export function inconsistentAnswer(reply: X224Reply): boolean {
  if (reply.kind === 'confirm') return reply.unexpectedSelection === true;
  if (reply.kind !== 'failure') return false;
  const offered = reply.requestedProtocols;
  if (reply.failureCode === FAILURE.HYBRID_REQUIRED_BY_SERVER) return (offered & (PROTOCOL.HYBRID | PROTOCOL.HYBRID_EX)) !== 0;
  if (reply.failureCode === FAILURE.SSL_REQUIRED_BY_SERVER) return (offered & PROTOCOL.SSL) !== 0;
  return false;
}

export function certNotOnServer(reply: X224Reply): boolean {
  return reply.kind === 'failure' && reply.failureCode === FAILURE.SSL_CERT_NOT_ON_SERVER;
}

/** Findings from one negotiation answer: no certificate (failure 3), an answer that contradicts the request, or standard RDP security only. */
export function negotiationFindings(input: RuleInput, reply: X224Reply, checkId: string, address: string): Finding[] {
  if (certNotOnServer(reply)) {
    return [netFinding(input, 'tls-cert-not-on-server', { address, vars: { reply: describeReply(reply) }, evidence: [replyEvidence(reply, checkId)] })];
  }
  if (inconsistentAnswer(reply)) {
    return [
      netFinding(input, 'negotiation-inconsistent', {
        address,
        vars: { requested: protocolNames(reply.requestedProtocols), answer: describeReply(reply) },
        evidence: [replyEvidence(reply, checkId)],
      }),
    ];
  }
  if (offersStandardOnly(reply)) {
    return [
      netFinding(input, 'tls-not-allowed', {
        address,
        vars: { requested: protocolNames(reply.requestedProtocols), answer: describeReply(reply) },
        evidence: [replyEvidence(reply, checkId)],
      }),
    ];
  }
  return [];
}
