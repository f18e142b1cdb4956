/**
 * How each network check judges what its probe saw: status (pass / warn / fail / skipped / error)
 * and one plain line. Pure functions of the data, so the verdicts are unit-tested without sockets.
 */
import { isIP } from 'node:net';
import type {
  AddressingData,
  CredsspData,
  DnsData,
  PathMtuData,
  RdpListenerData,
  SecurityLayersData,
  StabilityData,
  TcpData,
  TlsData,
  UdpData,
  X224Reply,
} from '../../../shared/checks/net';
import { PROTOCOL } from '../../../shared/checks/net';
import type { CheckStatus } from '../../../shared/model';
import { clampText } from '../../../shared/catalog/build';
import { explainTcp, explainX224, type Explanation } from '../../../shared/catalog/outcomes';
import { describeReply } from './x224';

/** What one network check found: its status and the sentence that says so (not a step's verdict). */
export interface CheckJudgement {
  status: CheckStatus;
  summary: string;
  /** For skipped / error: why. */
  reason?: string;
}

const MAX_SUMMARY = 500;
/** A summary cut to the length the contract allows, by the catalogue's one clamp. */
const clip = (text: string): string => clampText(text, MAX_SUMMARY);

/**
 * A check's summary from the one home of the outcome's wording (shared/catalog/outcomes.ts): where,
 * then what it means in plain words, with the technical detail in brackets when there is one.
 */
function said(where: string, words: Explanation, detail?: string): string {
  return clip(`${where}: ${words.meaning}${detail ? ` (${detail})` : ''}`);
}

/** address:port, IPv6 in brackets. */
export function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const ms = (value: number): string => `${Math.round(value)} ms`;

// ---------------------------------------------------------------- dns

export function judgeDns(data: DnsData): CheckJudgement {
  const addresses = data.addresses.map((a) => a.address);
  switch (data.outcome) {
    case 'literal':
      return { status: 'skipped', summary: `${data.name} is an IP address: nothing to resolve.`, reason: `${data.name} is an IP address: nothing to resolve.` };
    case 'ok':
      return { status: 'pass', summary: clip(`${data.name} resolves to ${list(addresses)}.`) };
    case 'nxdomain':
      return { status: 'fail', summary: `The name ${data.name} does not exist in DNS (NXDOMAIN): check the spelling, or the VPN that provides this name.` };
    case 'no-records':
      return { status: 'fail', summary: `The name ${data.name} exists but has no IPv4 or IPv6 address (no A or AAAA record).` };
    case 'timeout':
      return { status: 'fail', summary: `The DNS server did not answer for ${data.name} in time: the DNS server or the VPN may be unreachable.` };
    case 'server-failure':
      return { status: 'fail', summary: `The DNS server failed to resolve ${data.name} (SERVFAIL): the DNS server has a problem with this name.` };
    case 'refused':
      return { status: 'fail', summary: `The DNS server refused to resolve ${data.name}: it does not serve this computer, or this name.` };
    case 'error':
      if (data.errorCode === 'ECANCELLED') return { status: 'skipped', summary: 'Cancelled before the name was resolved.', reason: 'Cancelled.' };
      return { status: 'fail', summary: `The name ${data.name} could not be resolved${data.errorCode ? ` (${data.errorCode})` : ''}.` };
  }
}

// ---------------------------------------------------------------- tcp

export function judgeTcp(data: TcpData, detail?: string): CheckJudgement {
  const where = hostPort(data.address, data.port);
  switch (data.outcome) {
    case 'open':
      return { status: 'pass', summary: said(where, explainTcp(data)) };
    case 'refused':
    case 'filtered':
      return { status: 'fail', summary: said(where, explainTcp(data)) };
    case 'unreachable':
    case 'reset':
      return { status: 'fail', summary: said(where, explainTcp(data), data.errorCode) };
    case 'error':
      if (data.errorCode === 'ABORT_ERR') return { status: 'skipped', summary: 'Cancelled before the connection finished.', reason: 'Cancelled.' };
      if (data.errorCode === 'EPERM' || data.errorCode === 'EACCES') {
        return { status: 'fail', summary: `This computer blocked the connection to ${where} (${data.errorCode}): a local firewall or security software is in the way.` };
      }
      return { status: 'error', summary: clip(`Connecting to ${where} failed${data.errorCode ? ` (${data.errorCode})` : ''}${detail ? `: ${detail}` : ''}.`), reason: clip(detail ?? data.errorCode ?? 'connection error') };
  }
}

// ---------------------------------------------------------------- rdp listener

