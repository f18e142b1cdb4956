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

export function certNotOnServer(reply: X224Reply): boolean {
  return reply.kind === 'failure' && reply.failureCode === FAILURE.SSL_CERT_NOT_ON_SERVER;
}

/** Findings from one negotiation answer: no certificate (failure 3) or standard RDP security only. */
export function negotiationFindings(input: RuleInput, reply: X224Reply, checkId: string, address: string): Finding[] {
  if (certNotOnServer(reply)) {
    return [netFinding(input, 'tls-cert-not-on-server', { address, vars: { reply: describeReply(reply) }, evidence: [replyEvidence(reply, checkId)] })];
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
