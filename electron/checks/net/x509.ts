/**
 * The server certificate, described per certificateSchema: our own DER parse of the fields that
 * matter for diagnosis (names, validity, signature algorithm, key, extended key usage, SANs),
 * cross-checked with Node's X509Certificate (self-signature check, key details, fingerprints).
 * Plus the name check (DNS SANs with wildcard rules, IP SANs, then CN).
 */
import { createHash, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { CertificateInfo, TlsData } from '../../../shared/checks/net';
import { children, decodeInteger, decodeOid, decodeString, decodeTime, DerError, expectTag, readTlv, TAG, type DerNode } from './der';
import { colonHex } from './io';

export const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  dsa: '1.2.840.10040.4.1',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  subjectAltName: '2.5.29.17',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  remoteDesktopAuth: '1.3.6.1.4.1.311.54.1.2',
  anyExtendedKeyUsage: '2.5.29.37.0',
} as const;

export const SIGNATURE_ALGORITHMS: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.10040.4.3': 'dsa-with-sha1',
  '2.16.840.1.101.3.4.3.2': 'dsa-with-sha256',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
  '1.3.14.3.2.29': 'sha1WithRSASignature',
};

const HASH_NAMES: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '2.16.840.1.101.3.4.2.4': 'sha224',
};

const KEY_TYPES: Readonly<Record<string, string>> = {
  [OID.rsaEncryption]: 'rsa',
  [OID.rsassaPss]: 'rsa-pss',
  [OID.ecPublicKey]: 'ec',
  [OID.dsa]: 'dsa',
  [OID.ed25519]: 'ed25519',
  [OID.ed448]: 'ed448',
};

const CURVES: Readonly<Record<string, { name: string; bits: number }>> = {
  '1.2.840.10045.3.1.7': { name: 'prime256v1', bits: 256 },
  '1.3.132.0.34': { name: 'secp384r1', bits: 384 },
  '1.3.132.0.35': { name: 'secp521r1', bits: 521 },
  '1.3.132.0.10': { name: 'secp256k1', bits: 256 },
  '1.2.840.10045.3.1.1': { name: 'prime192v1', bits: 192 },
  '1.3.132.0.33': { name: 'secp224r1', bits: 224 },
  '1.3.36.3.3.2.8.1.1.7': { name: 'brainpoolP256r1', bits: 256 },
  '1.3.36.3.3.2.8.1.1.11': { name: 'brainpoolP384r1', bits: 384 },
  '1.3.36.3.3.2.8.1.1.13': { name: 'brainpoolP512r1', bits: 512 },
};

const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'T',
  '2.5.4.42': 'G',
  '1.2.840.113549.1.9.1': 'E',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};

export interface Rdn {
  type: string;
  /** Short name (CN, O, ...) or the OID when unknown. */
  name: string;
  value: string;
}

export interface ParsedCertificate {
  version: number;
  serialHex: string;
  signatureAlgorithmOid: string;
  signatureAlgorithm: string;
  issuer: Rdn[];
  subject: Rdn[];
  validFrom: Date;
  validTo: Date;
  keyAlgorithmOid: string;
  keyType: string;
  keyBits?: number;
  curve?: string;
  extendedKeyUsage: string[];
  dnsNames: string[];
  ipAddresses: string[];
  isCA?: boolean;
}

export type CertificateParse = { ok: true; cert: ParsedCertificate } | { ok: false; error: string };

function algorithmIdentifier(node: DerNode | undefined, what: string): { oid: string; params?: DerNode } {
  const seq = expectTag(node, TAG.SEQUENCE, what);
  const [oidNode, params] = children(seq);
  const oid = decodeOid(expectTag(oidNode, TAG.OID, `${what} OID`).content);
  return params ? { oid, params } : { oid };
}

function parseName(node: DerNode | undefined, what: string): Rdn[] {
  const seq = expectTag(node, TAG.SEQUENCE, what);
  const out: Rdn[] = [];
  for (const set of children(seq)) {
    expectTag(set, TAG.SET, `${what} RDN`);
    for (const atv of children(set)) {
      const [typeNode, valueNode] = children(expectTag(atv, TAG.SEQUENCE, `${what} attribute`));
      const type = decodeOid(expectTag(typeNode, TAG.OID, `${what} attribute type`).content);
      if (!valueNode) throw new DerError(`${what} attribute value is missing`);
      out.push({ type, name: ATTRIBUTE_NAMES[type] ?? type, value: decodeString(valueNode) });
    }
  }
  return out;
}

