/**
 * TLS after the X.224 exchange, on the SAME socket (RDP's "start TLS"): one fresh connection per
 * TLS version, the negotiated cipher, alerts by name, the server certificate and chain.
 */
import type { Socket } from 'node:net';
import { isIP } from 'node:net';
import { connect as tlsConnect, createSecureContext, type ConnectionOptions, type DetailedPeerCertificate, type SecureContext, type TLSSocket } from 'node:tls';
import { PROTOCOL, TLS_VERSIONS, type CertificateInfo, type TlsAttempt, type TlsData, type TlsVersion, type X224Reply } from '../../../shared/checks/net';
import { ABORTED, errorCode, errorMessage, mapLimited, now, since, type ProbeOptions } from './io';
import { cutBeforeAnswer, retryWhenCut } from './retry';
import { describeCertificate, matchCertificateName } from './x509';
import { describeReply, REQUEST_TLS_AND_CREDSSP, x224Exchange } from './x224';

/** TLS alert descriptions (RFC 5246 7.2, RFC 8446 6). */
export const TLS_ALERTS: Readonly<Record<number, string>> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  21: 'decryption_failed',
  22: 'record_overflow',
  30: 'decompression_failure',
  40: 'handshake_failure',
  41: 'no_certificate',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  49: 'access_denied',
  50: 'decode_error',
  51: 'decrypt_error',
  60: 'export_restriction',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  100: 'no_renegotiation',
  109: 'missing_extension',
  110: 'unsupported_extension',
  111: 'certificate_unobtainable',
  112: 'unrecognized_name',
  113: 'bad_certificate_status_response',
  114: 'bad_certificate_hash_value',
  115: 'unknown_psk_identity',
  116: 'certificate_required',
  120: 'no_application_protocol',
};

export function alertName(n: number): string {
  return TLS_ALERTS[n] ?? `alert_${n}`;
}

/**
 * Cipher string for every attempt: OpenSSL's default list at security level 0, so that a weak server
 * (1024-bit key, SHA-1 signature, TLS 1.0) still completes the handshake and we can report the weakness
 * rather than fail without seeing it.
 */
export const PROBE_CIPHERS = 'DEFAULT:@SECLEVEL=0';

export interface TlsErrorInfo {
  /** Alert number when the error says the peer sent an alert. */
  alertNumber?: number;
  alert?: string;
  /** OpenSSL packed error code, e.g. 0A00042E. */
  opensslCode?: string;
  /** OpenSSL reason text, e.g. "tlsv1 alert protocol version". */
  reason?: string;
  code?: string;
  message: string;
}

/**
 * Read what an OpenSSL / Node TLS error says. OpenSSL reports a received alert as reason
 * 1000 + alert number (SSL_AD_REASON_OFFSET); Node also appends "SSL alert number N".
 */
export function parseTlsError(error: unknown): TlsErrorInfo {
  const message = error instanceof Error ? error.message : String(error);
  const info: TlsErrorInfo = { message: errorMessage(error) };
  const code = errorCode(error);
  if (code) info.code = code;
  if (error && typeof error === 'object' && 'reason' in error && typeof (error as { reason: unknown }).reason === 'string') {
    info.reason = (error as { reason: string }).reason;
  }
  const packed = /error:([0-9A-Fa-f]{8}):/.exec(message);
  let alert: number | undefined;
  if (packed) {
    info.opensslCode = packed[1]!.toUpperCase();
    const reason = parseInt(packed[1]!, 16) & 0xfff;
    if (reason >= 1000 && reason < 1256) alert = reason - 1000;
  }
  const numbered = /SSL alert number (\d{1,3})/.exec(message);
  if (alert === undefined && numbered) alert = Number(numbered[1]);
  if (alert === undefined) {
    // Fall back to the reason text ("sslv3 alert handshake failure", "tlsv1 alert protocol version").
    const text = (info.reason ?? message).toLowerCase();
    const m = /(?:sslv3|tlsv1|tlsv13) alert ([a-z ]+)/.exec(text);
    if (m) {
      const wanted = m[1]!.trim().replace(/ /g, '_');
      const found = Object.entries(TLS_ALERTS).find(([, name]) => name === wanted || name.replace(/_/g, '') === wanted.replace(/_/g, ''));
      if (found) alert = Number(found[0]);
    }
  }
  if (alert !== undefined) {
    info.alertNumber = alert;
    info.alert = alertName(alert);
  }
  return info;
}

