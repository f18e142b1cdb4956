/**
 * Typed `data` of the network checks. The probes in electron/checks/net produce exactly these;
 * the rules (shared/rules) and the wizard's step components read them with these schemas.
 * Check ids are stable (they appear in the command line's JSON).
 */
import { z } from 'zod';

export const NET_CHECK_IDS = {
  dns: 'dns',
  tcp: 'tcp',
  rdpListener: 'rdp-listener',
  securityLayers: 'security-layers',
  tls: 'tls',
  credssp: 'credssp',
  addressing: 'addressing',
  stability: 'stability',
  udp: 'udp',
  pathMtu: 'path-mtu',
} as const;

/** An IP address and its family, as resolved or as measured. */
export const familyAddressSchema = z.object({ address: z.string(), family: z.union([z.literal(4), z.literal(6)]) });
export type FamilyAddress = z.infer<typeof familyAddressSchema>;

/** Name resolution. For an IP literal the check is `skipped` with the literal as the one address. */
export const dnsDataSchema = z.object({
  name: z.string(),
  addresses: z.array(familyAddressSchema),
  /** Resolver outcome: `ok`, or what went wrong. */
  outcome: z.enum(['ok', 'literal', 'nxdomain', 'no-records', 'timeout', 'server-failure', 'refused', 'error']),
  /** The resolver's error code (ENOTFOUND, ENODATA, ETIMEOUT, ESERVFAIL, ...). */
  errorCode: z.string().optional(),
  durationMs: z.number(),
});
export type DnsData = z.infer<typeof dnsDataSchema>;

/** One TCP connection attempt to one address. */
export const tcpDataSchema = z.object({
  address: z.string(),
  port: z.number(),
  outcome: z.enum(['open', 'refused', 'filtered', 'unreachable', 'reset', 'error']),
  /** errno name from the OS (ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, ECONNRESET, ...). */
  errorCode: z.string().optional(),
  connectMs: z.number().optional(),
  timeoutMs: z.number(),
});
export type TcpData = z.infer<typeof tcpDataSchema>;

/** Protocol flags of RDP_NEG_REQ / selectedProtocol (MS-RDPBCGR 2.2.1.1.1). */
export const PROTOCOL = { RDP: 0x0, SSL: 0x1, HYBRID: 0x2, RDSTLS: 0x4, HYBRID_EX: 0x8, RDSAAD: 0x10 } as const;

const PROTOCOL_BITS: ReadonlyArray<[number, string]> = [
  [PROTOCOL.SSL, 'SSL'],
  [PROTOCOL.HYBRID, 'HYBRID'],
  [PROTOCOL.RDSTLS, 'RDSTLS'],
  [PROTOCOL.HYBRID_EX, 'HYBRID_EX'],
  [PROTOCOL.RDSAAD, 'RDSAAD'],
];

/** Names of the bits of a requestedProtocols / selectedProtocol value ('RDP' for 0, unknown bits in hex). */
export function protocolFlagNames(value: number): string[] {
  if (value === 0) return ['RDP'];
  const names: string[] = [];
  let rest = value >>> 0;
  for (const [bit, name] of PROTOCOL_BITS) {
    if (rest & bit) {
      names.push(name);
      rest &= ~bit;
    }
  }
  if (rest) names.push(`0x${rest.toString(16)}`);
  return names;
}

/** RDP_NEG_FAILURE failureCode names (MS-RDPBCGR 2.2.1.2.2). */
export const NEG_FAILURE_NAMES: Readonly<Record<number, string>> = {
  1: 'SSL_REQUIRED_BY_SERVER',
  2: 'SSL_NOT_ALLOWED_BY_SERVER',
  3: 'SSL_CERT_NOT_ON_SERVER',
  4: 'INCONSISTENT_FLAGS',
  5: 'HYBRID_REQUIRED_BY_SERVER',
  6: 'SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER',
};