/** RFC 4514-style text, most specific first (as Windows shows it): "CN=host, O=Org, C=US". */
export function formatName(rdns: readonly Rdn[]): string {
  const escape = (value: string): string => value.replace(/([,+"\\<>;])/g, '\\$1').replace(/^([ #])/, '\\$1').replace(/ $/, '\\ ');
  return [...rdns]
    .reverse()
    .map((rdn) => `${rdn.name}=${escape(rdn.value)}`)
    .join(', ');
}

function bitLength(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

function parseKey(spki: DerNode | undefined): { oid: string; type: string; bits?: number; curve?: string } {
  const [algNode, keyNode] = children(expectTag(spki, TAG.SEQUENCE, 'subjectPublicKeyInfo'));
  const alg = algorithmIdentifier(algNode, 'public key algorithm');
  const key = expectTag(keyNode, TAG.BIT_STRING, 'subjectPublicKey');
  const type = KEY_TYPES[alg.oid] ?? alg.oid;
  const keyBytes = key.content.subarray(1);
  if (alg.oid === OID.rsaEncryption || alg.oid === OID.rsassaPss) {
    const rsa = readTlv(keyBytes, 0, keyBytes.length);
    const [modulus] = children(expectTag(rsa, TAG.SEQUENCE, 'RSAPublicKey'));
    return { oid: alg.oid, type, bits: bitLength(expectTag(modulus, TAG.INTEGER, 'RSA modulus').content) };
  }
  if (alg.oid === OID.ecPublicKey) {
    if (alg.params?.tag === TAG.OID) {
      const curveOid = decodeOid(alg.params.content);
      const curve = CURVES[curveOid];
      return curve ? { oid: alg.oid, type, bits: curve.bits, curve: curve.name } : { oid: alg.oid, type, curve: curveOid };
    }
    return { oid: alg.oid, type };
  }
  if (alg.oid === OID.ed25519) return { oid: alg.oid, type, bits: 256 };
  if (alg.oid === OID.ed448) return { oid: alg.oid, type, bits: 456 };
  if (alg.oid === OID.dsa && alg.params?.tag === TAG.SEQUENCE) {
    const [p] = children(alg.params);
    if (p?.tag === TAG.INTEGER) return { oid: alg.oid, type, bits: bitLength(p.content) };
  }
  return { oid: alg.oid, type };
}

function signatureName(oid: string, params: DerNode | undefined): string {
  const name = SIGNATURE_ALGORITHMS[oid] ?? oid;
  if (oid === OID.rsassaPss && params?.tag === TAG.SEQUENCE) {
    // RSASSA-PSS-params: hashAlgorithm [0] AlgorithmIdentifier DEFAULT sha1.
    try {
      const hashWrapper = children(params).find((n) => n.tag === 0xa0);
      const hashOid = hashWrapper ? algorithmIdentifier(children(hashWrapper)[0], 'PSS hash').oid : '1.3.14.3.2.26';
      return `rsassaPss-${HASH_NAMES[hashOid] ?? hashOid}`;
    } catch {
      return name;
    }
  }
  if (oid === OID.rsassaPss) return 'rsassaPss-sha1';
  return name;
}

export function formatIp(bytes: Buffer): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length !== 16) return bytes.toString('hex');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i));
  // RFC 5952: compress the longest run (>= 2) of zero groups, the first one on a tie.
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

function parseExtensions(wrapper: DerNode, out: ParsedCertificate): void {
  const [list] = children(wrapper);
  for (const ext of children(expectTag(list, TAG.SEQUENCE, 'extensions'))) {
    const parts = children(expectTag(ext, TAG.SEQUENCE, 'extension'));
    const oid = decodeOid(expectTag(parts[0], TAG.OID, 'extension id').content);
    const value = parts[parts.length - 1];
    if (!value || value.tag !== TAG.OCTET_STRING) throw new DerError(`extension ${oid} has no value`);
    const inner = readTlv(value.content, 0, value.content.length);
    if (oid === OID.extKeyUsage) {
      out.extendedKeyUsage = children(expectTag(inner, TAG.SEQUENCE, 'extKeyUsage')).map((n) => decodeOid(expectTag(n, TAG.OID, 'key purpose').content));
    } else if (oid === OID.subjectAltName) {
      for (const general of children(expectTag(inner, TAG.SEQUENCE, 'subjectAltName'))) {
        if (general.tag === 0x82) out.dnsNames.push(general.content.toString('latin1'));
        else if (general.tag === 0x87) out.ipAddresses.push(formatIp(general.content));
      }
    } else if (oid === OID.basicConstraints) {
      const items = children(expectTag(inner, TAG.SEQUENCE, 'basicConstraints'));
      out.isCA = items[0]?.tag === TAG.BOOLEAN && items[0].content[0] !== 0;
    }
  }
}

/** Parse an X.509 certificate (DER). Never throws. */
export function parseCertificateDer(der: Uint8Array): CertificateParse {
  try {
    const buf = Buffer.from(der.buffer, der.byteOffset, der.byteLength);
    const root = readTlv(buf, 0, buf.length);
    if (root.end !== buf.length) throw new DerError(`${buf.length - root.end} bytes after the certificate`);
    const [tbs, sigAlgNode, sigValue] = children(expectTag(root, TAG.SEQUENCE, 'certificate'));
    expectTag(sigValue, TAG.BIT_STRING, 'signatureValue');
    const sigAlg = algorithmIdentifier(sigAlgNode, 'signatureAlgorithm');
    const fields = children(expectTag(tbs, TAG.SEQUENCE, 'tbsCertificate'));
    let i = 0;
    let version = 1;
    if (fields[0]?.tag === 0xa0) {
      version = Number(decodeInteger(expectTag(children(fields[0])[0], TAG.INTEGER, 'version').content)) + 1;
      i = 1;
    }
    const serial = expectTag(fields[i], TAG.INTEGER, 'serialNumber');
    algorithmIdentifier(fields[i + 1], 'tbs signature');
    const issuer = parseName(fields[i + 2], 'issuer');
    const [notBefore, notAfter] = children(expectTag(fields[i + 3], TAG.SEQUENCE, 'validity'));
    if (!notBefore || !notAfter) throw new DerError('validity is incomplete');
    const subject = parseName(fields[i + 4], 'subject');
    const key = parseKey(fields[i + 5]);
    const cert: ParsedCertificate = {
      version,
      serialHex: serial.content.toString('hex').toUpperCase(),
      signatureAlgorithmOid: sigAlg.oid,
      signatureAlgorithm: signatureName(sigAlg.oid, sigAlg.params),
      issuer,
      subject,
      validFrom: decodeTime(notBefore),
      validTo: decodeTime(notAfter),
      keyAlgorithmOid: key.oid,
      keyType: key.type,
      ...(key.bits !== undefined ? { keyBits: key.bits } : {}),
      ...(key.curve !== undefined ? { curve: key.curve } : {}),
      extendedKeyUsage: [],
      dnsNames: [],
      ipAddresses: [],
    };
    for (const field of fields.slice(i + 6)) {
      if (field.tag === 0xa3) parseExtensions(field, cert);
    }
    return { ok: true, cert };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export function toPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

export function fingerprint(der: Uint8Array, algorithm: 'sha1' | 'sha256'): string {
  return colonHex(createHash(algorithm).update(der).digest());
}

/** The names a certificate is for (subject CNs, then DNS SANs), from our own DER parse only: cheap. */
export function certificateNames(der: Uint8Array): string[] | null {
  const parsed = parseCertificateDer(der);
  if (!parsed.ok) return null;
  return [...parsed.cert.subject.filter((r) => r.name === 'CN').map((r) => r.value), ...parsed.cert.dnsNames];
}

export type CertificateDescribe = { ok: true; info: CertificateInfo } | { ok: false; error: string };

/** Describe a DER certificate per certificateSchema. Never throws. */
export function describeCertificate(der: Uint8Array): CertificateDescribe {
  const parsed = parseCertificateDer(der);
  if (!parsed.ok) return { ok: false, error: `The certificate could not be read: ${parsed.error}` };
  const cert = parsed.cert;
  const cns = cert.subject.filter((r) => r.name === 'CN').map((r) => r.value);
  const issuerCns = cert.issuer.filter((r) => r.name === 'CN').map((r) => r.value);
  const subject = formatName(cert.subject);
  const issuer = formatName(cert.issuer);
  let selfSigned = subject === issuer;
  let keyType = cert.keyType;
  let keyBits = cert.keyBits;
  let curve = cert.curve;
  let serialNumber = cert.serialHex.replace(/^00(?=[0-9A-F]{2})/, '');
  try {
    const x509 = new X509Certificate(Buffer.from(der));
    serialNumber = x509.serialNumber.toUpperCase();
    const key = x509.publicKey;
    if (key.asymmetricKeyType) keyType = key.asymmetricKeyType;
    const details = key.asymmetricKeyDetails;
    if (details?.modulusLength) keyBits = details.modulusLength;
    if (details?.namedCurve) curve = details.namedCurve;
    // Not checkIssued(): OpenSSL's issuer check also demands keyCertSign in keyUsage, which the
    // self-signed RDP certificates (keyEncipherment only, CA:FALSE) do not have.
    if (subject === issuer) {
      try {
        selfSigned = x509.verify(key);
      } catch {
        selfSigned = true; // issued by itself by name; the signature algorithm is not verifiable here
      }
    }
  } catch {
    // Node could not load it: our own DER parse above stands.
  }
  const info: CertificateInfo = {
    subject,
    ...(cns.length ? { subjectCN: cns.join(', ') } : {}),
    issuer,
    ...(issuerCns.length ? { issuerCN: issuerCns.join(', ') } : {}),
    serialNumber,
    validFrom: cert.validFrom.toISOString(),
    validTo: cert.validTo.toISOString(),
    selfSigned,
    dnsNames: cert.dnsNames,
    ipAddresses: cert.ipAddresses,
    keyType,
    ...(keyBits !== undefined ? { keyBits } : {}),
    ...(curve !== undefined ? { curve } : {}),
    signatureAlgorithm: cert.signatureAlgorithm,
    signatureAlgorithmOid: cert.signatureAlgorithmOid,
    extendedKeyUsage: cert.extendedKeyUsage,
    sha1: fingerprint(der, 'sha1'),
    sha256: fingerprint(der, 'sha256'),
    pem: toPem(der),
  };
  return { ok: true, info };
}

// ---------------------------------------------------------------- name match

function normaliseIp(text: string): string | null {
  const kind = isIP(text);
  if (kind === 4) return text;
  if (kind === 6) {
    // Expand then re-compress through formatIp for a canonical form.
    const bytes = ipv6Bytes(text);
    return bytes ? formatIp(bytes) : text.toLowerCase();
  }
  return null;
}

function ipv6Bytes(text: string): Buffer | null {
  const body = text.split('%')[0]!.toLowerCase();
  let head: string[];
  let tail: string[];
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const expandV4 = (groups: string[]): string[] | null => {
    const last = groups[groups.length - 1];
    if (last && last.includes('.')) {
      const octets = last.split('.').map(Number);
      if (octets.length !== 4 || octets.some((o) => !(o >= 0 && o <= 255))) return null;
      return [...groups.slice(0, -1), ((octets[0]! << 8) | octets[1]!).toString(16), ((octets[2]! << 8) | octets[3]!).toString(16)];
    }
    return groups;
  };
  if (halves.length === 2) {
    const h = expandV4(halves[0] ? halves[0].split(':') : []);
    const t = expandV4(halves[1] ? halves[1].split(':') : []);
    if (!h || !t) return null;
    head = h;
    tail = t;
  } else {
    const all = expandV4(body.split(':'));
    if (!all) return null;
    head = all;
    tail = [];
  }
  const missing = 8 - head.length - tail.length;
  if (missing < 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.length !== 8) return null;
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16) & 0xffff, i * 2));
  return out;
}