export function judgeRdpListener(data: RdpListenerData, port: number): CheckJudgement {
  const reply = data.reply;
  const where = hostPort(data.address, port);
  switch (reply.kind) {
    case 'confirm':
      if (reply.unexpectedSelection) {
        return { status: 'warn', summary: clip(`An RDP listener answers on ${where}, but it chose a protocol that was not offered (0x${(reply.selectedProtocol ?? 0).toString(16)}).`) };
      }
      return { status: 'pass', summary: clip(`An RDP listener answers on ${where}: ${describeReply(reply)}.`) };
    case 'confirm-no-negotiation':
      return { status: 'pass', summary: `An RDP listener answers on ${where} (an older server without security negotiation).` };
    case 'failure':
      return { status: 'pass', summary: clip(`An RDP listener answers on ${where}; ${describeReply(reply)}.`) };
    case 'not-rdp':
    case 'malformed':
    case 'oversized':
    case 'closed':
    case 'reset':
      return { status: 'fail', summary: said(where, explainX224(reply)) };
    case 'timeout':
      if (reply.detail?.startsWith('Cancelled')) return { status: 'skipped', summary: 'Cancelled before the reply arrived.', reason: 'Cancelled.' };
      return { status: 'fail', summary: said(where, explainX224(reply)) };
    case 'connect-failed':
      return { status: 'fail', summary: said(where, explainX224(reply), reply.detail ?? 'connection failed') };
  }
}

// ---------------------------------------------------------------- security layers

export function acceptedLayers(accepts: SecurityLayersData['accepts']): string[] {
  const names: string[] = [];
  if (accepts.rdp) names.push('standard RDP security');
  if (accepts.tls) names.push('TLS');
  if (accepts.hybrid) names.push('CredSSP (NLA)');
  if (accepts.hybridEx) names.push('CredSSP with early user authorization');
  return names;
}

export function judgeSecurityLayers(data: SecurityLayersData): CheckJudgement {
  const { accepts, requires, certNotOnServer } = data;
  const rdpReplies = data.replies.filter((r) => r.kind === 'confirm' || r.kind === 'confirm-no-negotiation' || r.kind === 'failure');
  if (rdpReplies.length === 0) {
    const kinds = [...new Set(data.replies.map((r) => r.kind))];
    return { status: 'fail', summary: `The server did not complete the security negotiation for any request (${kinds.join(', ')}).` };
  }
  const accepted = acceptedLayers(accepts);
  const requirement =
    requires === 'hybrid'
      ? ' The server requires Network Level Authentication (NLA).'
      : requires === 'tls'
        ? ' The server requires TLS.'
        : requires === 'tls-user-auth'
          ? ' The server requires TLS with user authentication.'
          : '';
  if (certNotOnServer) {
    return { status: 'fail', summary: clip(`The server has no usable certificate (SSL_CERT_NOT_ON_SERVER): it cannot start TLS, which breaks the connection while "Securing remote connection".${requirement}`) };
  }
  if (accepted.length === 0) {
    const failures = [...new Set(data.replies.filter((r) => r.kind === 'failure').map((r) => r.failureName ?? ''))].filter(Boolean);
    return { status: 'fail', summary: clip(`The server accepted none of the security layers offered${failures.length ? ` (${failures.join(', ')})` : ''}.${requirement}`) };
  }
  const unexpected = data.replies.filter((r) => r.kind === 'confirm' && r.unexpectedSelection);
  if (unexpected.length) {
    return { status: 'warn', summary: clip(`The server chose a protocol that was not offered (${unexpected.map((r) => `asked 0x${r.requestedProtocols.toString(16)}, got 0x${(r.selectedProtocol ?? 0).toString(16)}`).join('; ')}). Accepts: ${list(accepted)}.`) };
  }
  if (accepts.rdp && !accepts.tls && !accepts.hybrid && !accepts.hybridEx) {
    return { status: 'warn', summary: 'The server offers only standard RDP security: no TLS and no NLA, so the server cannot be authenticated by a certificate.' };
  }
  const refused: string[] = [];
  if (accepts.rdp === false) refused.push('standard RDP security');
  if (accepts.tls === false) refused.push('TLS alone');
  return { status: 'pass', summary: clip(`The server accepts ${list(accepted)}${refused.length ? `; refuses ${list(refused)}` : ''}.${requirement}`) };
}

// ---------------------------------------------------------------- tls

const WEAK_SIGNATURES = /^(md2|md5|sha1)|-with-sha1$|ecdsa-with-SHA1|rsassaPss-sha1|dsa-with-sha1/i;
export const EXPIRING_SOON_DAYS = 30;