/** What came back for one X.224 Connection Request. */
export const x224ReplySchema = z.object({
  requestedProtocols: z.number(),
  kind: z.enum([
    'confirm', // X.224 CC with RDP_NEG_RSP
    'confirm-no-negotiation', // X.224 CC without negotiation data (old servers: standard RDP security)
    'failure', // X.224 CC with RDP_NEG_FAILURE
    'not-rdp', // a reply that is not TPKT/X.224 at all (another service)
    'malformed', // TPKT/X.224 but inconsistent or truncated
    'oversized', // TPKT length beyond what an X.224 confirm can be, or more bytes than allowed
    'closed', // the server closed the connection without a reply
    'reset', // the server reset the connection
    'timeout', // no (complete) reply within the timeout
    'connect-failed', // TCP did not connect
  ]),
  selectedProtocol: z.number().optional(),
  /** RDP_NEG_RSP flags. */
  flags: z.number().optional(),
  flagNames: z.array(z.string()).optional(),
  failureCode: z.number().optional(),
  /** SSL_REQUIRED_BY_SERVER, ... */
  failureName: z.string().optional(),
  /** The server selected a protocol it was not offered. */
  unexpectedSelection: z.boolean().optional(),
  /** First bytes received, hex, for IT staff (at most 64 bytes). */
  bytesHex: z.string().optional(),
  /** For `not-rdp`: printable start of the reply (e.g. an SSH banner). */
  banner: z.string().optional(),
  detail: z.string().optional(),
  durationMs: z.number(),
});
export type X224Reply = z.infer<typeof x224ReplySchema>;

/** `rdp-listener`: one X.224 request (TLS | HYBRID | HYBRID_EX) per address: is an RDP listener there? */
export const rdpListenerDataSchema = z.object({
  address: z.string(),
  reply: x224ReplySchema,
  /** Earlier tries of the same request that were reset or closed before an answer (retried, bounded). */
  earlier: z.array(x224ReplySchema).optional(),
});
export type RdpListenerData = z.infer<typeof rdpListenerDataSchema>;

/** `security-layers`: one connection per requestedProtocols value. */
export const securityLayersDataSchema = z.object({
  address: z.string(),
  replies: z.array(x224ReplySchema),
  /** What the server accepts (derived from the replies). */
  accepts: z.object({ rdp: z.boolean().nullable(), tls: z.boolean().nullable(), hybrid: z.boolean().nullable(), hybridEx: z.boolean().nullable() }),
  /** What it requires, when a failure code says so: 'tls' | 'hybrid' | 'tls-user-auth' | null. */
  requires: z.enum(['tls', 'hybrid', 'tls-user-auth']).nullable(),
  /** Server-side negotiation failure 3 (SSL_CERT_NOT_ON_SERVER) was seen. */
  certNotOnServer: z.boolean(),
});
export type SecurityLayersData = z.infer<typeof securityLayersDataSchema>;

export const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export const tlsVersionSchema = z.enum(TLS_VERSIONS);
export type TlsVersion = z.infer<typeof tlsVersionSchema>;

export const certificateSchema = z.object({
  subject: z.string(),
  /** Common name(s) from the subject. */
  subjectCN: z.string().optional(),
  issuer: z.string(),
  issuerCN: z.string().optional(),
  serialNumber: z.string(),
  validFrom: z.string(), // ISO 8601
  validTo: z.string(), // ISO 8601
  selfSigned: z.boolean(),
  dnsNames: z.array(z.string()),
  ipAddresses: z.array(z.string()),
  keyType: z.string(), // rsa, ec, ed25519 ...
  keyBits: z.number().optional(),
  curve: z.string().optional(),
  signatureAlgorithm: z.string(), // sha256WithRSAEncryption ...
  signatureAlgorithmOid: z.string(),
  /** Extended key usage OIDs (empty when the extension is absent: any usage). */
  extendedKeyUsage: z.array(z.string()),
  sha1: z.string(), // colon-separated upper-case hex, as Windows shows thumbprints without colons
  sha256: z.string(),
  /** The certificate in PEM, for export. */
  pem: z.string(),
});
export type CertificateInfo = z.infer<typeof certificateSchema>;