/** Classify a TLS handshake error into a tlsAttempt outcome. Pure. */
export function classifyTlsError(info: TlsErrorInfo): Pick<TlsAttempt, 'outcome' | 'alert' | 'errorCode' | 'detail'> {
  const code = info.code ?? info.opensslCode;
  const base = { ...(code ? { errorCode: code } : {}) };
  const text = `${info.reason ?? ''} ${info.message}`.toLowerCase();
  if (info.alert !== undefined) {
    if (info.alertNumber === 70) {
      return { ...base, outcome: 'rejected', alert: info.alert, detail: 'The server refused this TLS version (protocol_version alert).' };
    }
    return { ...base, outcome: 'alert', alert: info.alert, detail: `The server ended the handshake with the TLS alert ${info.alert}.` };
  }
  if (/no protocols available|unsupported_protocol_version_locally|no ciphers available|no cipher match|unknown protocol version/.test(text) || info.code === 'ERR_TLS_INVALID_PROTOCOL_VERSION') {
    return { ...base, outcome: 'unsupported-locally', detail: 'This computer\'s TLS library refuses this version, so it could not be tried.' };
  }
  if (/unsupported protocol|version too low|version too high/.test(text)) {
    return { ...base, outcome: 'rejected', detail: 'The server answered with a different TLS version.' };
  }
  if (/disconnected before secure tls connection|unexpected eof|socket hang up/.test(text)) {
    return { ...base, outcome: 'closed', detail: 'The server closed the connection during the TLS handshake.' };
  }
  if (info.code === 'ECONNRESET' || info.code === 'ECONNABORTED' || /econnreset/.test(text)) {
    return { ...base, outcome: 'reset', detail: 'The server reset the connection during the TLS handshake.' };
  }
  if (info.code === 'EPIPE') return { ...base, outcome: 'closed', detail: 'The connection was closed while sending the TLS hello.' };
  if (/wrong version number|packet length too long|record layer failure/.test(text)) {
    return { ...base, outcome: 'not-tls', detail: 'The server did not answer with TLS (the reply is not a TLS record): it could not start TLS.' };
  }
  return { ...base, outcome: 'error', detail: info.message.slice(0, 300) };
}

export interface StartTlsOptions extends ProbeOptions {
  /** One version only (min = max); omitted: TLS 1.0 .. 1.3, the best the server offers. */
  version?: TlsVersion;
  /** SNI, only for DNS names (never an IP literal). */
  servername?: string;
  /** Keep the TLS socket open on success (CredSSP runs inside). The caller must destroy it. */
  keepOpen?: boolean;
  /** Which server certificates to return: the chain (default), the leaf only, or none (cheapest). */
  certificates?: 'chain' | 'leaf' | 'none';
}

export interface StartTlsResult {
  outcome: TlsAttempt['outcome'];
  protocol?: string;
  cipher?: string;
  cipherStandardName?: string;
  alert?: string;
  errorCode?: string;
  detail?: string;
  /** DER certificates as sent: leaf first. */
  certificates?: Buffer[];
  durationMs: number;
  /** TLS bytes each way on this connection while the handshake ran (ClientHello out, the server's flight in). */
  bytesSent: number;
  bytesReceived: number;
  tlsSocket?: TLSSocket;
}

