/**
 * What each network outcome means, in plain words, with the next action: the one home of that
 * wording. The wizard's reachability cards show it, and the network judge's summaries (the command
 * line, the reports) say the same sentence with the address in front.
 */
import type { DnsData, TcpData, X224Reply } from '../checks/net';
import { duration as formatMs } from '../words';

/** How an outcome reads at a glance (a subset of the renderer's tones). */
export type OutcomeTone = 'success' | 'warning' | 'danger' | 'neutral';

export interface Explanation {
  tone: OutcomeTone;
  label: string;
  meaning: string;
  next?: string;
}

export function explainTcp(tcp: TcpData): Explanation {
  switch (tcp.outcome) {
    case 'open':
      return { tone: 'success', label: 'Open', meaning: `The Remote Desktop port answered in ${formatMs(tcp.connectMs)}.` };
    case 'refused':
      return {
        tone: 'danger',
        label: 'Refused',
        meaning: `The computer answered, but nothing accepts connections on port ${tcp.port}: Remote Desktop is off, listens on another port, or a firewall rejects the connection.`,
        next: `On the server, check that Remote Desktop is enabled and listens on port ${tcp.port}.`,
      };
    case 'filtered':
      return {
        tone: 'danger',
        label: 'No answer',
        meaning: `Nothing came back within ${formatMs(tcp.timeoutMs)}: a firewall on the way (or on the server) silently drops the connection.`,
        next: 'Connect to your VPN if you use one, then ask IT to allow TCP port ' + tcp.port + ' to this server.',
      };
    case 'unreachable':
      return {
        tone: 'danger',
        label: 'Unreachable',
        meaning: 'Your network has no route to this address: the computer is on a network you are not connected to.',
        next: 'Connect to the VPN or the office network, then check again.',
      };
    case 'reset':
      return {
        tone: 'danger',
        label: 'Reset',
        meaning: 'The connection was cut as soon as it opened: a firewall, security software or the server itself reset it.',
        next: 'Ask IT to look at firewalls and security software between you and the server.',
      };
    case 'error':
      return { tone: 'danger', label: 'Error', meaning: `The connection attempt failed${tcp.errorCode ? ` (${tcp.errorCode})` : ''}.` };
  }
}

export function explainDns(dns: DnsData): Explanation {
  switch (dns.outcome) {
    case 'ok':
      return { tone: 'success', label: 'Resolved', meaning: `${dns.name} has ${dns.addresses.length} address${dns.addresses.length === 1 ? '' : 'es'}.` };
    case 'literal':
      return { tone: 'neutral', label: 'IP address', meaning: 'You typed an address, so there is no name to look up.' };
    case 'nxdomain':
      return {
        tone: 'danger',
        label: 'Unknown name',
        meaning: `The name ${dns.name} does not exist for your network's name servers.`,
        next: 'Check the spelling, or connect to the VPN: company names often only resolve there.',
      };
    case 'no-records':
      return { tone: 'danger', label: 'No address', meaning: `The name ${dns.name} exists but has no address.`, next: 'Ask IT to check the name in DNS.' };
    case 'timeout':
      return { tone: 'danger', label: 'Timed out', meaning: 'The name servers did not answer in time.', next: 'Check your network connection, then check again.' };
    case 'server-failure':
    case 'refused':
    case 'error':
      return {
        tone: 'danger',
        label: 'Lookup failed',
        meaning: `The name servers could not answer${dns.errorCode ? ` (${dns.errorCode})` : ''}.`,
        next: 'Check your network connection or VPN, then check again.',
      };
  }
}

export function explainX224(reply: X224Reply): Explanation {
  switch (reply.kind) {
    case 'confirm':
      return { tone: 'success', label: 'Remote Desktop', meaning: 'A Remote Desktop server answered the connection request.' };
    case 'confirm-no-negotiation':
      return { tone: 'warning', label: 'Old Remote Desktop', meaning: 'An old Remote Desktop server answered, without security negotiation.' };
    case 'failure':
      return { tone: 'warning', label: 'Refused the request', meaning: `A Remote Desktop server answered but refused the requested security (${reply.failureName ?? `code ${reply.failureCode ?? '?'}`}).` };
    case 'not-rdp':
      return {
        tone: 'danger',
        label: 'Not Remote Desktop',
        meaning: `Something else answers on this port${reply.banner ? ` (“${reply.banner.slice(0, 60)}”)` : ''}.`,
        next: 'Check the port number you connect to.',
      };
    case 'closed':
      return { tone: 'danger', label: 'Closed', meaning: 'The server closed the connection without answering.' };
    case 'reset':
      return { tone: 'danger', label: 'Reset', meaning: 'The server reset the connection without answering.' };
    case 'timeout':
      return { tone: 'danger', label: 'No answer', meaning: 'The port accepted the connection but nothing answered the Remote Desktop request.' };
    case 'connect-failed':
      return { tone: 'neutral', label: 'Not connected', meaning: 'The TCP connection failed, so the request was not sent.' };
    case 'malformed':
    case 'oversized':
      return { tone: 'danger', label: 'Garbled reply', meaning: 'The reply looked like Remote Desktop but was not valid.' };
  }
}