export const tlsAttemptSchema = z.object({
  version: tlsVersionSchema,
  /** not-tls: the server selected TLS, then answered with bytes that are not TLS (it could not start TLS). */
  outcome: z.enum(['accepted', 'rejected', 'alert', 'reset', 'closed', 'timeout', 'not-tls', 'x224-failed', 'unsupported-locally', 'error']),
  /** Negotiated cipher (OpenSSL and standard names) when accepted. */
  cipher: z.string().optional(),
  cipherStandardName: z.string().optional(),
  /** TLS alert description name (handshake_failure, protocol_version, ...) when one was received. */
  alert: z.string().optional(),
  errorCode: z.string().optional(),
  detail: z.string().optional(),
  /** TLS bytes on this connection when the handshake ended (after the X.224 exchange): ClientHello out, server flight in. */
  bytesSent: z.number().optional(),
  bytesReceived: z.number().optional(),
  durationMs: z.number(),
});
export type TlsAttempt = z.infer<typeof tlsAttemptSchema>;

/** `tls`: after an X.224 exchange asking for TLS (and CredSSP), one handshake per TLS version. */
export const tlsDataSchema = z.object({
  address: z.string(),
  /** The X.224 exchange that preceded the handshakes (the first one). */
  x224: x224ReplySchema,
  attempts: z.array(tlsAttemptSchema),
  /** The certificate from the first handshake that got one. */
  certificate: certificateSchema.optional(),
  /** The chain above the leaf, as sent. */
  chain: z.array(certificateSchema.pick({ subject: true, issuer: true, validFrom: true, validTo: true, sha256: true })).optional(),
  /** The name the user typed matches the certificate (DNS SANs, IP SANs, then CN); null for no certificate. */
  nameMatch: z.object({ matches: z.boolean(), checkedName: z.string(), matchedBy: z.enum(['dns-san', 'ip-san', 'cn', 'none']) }).nullable(),
  /** Local clock at the time of the check, ISO 8601 (for validity comparisons in reports). */
  checkedAt: z.string(),
  /**
   * Set when the versions were learnt from one handshake offering them all (a slow server: one
   * connection per version would multiply its wait), with why (electron/checks/net/plan.ts).
   */
  versionsPlan: z.object({ oneHandshake: z.literal(true), answerMs: z.number(), reason: z.string().max(400) }).optional(),
});
export type TlsData = z.infer<typeof tlsDataSchema>;

/**
 * Stages of one connection start, in order. `post-tls`: the first exchange after the connection is
 * secured, as mstsc goes on before credentials (MCS Connect-Initial for TLS and standard RDP
 * security, the CredSSP NTLM NEGOTIATE for NLA); with standard RDP security it follows X.224.
 */
export const handshakeStageSchema = z.enum(['tcp', 'x224', 'tls', 'post-tls', 'done']);
export type HandshakeStage = z.infer<typeof handshakeStageSchema>;

/** What came back for the first PDU after the connection was secured (MS-RDPBCGR 2.2.1.3/2.2.1.4, MS-CSSP). */
export const postTlsSchema = z.object({
  /** mcs: MCS Connect-Initial / Connect-Response; credssp: TSRequest NTLM NEGOTIATE / CHALLENGE. */
  kind: z.enum(['mcs', 'credssp']),
  outcome: z.enum([
    'answered', // Connect-Response rt-successful, or a TSRequest back
    'refused', // Connect-Response with another result
    'disconnect', // X.224 Disconnect Request or MCS Disconnect-Provider-Ultimatum
    'reset', // the connection was reset
    'closed', // the server closed the connection
    'timeout', // no complete answer within the timeout
    'malformed', // an answer that could not be read
    'aborted', // cancelled
  ]),
  detail: z.string(),
  /** MCS result name (rt-successful, ...). */
  mcsResult: z.string().optional(),
  /** SC_CORE version, hex (0x00080004 ...). */
  serverVersion: z.string().optional(),
  /** SC_SECURITY encryption method and level (0 and 0 with TLS or CredSSP). */
  encryptionMethod: z.number().optional(),
  encryptionLevel: z.number().optional(),
  /** CredSSP: the server's TSRequest version. */
  tsRequestVersion: z.number().optional(),
  /** Bytes of our PDU, and of the answer received before it ended. */
  bytesSent: z.number(),
  bytesReceived: z.number(),
  /** First bytes of the answer, hex (at most 64 bytes), for IT staff. */
  bytesHex: z.string().optional(),
  durationMs: z.number(),
});
export type PostTls = z.infer<typeof postTlsSchema>;