export interface CertificateProblems {
  expired: boolean;
  notYetValid: boolean;
  expiringSoonDays?: number;
  weakKey: boolean;
  weakSignature: boolean;
  nameMismatch: boolean;
}

export function certificateProblems(data: TlsData, nowMs = Date.parse(data.checkedAt)): CertificateProblems | null {
  const cert = data.certificate;
  if (!cert) return null;
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  const daysLeft = (to - nowMs) / 86_400_000;
  const bits = cert.keyBits ?? 0;
  const weakKey = ((cert.keyType === 'rsa' || cert.keyType === 'rsa-pss' || cert.keyType === 'dsa') && bits > 0 && bits < 2048) || (cert.keyType === 'ec' && bits > 0 && bits < 256);
  return {
    expired: nowMs > to,
    notYetValid: nowMs < from,
    ...(nowMs <= to && daysLeft <= EXPIRING_SOON_DAYS ? { expiringSoonDays: Math.floor(daysLeft) } : {}),
    weakKey,
    weakSignature: WEAK_SIGNATURES.test(cert.signatureAlgorithm),
    nameMismatch: data.nameMatch !== null && !data.nameMatch.matches,
  };
}

const VERSION_LABEL: Record<string, string> = { TLSv1: 'TLS 1.0', 'TLSv1.1': 'TLS 1.1', 'TLSv1.2': 'TLS 1.2', 'TLSv1.3': 'TLS 1.3' };

/** The X.224 reply before TLS says TLS is not in use at all (standard RDP security only). */
export function tlsNotOffered(reply: X224Reply): boolean {
  return (reply.kind === 'confirm' && (reply.selectedProtocol ?? 0) === PROTOCOL.RDP) || reply.kind === 'confirm-no-negotiation' || (reply.kind === 'failure' && reply.failureCode === 2);
}

export function judgeTls(data: TlsData, certificateError?: string): CheckJudgement {
  const x224 = data.x224;
  const accepted = data.attempts.filter((a) => a.outcome === 'accepted');
  if (accepted.length === 0 && data.attempts.every((a) => a.outcome === 'x224-failed')) {
    if (tlsNotOffered(x224)) {
      const reason = 'The server offers only standard RDP security, so there is no TLS certificate to check.';
      return { status: 'skipped', summary: reason, reason };
    }
    if (x224.kind === 'failure' && x224.failureCode === 3) {
      return { status: 'fail', summary: 'The server has no usable certificate (SSL_CERT_NOT_ON_SERVER): TLS cannot start, which ends the connection while "Securing remote connection".' };
    }
    if (x224.kind === 'timeout' && x224.detail?.startsWith('Cancelled')) return { status: 'skipped', summary: 'Cancelled.', reason: 'Cancelled.' };
    return { status: 'fail', summary: clip(`TLS could not start: before it, ${describeReply(x224)}${x224.kind === 'failure' ? '' : ` (${x224.kind})`}.`) };
  }
  if (accepted.length === 0) {
    const seen = data.attempts
      .filter((a) => a.outcome !== 'unsupported-locally')
      .map((a) => `${VERSION_LABEL[a.version]}: ${a.alert ? `alert ${a.alert}` : a.outcome}`);
    return { status: 'fail', summary: clip(`No TLS version completed a handshake (${seen.join('; ')}): the connection breaks while "Securing remote connection".`) };
  }
  const versions = accepted.map((a) => VERSION_LABEL[a.version] ?? a.version);
  const legacyOnly = accepted.every((a) => a.version === 'TLSv1' || a.version === 'TLSv1.1');
  const problems = certificateProblems(data);
  const cert = data.certificate;
  const certText = cert ? `certificate ${cert.subjectCN ? `CN=${cert.subjectCN}` : cert.subject}${cert.selfSigned ? ' (self-signed)' : ''}, valid until ${cert.validTo.slice(0, 10)}` : 'no certificate was read';
  const head = `${list(versions)} ${versions.length === 1 ? 'works' : 'work'}; ${certText}.`;
  if (problems?.expired) return { status: 'fail', summary: clip(`The server certificate expired on ${cert!.validTo.slice(0, 10)} (${head})`) };
  if (problems?.notYetValid) return { status: 'fail', summary: clip(`The server certificate is not valid before ${cert!.validFrom.slice(0, 10)}: check the clocks (${head})`) };
  const warnings: string[] = [];
  if (legacyOnly) warnings.push('the server accepts only TLS 1.0/1.1, which current Windows clients may refuse');
  if (problems?.expiringSoonDays !== undefined) warnings.push(`the certificate expires in ${problems.expiringSoonDays} days`);
  // By IP address a name mismatch is the rule rather than a fault (Remote Desktop asks to confirm it):
  // the cert-name-mismatch rule speaks only for typed names, and so does this warning.
  const ipMismatch = problems?.nameMismatch === true && isIP(data.nameMatch!.checkedName) !== 0;
  if (problems?.nameMismatch && !ipMismatch) warnings.push(`the certificate does not name ${data.nameMatch!.checkedName}`);
  if (problems?.weakKey) warnings.push(`the certificate key is weak (${cert!.keyType} ${cert!.keyBits} bits)`);
  if (problems?.weakSignature) warnings.push(`the certificate uses a weak signature (${cert!.signatureAlgorithm})`);
  if (certificateError) warnings.push('the certificate could not be read');
  if (!cert && !certificateError) warnings.push('no certificate was received');
  if (warnings.length) return { status: 'warn', summary: clip(`${head} But ${list(warnings)}.`) };
  if (ipMismatch) return { status: 'pass', summary: clip(`${head} It does not list ${data.nameMatch!.checkedName}, as usual when connecting by IP address: Remote Desktop asks you to confirm the certificate.`) };
  return { status: 'pass', summary: clip(head) };
}