function peerChain(socket: TLSSocket): Buffer[] {
  const out: Buffer[] = [];
  let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true) as DetailedPeerCertificate | undefined;
  const seen = new Set<string>();
  // Bounded: at most 10 certificates, and a self-issued one links to itself.
  for (let i = 0; i < 10 && cert && cert.raw && cert.raw.length > 0; i++) {
    const key = cert.fingerprint256 ?? cert.raw.toString('base64');
    if (seen.has(key)) break;
    seen.add(key);
    out.push(cert.raw);
    cert = cert.issuerCertificate;
  }
  return out;
}

/**
 * One TLS client context per version range, made once per process: building one costs about as much
 * as the rest of a loopback handshake. Node resumes a client session only when given one, so every
 * probe is still a full handshake with the server's certificate.
 */
const probeContexts = new Map<string, SecureContext>();
function probeContext(version: TlsVersion | undefined): SecureContext {
  const key = version ?? 'any';
  let context = probeContexts.get(key);
  if (!context) {
    context = createSecureContext({ ciphers: PROBE_CIPHERS, minVersion: version ?? 'TLSv1', maxVersion: version ?? 'TLSv1.3' });
    probeContexts.set(key, context);
  }
  return context;
}

/** Upgrade an X.224-confirmed socket to TLS. Never throws; destroys the socket unless keepOpen succeeded. */
export function startTls(socket: Socket, options: StartTlsOptions): Promise<StartTlsResult> {
  const started = now();
  const readBefore = socket.bytesRead;
  const writtenBefore = socket.bytesWritten;
  return new Promise((resolve) => {
    let settled = false;
    let tlsSocket: TLSSocket | undefined;
    const finish = (result: Omit<StartTlsResult, 'durationMs' | 'bytesSent' | 'bytesReceived'>, keep = false): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      const bytesReceived = Math.max(0, socket.bytesRead - readBefore);
      const bytesSent = Math.max(0, socket.bytesWritten - writtenBefore);
      if (!keep) {
        tlsSocket?.destroy();
        socket.destroy();
      }
      resolve({ ...result, bytesSent, bytesReceived, durationMs: since(started) });
    };
    const onAbort = (): void => finish({ outcome: 'error', errorCode: ABORTED, detail: 'Cancelled during the TLS handshake.' });
    const timer = setTimeout(() => finish({ outcome: 'timeout', detail: `The TLS handshake did not finish within ${options.timeoutMs} ms.` }), Math.max(0, options.timeoutMs));
    if (options.signal?.aborted) {
      onAbort();
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const tlsOptions: ConnectionOptions = { socket, rejectUnauthorized: false, secureContext: probeContext(options.version) };
      if (options.servername && isIP(options.servername) === 0) tlsOptions.servername = options.servername;
      tlsSocket = tlsConnect(tlsOptions);
    } catch (error) {
      const info = parseTlsError(error);
      const classified = classifyTlsError(info);
      finish(classified.outcome === 'error' ? { ...classified, outcome: 'unsupported-locally' } : classified);
      return;
    }
    const t = tlsSocket;
    t.once('secureConnect', () => {
      const cipher = t.getCipher();
      const wanted = options.certificates ?? 'chain';
      const leaf = wanted === 'leaf' ? t.getPeerX509Certificate()?.raw : undefined;
      const result: Omit<StartTlsResult, 'durationMs' | 'bytesSent' | 'bytesReceived'> = {
        outcome: 'accepted',
        ...(wanted === 'chain' ? { certificates: peerChain(t) } : leaf ? { certificates: [leaf] } : {}),
        ...(t.getProtocol() ? { protocol: t.getProtocol() ?? undefined } : {}),
        ...(cipher?.name ? { cipher: cipher.name } : {}),
        ...(cipher?.standardName ? { cipherStandardName: cipher.standardName } : {}),
      };
      if (options.keepOpen) {
        t.on('error', () => undefined);
        finish({ ...result, tlsSocket: t }, true);
      } else finish(result);
    });
    t.on('error', (error) => finish(classifyTlsError(parseTlsError(error))));
    t.once('close', () => finish({ outcome: 'closed', detail: 'The connection closed during the TLS handshake.' }));
  });
}