/** `credssp`: NTLM CHALLENGE read through CredSSP, without credentials. */
export const credsspDataSchema = z.object({
  address: z.string(),
  outcome: z.enum(['challenge', 'not-offered', 'tls-failed', 'no-challenge', 'malformed', 'reset', 'timeout', 'error']),
  tsRequestVersion: z.number().optional(),
  ntlm: z
    .object({
      targetName: z.string().optional(),
      netbiosComputer: z.string().optional(),
      netbiosDomain: z.string().optional(),
      dnsComputer: z.string().optional(),
      dnsDomain: z.string().optional(),
      dnsTree: z.string().optional(),
      /** Windows version from the NTLM Version field, e.g. 10.0 build 20348. */
      osVersion: z.object({ major: z.number(), minor: z.number(), build: z.number() }).optional(),
      /** Server clock from AV pair 7 (MsvAvTimestamp), ISO 8601. */
      serverTime: z.string().optional(),
      negotiateFlags: z.number().optional(),
    })
    .optional(),
  /** server clock - local clock, in seconds (positive: server ahead). */
  clockSkewSeconds: z.number().optional(),
  detail: z.string().optional(),
  /** The NEGOTIATE / CHALLENGE exchange itself (the stage after TLS), when TLS completed. */
  postTls: postTlsSchema.optional(),
  durationMs: z.number(),
});
export type CredsspData = z.infer<typeof credsspDataSchema>;


export const handshakeAttemptSchema = z.object({
  n: z.number(),
  ok: z.boolean(),
  /** Stage reached: for a failure, the stage at which it failed. */
  stage: handshakeStageSchema,
  /** What happened at that stage (refused, reset, timeout, alert name, negotiation failure...). */
  outcome: z.string(),
  durationMs: z.number(),
  /** Per-stage timings. */
  tcpMs: z.number().optional(),
  x224Ms: z.number().optional(),
  tlsMs: z.number().optional(),
  postTlsMs: z.number().optional(),
  /** The exchange after TLS (or after X.224 with standard RDP security), when it was reached. */
  postTls: postTlsSchema.optional(),
  /** Bytes this connection carried each way when it ended (TCP payload, TLS records included). */
  bytesSent: z.number().optional(),
  bytesReceived: z.number().optional(),
  /** Bytes of the server's TLS reply received before the TLS stage ended (a stall with few or none: path MTU). */
  tlsBytesReceived: z.number().optional(),
  startedAt: z.string(),
});
export type HandshakeAttempt = z.infer<typeof handshakeAttemptSchema>;

/** `stability`: N full handshakes (TCP + X.224 + TLS) to one address. */
export const stabilityDataSchema = z.object({
  address: z.string(),
  requestedProtocols: z.number(),
  attempts: z.array(handshakeAttemptSchema),
  slowThresholdMs: z.number(),
  medianMs: z.number().nullable(),
  maxMs: z.number().nullable(),
  /**
   * The attempts asked for, how many the plan allowed from what the server's first answer cost, the
   * time set aside for them, and why fewer were made (electron/checks/net/plan.ts).
   */
  plan: z
    .object({
      requested: z.number().int(),
      planned: z.number().int(),
      answerMs: z.number().nullable(),
      budgetMs: z.number(),
      stopped: z.string().max(400).optional(),
    })
    .optional(),
});
export type StabilityData = z.infer<typeof stabilityDataSchema>;