// ---------------------------------------------------------------- credssp

export const CLOCK_SKEW_WARN_SECONDS = 300;

export function judgeCredssp(data: CredsspData): CheckJudgement {
  switch (data.outcome) {
    case 'challenge': {
      const n = data.ntlm;
      const who = n?.dnsComputer ?? n?.netbiosComputer ?? n?.targetName ?? 'unknown';
      const os = n?.osVersion ? `, Windows ${n.osVersion.major}.${n.osVersion.minor} build ${n.osVersion.build}` : '';
      const skew = data.clockSkewSeconds;
      if (skew !== undefined && Math.abs(skew) > CLOCK_SKEW_WARN_SECONDS) {
        return { status: 'warn', summary: clip(`NLA answers as ${who}${os}, but its clock is ${Math.round(Math.abs(skew))} seconds ${skew > 0 ? 'ahead of' : 'behind'} this computer: certificates and sign-in can fail.`) };
      }
      return { status: 'pass', summary: clip(`NLA (CredSSP) answers as ${who}${n?.dnsDomain ? ` in ${n.dnsDomain}` : ''}${os}${skew !== undefined ? `; clocks agree within ${Math.round(Math.abs(skew))} s` : ''}.`) };
    }
    case 'not-offered': {
      const reason = clip(`The server does not use NLA (CredSSP) for this connection: ${data.detail ?? 'not offered'}`);
      return { status: 'skipped', summary: reason, reason };
    }
    case 'tls-failed': {
      const reason = clip(`TLS failed before CredSSP could start, so NLA could not be checked (${data.detail ?? 'TLS failed'}).`);
      return { status: 'skipped', summary: reason, reason };
    }
    case 'no-challenge':
      return { status: 'warn', summary: clip(`The server accepted NLA but did not answer with an NTLM challenge: ${data.detail ?? ''} (NTLM may be disabled on the server, which breaks sign-in from outside the domain).`) };
    case 'malformed':
      return { status: 'warn', summary: clip(`The server's NLA reply could not be read: ${data.detail ?? ''}`) };
    case 'reset':
      return { status: 'fail', summary: clip(`The connection was dropped during NLA (CredSSP): ${data.detail ?? 'reset'}`) };
    case 'timeout':
      return { status: 'fail', summary: clip(`The server did not answer during NLA (CredSSP) in time: ${data.detail ?? ''}`) };
    case 'error':
      if (data.detail?.startsWith('Cancelled')) return { status: 'skipped', summary: 'Cancelled.', reason: 'Cancelled.' };
      return { status: 'error', summary: clip(`The NLA check failed: ${data.detail ?? 'error'}`), reason: clip(data.detail ?? 'error') };
  }
}

// ---------------------------------------------------------------- addressing

export function judgeAddressing(data: AddressingData): CheckJudgement {
  const ok = data.addresses.filter((a) => a.ok);
  const failed = data.addresses.filter((a) => !a.ok);
  if (data.addresses.length === 0) return { status: 'skipped', summary: 'No address to compare.', reason: 'No address to compare.' };
  if (ok.length === 0) {
    return { status: 'fail', summary: clip(`No address of ${data.name} completes the connection start (${failed.map((a) => `${a.address}: ${a.stage} ${a.outcome}`).join('; ')}).`) };
  }
  if (failed.length > 0) {
    return {
      status: 'warn',
      summary: clip(`${list(ok.map((a) => a.address))} ${ok.length === 1 ? 'works' : 'work'}, but ${list(failed.map((a) => `${a.address} (${a.stage} ${a.outcome})`))} ${failed.length === 1 ? 'fails' : 'fail'}: connect by ${data.workingAddress} to get in now.`),
    };
  }
  // Whether those names contradict the typed one is the name-points-elsewhere rule's to say (it weighs
  // where each name comes from, and allows for aliases); the check only reports them, so the two can
  // never disagree.
  return {
    status: 'pass',
    summary: clip(
      `${data.addresses.length === 1 ? `The address ${ok[0]!.address} works` : `All ${data.addresses.length} addresses work`}${data.answeringNames.length ? `; the computer answers as ${list(data.answeringNames.slice(0, 3))}` : ''}.`,
    ),
  };
}