// ---------------------------------------------------------------- per-version probe

export interface TlsProbeOptions extends ProbeOptions {
  /** The name the user typed: for the certificate name check and SNI. */
  name: string;
  versions?: readonly TlsVersion[];
  requestedProtocols?: number;
  cookie?: string;
  /** Handshakes at once (default 2). */
  concurrency?: number;
  /**
   * A slow server (plan.ts): one handshake offering every version learns the best one it accepts;
   * only when that is TLS 1.0/1.1 is TLS 1.2 tried on its own (to show it refused). The reason is kept.
   */
  oneHandshake?: { answerMs: number; reason: string };
}

interface VersionAttempt {
  attempt: TlsAttempt;
  x224: X224Reply;
  certificates?: Buffer[];
}

/** X.224 selected a TLS-based protocol: TLS starts now. */
export function x224StartsTls(reply: X224Reply): boolean {
  return reply.kind === 'confirm' && (reply.selectedProtocol ?? 0) !== PROTOCOL.RDP && !reply.unexpectedSelection;
}

/** A negotiated protocol name as a version we track, if it is one. */
function asVersion(protocol: string | undefined): TlsVersion | undefined {
  return (TLS_VERSIONS as readonly string[]).includes(protocol ?? '') ? (protocol as TlsVersion) : undefined;
}

/** `version` undefined: offer every version (the best the server accepts wins). */
async function attemptVersion(address: string, port: number, version: TlsVersion | undefined, requestedProtocols: number, options: TlsProbeOptions): Promise<VersionAttempt> {
  const label: TlsVersion = version ?? 'TLSv1.3';
  const started = now();
  const signal = options.signal ? { signal: options.signal } : {};
  // A connection cut before the X.224 answer is tried again (bounded, retry.ts): the versions are judged on connections that work.
  const { result: exchange } = await retryWhenCut(
    () =>
      x224Exchange(address, port, requestedProtocols, {
        timeoutMs: options.timeoutMs,
        keepOpen: true,
        ...signal,
        ...(options.cookie !== undefined ? { cookie: options.cookie } : {}),
      }),
    (e) => cutBeforeAnswer(e.reply),
    signal,
  );
  if (!exchange.socket || !x224StartsTls(exchange.reply)) {
    exchange.socket?.destroy();
    return {
      x224: exchange.reply,
      attempt: { version: label, outcome: 'x224-failed', detail: `Before TLS: ${describeReply(exchange.reply)}.`, durationMs: since(started) },
    };
  }
  const tls = await startTls(exchange.socket, { ...(version ? { version } : {}), timeoutMs: options.timeoutMs, servername: options.name, ...signal });
  const attempt: TlsAttempt = {
    // Offering them all: the attempt is the version that was negotiated (a failure: under the newest offered).
    version: version ?? asVersion(tls.protocol) ?? label,
    outcome: tls.outcome,
    durationMs: since(started),
    ...(tls.cipher ? { cipher: tls.cipher } : {}),
    ...(tls.cipherStandardName ? { cipherStandardName: tls.cipherStandardName } : {}),
    ...(tls.alert ? { alert: tls.alert } : {}),
    ...(tls.errorCode ? { errorCode: tls.errorCode } : {}),
    ...(tls.detail ? { detail: tls.detail } : {}),
    bytesSent: tls.bytesSent,
    bytesReceived: tls.bytesReceived,
  };
  if (!version) attempt.detail = `Offered TLS 1.0 to 1.3 in one handshake: ${tls.outcome === 'accepted' ? `the server chose ${tls.protocol ?? 'a version'}` : tls.outcome}.${tls.detail && tls.outcome !== 'accepted' ? ` ${tls.detail}` : ''}`;
  else if (tls.outcome === 'accepted' && tls.protocol && tls.protocol !== version) {
    attempt.detail = `Asked for ${version}, negotiated ${tls.protocol}.`;
  }
  return { attempt, x224: exchange.reply, ...(tls.certificates ? { certificates: tls.certificates } : {}) };
}