/** `addressing`: each resolved address through TCP + X.224 + TLS, to compare them. */
export const addressingDataSchema = z.object({
  name: z.string(),
  addresses: z.array(
    familyAddressSchema.extend({
      ok: z.boolean(),
      stage: handshakeStageSchema,
      outcome: z.string(),
      durationMs: z.number(),
    }),
  ),
  /** The first address that completed the handshake: offered for "connect by IP". */
  workingAddress: z.string().nullable(),
  /** Names the answering machine gave about itself (NTLM, certificate), for name-points-elsewhere. */
  answeringNames: z.array(z.string()),
});
export type AddressingData = z.infer<typeof addressingDataSchema>;

/** `udp`: one MS-RDPEUDP SYN (rate-limited, at most a few datagrams). */
export const udpDataSchema = z.object({
  address: z.string(),
  port: z.number(),
  outcome: z.enum(['answered', 'no-answer', 'icmp-unreachable', 'error']),
  datagramsSent: z.number(),
  /** Decoded SYN+ACK fields when answered. */
  reply: z
    .object({ flags: z.number(), flagNames: z.array(z.string()), ackOfSequence: z.boolean(), receiveWindow: z.number().optional(), bytes: z.number() })
    .optional(),
  detail: z.string().optional(),
  durationMs: z.number(),
});
export type UdpData = z.infer<typeof udpDataSchema>;

/** One don't-fragment ping of the path-MTU sweep. */
export const pathMtuProbeSchema = z.object({
  /** ICMP payload bytes (packet = payload + 28 for IPv4, + 48 for IPv6). */
  payload: z.number().int(),
  outcome: z.enum(['reply', 'too-big', 'no-reply', 'unreachable', 'error']),
  /** The MTU a too-big message named. */
  mtu: z.number().optional(),
  /** too-big at this computer's own interface. */
  local: z.boolean().optional(),
  /** The line of ping's output that decided it. */
  line: z.string().max(200).optional(),
  durationMs: z.number(),
});
export type PathMtuProbe = z.infer<typeof pathMtuProbeSchema>;

/** A connection that stalled the way a path-MTU black hole stalls one: the small exchange worked, the big reply never came. */
export const stallSchema = z.object({
  /** Which connection: "TLS 1.2 check", "attempt 2". */
  connection: z.string().max(100),
  /** The stage that stalled (tls, or the first exchange after it). */
  stage: z.enum(['tls', 'post-tls']),
  /** Bytes of the server's reply received at that stage before the silence (often 0: its first full-size packet is the one lost). */
  bytesReceived: z.number().optional(),
  bytesSent: z.number().optional(),
  waitedMs: z.number(),
});
export type Stall = z.infer<typeof stallSchema>;

/**
 * `path-mtu`: run only when a connection stalled after the X.224 exchange worked: the largest packet
 * that crosses the path with don't-fragment set, found with the system's ping (bounded binary search).
 */
export const pathMtuDataSchema = familyAddressSchema.extend({
  /** The stalled connections that asked for this sweep. */
  stalls: z.array(stallSchema).max(20),
  outcome: z.enum([
    'black-hole', // packets above the largest that crosses are lost with no "too big" message: confirmed
    'path-ok', // full-size (1,500-byte) packets cross, or everything this computer can send does
    'signalled', // a router said "too big" with its MTU: path MTU discovery works, no black hole
    'no-echo', // no size got an answer (echo blocked or the host does not answer ping): cannot tell
    'unavailable', // no don't-fragment ping here (no ping program, or not for this address family)
    'error', // ping failed to run
  ]),
  /** The largest payload that got a reply, and the packet it makes (payload + headers). */
  largestPayload: z.number().nullable(),
  pathMtu: z.number().nullable(),
  /** The smallest payload that did not cross (nothing came back), when one was seen. */
  smallestLost: z.number().nullable(),
  probes: z.array(pathMtuProbeSchema).max(40),
  /** The ping command for the largest size that crosses (or the first one tried), as run. */
  command: z.string().max(300).optional(),
  detail: z.string().max(500),
  durationMs: z.number(),
});
export type PathMtuData = z.infer<typeof pathMtuDataSchema>;