// ---------------------------------------------------------------- stability

export function judgeStability(data: StabilityData): CheckJudgement {
  const verdict = judgeAttempts(data);
  // Fewer attempts than asked: say why (a slow server, a stalled handshake), after what they showed.
  const stopped = data.plan?.stopped;
  return stopped && verdict.status !== 'skipped' ? { ...verdict, summary: clip(`${verdict.summary} ${stopped}`) } : verdict;
}

function judgeAttempts(data: StabilityData): CheckJudgement {
  const total = data.attempts.length;
  const ok = data.attempts.filter((a) => a.ok);
  const failed = data.attempts.filter((a) => !a.ok);
  if (total === 0) return { status: 'skipped', summary: 'Cancelled before any attempt.', reason: 'Cancelled.' };
  const failures = [...new Set(failed.map((a) => `${a.stage} ${a.outcome}`))];
  if (ok.length === 0) return { status: 'fail', summary: clip(`All ${total} connection attempts failed (${failures.join('; ')}).`) };
  if (failed.length > 0) {
    return { status: 'warn', summary: clip(`${failed.length} of ${total} connection attempts failed (${failures.join('; ')}): the connection is unreliable.`) };
  }
  const slow = ok.filter((a) => a.durationMs > data.slowThresholdMs);
  if (slow.length > 0) {
    return { status: 'warn', summary: clip(`All ${total} attempts worked, but ${slow.length} took longer than ${ms(data.slowThresholdMs)} (slowest ${ms(data.maxMs ?? 0)}).`) };
  }
  return { status: 'pass', summary: `All ${total} connection attempts worked (median ${ms(data.medianMs ?? 0)}, slowest ${ms(data.maxMs ?? 0)}).` };
}

// ---------------------------------------------------------------- udp

export function judgeUdp(data: UdpData): CheckJudgement {
  const where = hostPort(data.address, data.port);
  switch (data.outcome) {
    case 'answered':
      return data.reply?.ackOfSequence
        ? { status: 'pass', summary: `UDP ${data.port} answers on ${data.address}: Remote Desktop can use UDP for a smoother session.` }
        : { status: 'warn', summary: clip(`Something answered on UDP ${where}, but not as expected from Remote Desktop (${data.detail ?? ''}).`) };
    // UDP is informational: without it Remote Desktop works over TCP, so its absence is no risk for 0x904.
    case 'no-answer':
      return { status: 'pass', summary: `No answer on UDP ${where} (UDP disabled or filtered — cannot tell which). Remote Desktop still works over TCP alone, a little less smoothly.` };
    case 'icmp-unreachable':
      return { status: 'pass', summary: `UDP ${where} is closed (the host says port unreachable). Remote Desktop still works over TCP alone.` };
    case 'error':
      if (data.detail?.startsWith('Cancelled')) return { status: 'skipped', summary: 'Cancelled.', reason: 'Cancelled.' };
      return { status: 'error', summary: clip(`The UDP check failed: ${data.detail ?? 'error'}`), reason: clip(data.detail ?? 'error') };
  }
}


/** The path-MTU sweep: only a confirmed black hole fails; what could not be measured says why. */
export function judgePathMtu(data: PathMtuData): CheckJudgement {
  switch (data.outcome) {
    case 'black-hole':
      return { status: 'fail', summary: clip(`Packets larger than ${data.pathMtu ?? '?'} bytes are lost on the way to ${data.address} with no "too big" message back (a path MTU black hole): ${data.detail}`) };
    case 'path-ok':
    case 'signalled':
      return { status: 'pass', summary: clip(`The stalled connection is not a path MTU black hole: ${data.detail}`) };
    case 'no-echo':
      return { status: 'warn', summary: clip(data.detail) };
    case 'unavailable':
      return { status: 'skipped', summary: clip(data.detail), reason: clip(data.detail) };
    case 'error':
      return { status: 'error', summary: clip(data.detail), reason: clip(data.detail) };
  }
}