/**
 * RFC 6125 6.4.3, as browsers apply it: the wildcard must be the whole left-most label, matches
 * exactly one label, and needs at least two labels after it ("*.example.com", not "*.com").
 */
export function dnsNameMatches(pattern: string, name: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const n = name.toLowerCase().replace(/\.$/, '');
  if (!p || !n) return false;
  if (!p.includes('*')) return p === n;
  const pLabels = p.split('.');
  const nLabels = n.split('.');
  if (pLabels[0] !== '*' || pLabels.slice(1).some((l) => l.includes('*'))) return false;
  if (pLabels.length < 3 || pLabels.length !== nLabels.length) return false;
  if (!nLabels[0]) return false;
  if (isIP(n)) return false;
  return pLabels.slice(1).join('.') === nLabels.slice(1).join('.');
}

export function matchCertificateName(cert: Pick<CertificateInfo, 'dnsNames' | 'ipAddresses' | 'subjectCN'>, name: string): NonNullable<TlsData['nameMatch']> {
  const checkedName = name;
  const ip = normaliseIp(name);
  if (ip === null) {
    if (cert.dnsNames.some((pattern) => dnsNameMatches(pattern, name))) return { matches: true, checkedName, matchedBy: 'dns-san' };
  } else if (cert.ipAddresses.some((candidate) => normaliseIp(candidate) === ip)) {
    return { matches: true, checkedName, matchedBy: 'ip-san' };
  }
  const cns = cert.subjectCN ? cert.subjectCN.split(', ') : [];
  for (const cn of cns) {
    if (ip === null ? dnsNameMatches(cn, name) : normaliseIp(cn) === ip) return { matches: true, checkedName, matchedBy: 'cn' };
  }
  return { matches: false, checkedName, matchedBy: 'none' };
}
