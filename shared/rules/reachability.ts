/**
 * Reachability: name resolution, the TCP connection, and whether an RDP listener answers.
 */
import type { Finding } from '../model';
import { NET_CHECK_IDS, dnsDataSchema, rdpListenerDataSchema, tcpDataSchema, type DnsData } from '../checks/net';
import { evidence } from '../catalog';
import { describeReply, ms, replyEvidence } from './describe';
import { negotiationFindings } from './negotiation';
import { netFinding, usable } from './read';
import type { Rule } from './types';

const RESOLVER_WORDS: Record<DnsData['outcome'], string> = {
  ok: 'no addresses',
  literal: 'an IP literal',
  nxdomain: 'the name does not exist (NXDOMAIN)',
  'no-records': 'the name exists but has no A or AAAA record',
  timeout: 'the DNS server did not answer in time',
  'server-failure': 'the DNS server failed (SERVFAIL)',
  refused: 'the DNS server refused the query',
  error: 'the lookup failed',
};

export const dnsRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { check, data } of usable(input.checks, NET_CHECK_IDS.dns, dnsDataSchema)) {
    const failed = data.outcome !== 'ok' && data.outcome !== 'literal';
    if (!failed && !(data.outcome === 'ok' && data.addresses.length === 0)) continue;
    const result = `${RESOLVER_WORDS[data.outcome]}${data.errorCode ? ` (${data.errorCode})` : ''}`;
    out.push(
      netFinding(input, 'dns-unresolved', {
        vars: { resolverResult: result },
        evidence: [evidence('Name lookup', `${data.name}: ${result}, after ${ms(data.durationMs)}`, check.id)],
      }),
    );
  }
  return out;
};

export const tcpRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { check, data } of usable(input.checks, NET_CHECK_IDS.tcp, tcpDataSchema)) {
    const code = data.errorCode ? ` (${data.errorCode})` : '';
    const after = data.connectMs !== undefined ? ` after ${ms(data.connectMs)}` : '';
    const where = `${data.address} port ${data.port}`;
    switch (data.outcome) {
      case 'refused': {
        const result = `refused${code}${after}`;
        out.push(netFinding(input, 'port-closed', { address: data.address, vars: { result }, evidence: [evidence('TCP connect', `${where}: ${result}`, check.id)] }));
        break;
      }
      case 'filtered': {
        const result = `no answer within ${ms(data.timeoutMs)}${code}`;
        out.push(netFinding(input, 'port-filtered', { address: data.address, vars: { result }, evidence: [evidence('TCP connect', `${where}: ${result}`, check.id)] }));
        break;
      }
      case 'unreachable': {
        const result = `unreachable${code}${after}`;
        out.push(netFinding(input, 'host-unreachable', { address: data.address, vars: { result }, evidence: [evidence('TCP connect', `${where}: ${result}`, check.id)] }));
        break;
      }
      case 'reset': {
        const result = `${where}: reset${code}${after}`;
        out.push(
          netFinding(input, 'reset-during-handshake', {
            address: data.address,
            // Seen while checking reachability: shown there, where the wizard stops.
            step: 'reachability',
            vars: { what: 'the TCP connection was reset as it opened', stages: `TCP connect to ${result}` },
            evidence: [evidence('TCP connect', result, check.id)],
          }),
        );
        break;
      }
      case 'open':
      case 'error':
        break;
    }
  }
  return out;
};

export const listenerRule: Rule = (input) => {
  const out: Finding[] = [];
  for (const { check, data } of usable(input.checks, NET_CHECK_IDS.rdpListener, rdpListenerDataSchema)) {
    const reply = data.reply;
    switch (reply.kind) {
      case 'not-rdp':
      case 'malformed':
      case 'oversized':
        out.push(
          netFinding(input, 'not-rdp', {
            address: data.address,
            vars: { how: describeReply(reply) },
            evidence: [replyEvidence(reply, check.id), ...(reply.banner ? [evidence('Reply text', reply.banner.slice(0, 500), check.id)] : [])],
          }),
        );
        break;
      case 'timeout':
        // Accepted, then silence: a hung Remote Desktop service, not "something else" (that answers).
        out.push(netFinding(input, 'rdp-no-answer', { address: data.address, vars: { how: describeReply(reply) }, evidence: [replyEvidence(reply, check.id)] }));
        break;
      case 'closed':
      case 'reset': {
        const stage = `X.224 Connection Request to ${data.address}: ${describeReply(reply)}`;
        out.push(
          netFinding(input, 'reset-during-handshake', {
            address: data.address,
            step: 'reachability',
            vars: { what: 'before the server answered the Remote Desktop request', stages: stage },
            evidence: [replyEvidence(reply, check.id)],
          }),
        );
        break;
      }
      case 'failure':
      case 'confirm':
      case 'confirm-no-negotiation':
        out.push(...negotiationFindings(input, reply, check.id, data.address));
        break;
      case 'connect-failed':
        break;
    }
  }
  return out;
};