export interface TlsProbeResult {
  data: TlsData;
  /** Set when a certificate was received but could not be read. */
  certificateError?: string;
}

/**
 * One X.224 exchange, then (when it selects a TLS-based protocol) one fresh connection per TLS
 * version. When the first X.224 exchange does not lead to TLS, the versions are not tried (they
 * would all meet the same refusal) and each is reported as x224-failed. Never throws.
 */
export async function probeTls(address: string, port: number, options: TlsProbeOptions): Promise<TlsProbeResult> {
  const versions = options.versions ?? TLS_VERSIONS;
  const checkedAt = new Date().toISOString();
  let requested = options.requestedProtocols ?? REQUEST_TLS_AND_CREDSSP;
  const oneHandshake = options.oneHandshake;
  const first = oneHandshake ? undefined : (versions[0] ?? 'TLSv1.2');
  let firstAttempt = await attemptVersion(address, port, first, requested, options);
  if (firstAttempt.x224.kind === 'failure' && firstAttempt.x224.failureCode === 4 && requested !== PROTOCOL.SSL) {
    // INCONSISTENT_FLAGS: an old server that does not know HYBRID_EX; ask for TLS alone.
    requested = PROTOCOL.SSL;
    firstAttempt = await attemptVersion(address, port, first, requested, options);
  }
  let attempts: VersionAttempt[];
  if (firstAttempt.attempt.outcome === 'x224-failed') {
    attempts = [firstAttempt, ...versions.filter((v) => v !== firstAttempt.attempt.version).map((version): VersionAttempt => ({
      x224: firstAttempt.x224,
      attempt: { version, outcome: 'x224-failed', detail: 'Not tried: the RDP negotiation before TLS already failed.', durationMs: 0 },
    }))];
  } else if (oneHandshake) {
    // The best it accepts is old: show that TLS 1.2 is refused (one more connection, only then).
    const legacy = firstAttempt.attempt.outcome === 'accepted' && (firstAttempt.attempt.version === 'TLSv1' || firstAttempt.attempt.version === 'TLSv1.1');
    attempts = legacy ? [firstAttempt, await attemptVersion(address, port, 'TLSv1.2', requested, options)] : [firstAttempt];
  } else {
    const rest = await mapLimited(versions.slice(1), options.concurrency ?? 2, (version) => attemptVersion(address, port, version, requested, options));
    attempts = [firstAttempt, ...rest];
  }
  const data: TlsData = {
    address,
    x224: firstAttempt.x224,
    attempts: attempts.map((a) => a.attempt),
    nameMatch: null,
    checkedAt,
    ...(oneHandshake ? { versionsPlan: { oneHandshake: true as const, answerMs: Math.round(oneHandshake.answerMs), reason: oneHandshake.reason.slice(0, 400) } } : {}),
  };
  let certificateError: string | undefined;
  const withCert = attempts.find((a) => a.certificates && a.certificates.length > 0);
  if (withCert?.certificates) {
    const [leaf, ...above] = withCert.certificates;
    const described = describeCertificate(leaf!);
    if (described.ok) {
      data.certificate = described.info;
      data.nameMatch = matchCertificateName(described.info, options.name);
    } else certificateError = described.error;
    const chain = above.map((der) => describeCertificate(der)).filter((d): d is { ok: true; info: CertificateInfo } => d.ok);
    if (chain.length) data.chain = chain.map(({ info }) => ({ subject: info.subject, issuer: info.issuer, validFrom: info.validFrom, validTo: info.validTo, sha256: info.sha256 }));
  }
  return { data, ...(certificateError ? { certificateError } : {}) };
}
