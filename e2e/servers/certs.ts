import { execFile } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeTempDir, type TempDir } from './tempdir';

const execFileAsync = promisify(execFile);

/**
 * Certificates the harness can hand to a server. All are self-signed RSA server certificates
 * (EKU serverAuth) made with `openssl ca -selfsign`, which (unlike `openssl x509` in 3.0) can set
 * arbitrary notBefore/notAfter dates, so "expired" and "not yet valid" are real dates, not faked
 * clocks. Dates are relative to now.
 */
export type CertKind =
  | 'valid' // CN=localhost, SAN DNS:localhost + IP:127.0.0.1, valid from yesterday for 365 days
  | 'expired' // same names, valid from 400 days ago until 30 days ago
  | 'not-yet-valid' // same names, valid from 30 days from now
  | 'expiring-soon' // same names, expires in 5 days
  | 'wrong-name' // CN=other.example, SAN DNS:other.example only
  | 'weak' // RSA 1024 signed with SHA-1 (servers need SECLEVEL=0 to load it)
  | 'key-mismatch' // the 'valid' certificate paired with an unrelated private key
  | 'inspected'; // the 'valid' names, issued by a CA named like a TLS-inspection appliance's (CN=FortiGate CA, O=Fortinet)

export const CERT_KINDS: readonly CertKind[] = ['valid', 'expired', 'not-yet-valid', 'expiring-soon', 'wrong-name', 'weak', 'key-mismatch', 'inspected'];

/** The issuer of the 'inspected' certificate: the subject FortiGate firewalls give their SSL-inspection CA. */
export const INSPECTION_CA_SUBJECT = '/C=US/ST=California/L=Sunnyvale/O=Fortinet/OU=Certificate Authority/CN=FortiGate CA';

export interface CertInfo {
  kind: CertKind;
  certPath: string;
  keyPath: string;
  certPem: string;
  keyPem: string;
  commonName: string;
  /** As in X509Certificate.subjectAltName, e.g. "DNS:localhost, IP Address:127.0.0.1". */
  subjectAltName: string;
  notBefore: Date;
  notAfter: Date;
  keyBits: number;
  signatureAlgorithm: 'sha256WithRSAEncryption' | 'sha1WithRSAEncryption';
  /** SHA-1 fingerprint, colon-separated uppercase hex (what Windows calls the thumbprint). */
  fingerprintSha1: string;
  /** SHA-256 fingerprint, colon-separated uppercase hex. */
  fingerprintSha256: string;
  serialNumber: string;
  /** True for 'key-mismatch': keyPath does not belong to certPath. */
  keyMatchesCert: boolean;
}

interface Spec {
  cn: string;
  san: string;
  startOffsetDays: number;
  endOffsetDays: number;
  bits: number;
  md: 'sha256' | 'sha1';
}

const DAY = 24 * 60 * 60 * 1000;

const SPECS: Record<Exclude<CertKind, 'key-mismatch' | 'inspected'>, Spec> = {
  valid: { cn: 'localhost', san: 'DNS:localhost,IP:127.0.0.1', startOffsetDays: -1, endOffsetDays: 365, bits: 2048, md: 'sha256' },
  expired: { cn: 'localhost', san: 'DNS:localhost,IP:127.0.0.1', startOffsetDays: -400, endOffsetDays: -30, bits: 2048, md: 'sha256' },
  'not-yet-valid': { cn: 'localhost', san: 'DNS:localhost,IP:127.0.0.1', startOffsetDays: 30, endOffsetDays: 400, bits: 2048, md: 'sha256' },
  'expiring-soon': { cn: 'localhost', san: 'DNS:localhost,IP:127.0.0.1', startOffsetDays: -300, endOffsetDays: 5, bits: 2048, md: 'sha256' },
  'wrong-name': { cn: 'other.example', san: 'DNS:other.example', startOffsetDays: -1, endOffsetDays: 365, bits: 2048, md: 'sha256' },
  weak: { cn: 'localhost', san: 'DNS:localhost,IP:127.0.0.1', startOffsetDays: -1, endOffsetDays: 365, bits: 1024, md: 'sha1' },
};

/** openssl's GeneralizedTime form YYYYMMDDHHMMSSZ (accepted by `openssl ca -startdate/-enddate`). */
function asn1Time(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');
}

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await execFileAsync('openssl', args, { cwd, timeout: 30_000, maxBuffer: 1024 * 1024 });
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`openssl ${args[0] ?? ''} failed: ${e.stderr ?? e.message}`, { cause: err });
  }
}

async function newKey(dir: string, name: string, bits: number): Promise<string> {
  const keyPath = join(dir, `${name}.key`);
  await openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${bits}`, '-out', keyPath], dir);
  return keyPath;
}

async function selfSigned(dir: string, kind: string, spec: Spec): Promise<{ certPath: string; keyPath: string }> {
  const work = join(dir, `${kind}.ca`);
  await mkdir(work, { recursive: true });
  const keyPath = await newKey(dir, kind, spec.bits);
  const csrPath = join(work, 'req.csr');
  const certPath = join(dir, `${kind}.crt`);
  const config = [
    '[ ca ]',
    'default_ca = harness_ca',
    '[ harness_ca ]',
    `dir = ${work}`,
    `database = ${join(work, 'index.txt')}`,
    `new_certs_dir = ${work}`,
    `serial = ${join(work, 'serial')}`,
    `default_md = ${spec.md}`,
    'policy = policy_any',
    'unique_subject = no',
    'email_in_dn = no',
    '[ policy_any ]',
    'commonName = supplied',
    '[ req ]',
    'distinguished_name = req_dn',
    'prompt = no',
    '[ req_dn ]',
    `CN = ${spec.cn}`,
    '[ server_ext ]',
    'basicConstraints = critical,CA:FALSE',
    'keyUsage = critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage = serverAuth',
    `subjectAltName = ${spec.san}`,
    'subjectKeyIdentifier = hash',
    '',
  ].join('\n');
  const configPath = join(work, 'ca.cnf');
  await writeFile(configPath, config);
  await writeFile(join(work, 'index.txt'), '');
  // Random positive serial (even number of hex digits, leading 01) so no two certificates share one.
  await writeFile(join(work, 'serial'), `01${randomBytes(8).toString('hex')}\n`);
  await openssl(['req', '-new', '-config', configPath, '-key', keyPath, '-out', csrPath], work);
  const now = Date.now();
  await openssl(
    [
      'ca', '-batch', '-config', configPath, '-selfsign', '-keyfile', keyPath, '-in', csrPath, '-out', certPath,
      '-md', spec.md, '-notext', '-extensions', 'server_ext',
      '-startdate', asn1Time(new Date(now + spec.startOffsetDays * DAY)),
      '-enddate', asn1Time(new Date(now + spec.endOffsetDays * DAY)),
    ],
    work,
  );
  return { certPath, keyPath };
}

/** A CA named like a FortiGate inspection CA, and a 'valid'-named server certificate it issued. */
async function issuedByInspectionCa(dir: string): Promise<{ certPath: string; keyPath: string }> {
  const work = join(dir, 'inspected.ca');
  await mkdir(work, { recursive: true });
  const caKey = await newKey(work, 'ca', 2048);
  const caCert = join(work, 'ca.crt');
  await openssl(['req', '-x509', '-new', '-key', caKey, '-subj', INSPECTION_CA_SUBJECT, '-days', '3650', '-sha256', '-out', caCert], work);
  const keyPath = await newKey(dir, 'inspected', 2048);
  const csrPath = join(work, 'leaf.csr');
  await openssl(['req', '-new', '-key', keyPath, '-subj', '/CN=localhost', '-out', csrPath], work);
  const extPath = join(work, 'leaf.ext');
  await writeFile(extPath, ['basicConstraints = critical,CA:FALSE', 'keyUsage = critical,digitalSignature,keyEncipherment', 'extendedKeyUsage = serverAuth', 'subjectAltName = DNS:localhost,IP:127.0.0.1', ''].join('\n'));
  const certPath = join(dir, 'inspected.crt');
  // Dated like 'valid' (from yesterday, for a year): `x509 -req` can only start now, so `openssl ca`.
  const configPath = join(work, 'ca.cnf');
  await writeFile(join(work, 'index.txt'), '');
  await writeFile(join(work, 'serial'), `01${randomBytes(8).toString('hex')}\n`);
  await writeFile(
    configPath,
    ['[ ca ]', 'default_ca = inspect_ca', '[ inspect_ca ]', `dir = ${work}`, `database = ${join(work, 'index.txt')}`, `new_certs_dir = ${work}`, `serial = ${join(work, 'serial')}`, 'default_md = sha256', 'policy = policy_any', 'unique_subject = no', 'email_in_dn = no', '[ policy_any ]', 'commonName = supplied', ''].join('\n'),
  );
  const now = Date.now();
  await openssl(
    ['ca', '-batch', '-config', configPath, '-cert', caCert, '-keyfile', caKey, '-in', csrPath, '-out', certPath, '-md', 'sha256', '-notext', '-extfile', extPath, '-startdate', asn1Time(new Date(now - DAY)), '-enddate', asn1Time(new Date(now + 365 * DAY))],
    work,
  );
  return { certPath, keyPath };
}

async function describe(kind: CertKind, certPath: string, keyPath: string, keyMatchesCert: boolean, bits: number, md: Spec['md']): Promise<CertInfo> {
  const certPem = await readFile(certPath, 'utf8');
  const keyPem = await readFile(keyPath, 'utf8');
  const x509 = new X509Certificate(certPem);
  const cnMatch = /(?:^|\n)CN=([^\n]+)/.exec(x509.subject);
  return {
    kind,
    certPath,
    keyPath,
    certPem,
    keyPem,
    commonName: cnMatch?.[1] ?? '',
    subjectAltName: x509.subjectAltName ?? '',
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    keyBits: bits,
    signatureAlgorithm: md === 'sha1' ? 'sha1WithRSAEncryption' : 'sha256WithRSAEncryption',
    fingerprintSha1: x509.fingerprint.toUpperCase(),
    fingerprintSha256: x509.fingerprint256.toUpperCase(),
    serialNumber: x509.serialNumber,
    keyMatchesCert,
  };
}

let cacheDir: Promise<TempDir> | null = null;
const cache = new Map<CertKind, Promise<CertInfo>>();

function cacheDirectory(): Promise<TempDir> {
  cacheDir ??= makeTempDir('certs');
  return cacheDir;
}

async function generate(kind: CertKind): Promise<CertInfo> {
  const dir = (await cacheDirectory()).path;
  if (kind === 'key-mismatch') {
    const valid = await generateCert('valid');
    const otherKey = await newKey(dir, 'key-mismatch-other', 2048);
    return describe('key-mismatch', valid.certPath, otherKey, false, 2048, 'sha256');
  }
  if (kind === 'inspected') {
    const { certPath, keyPath } = await issuedByInspectionCa(dir);
    return describe('inspected', certPath, keyPath, true, 2048, 'sha256');
  }
  const spec = SPECS[kind];
  const { certPath, keyPath } = await selfSigned(dir, kind, spec);
  return describe(kind, certPath, keyPath, true, spec.bits, spec.md);
}

/**
 * Generates (once per process, cached in a temp directory removed at exit) a certificate and key.
 * Servers should copy them into their own directory with copyCertInto() so paths stay valid for
 * the server's whole life and each server's directory is self-contained.
 */
export function generateCert(kind: CertKind): Promise<CertInfo> {
  let pending = cache.get(kind);
  if (!pending) {
    pending = generate(kind);
    cache.set(kind, pending);
    pending.catch(() => cache.delete(kind));
  }
  return pending;
}

/** Copies a generated certificate into dir as <base>.crt / <base>.key and returns the info with the new paths. */
export async function copyCertInto(cert: CertInfo, dir: string, base = 'server'): Promise<CertInfo> {
  const certPath = join(dir, `${base}.crt`);
  const keyPath = join(dir, `${base}.key`);
  await copyFile(cert.certPath, certPath);
  await copyFile(cert.keyPath, keyPath);
  return { ...cert, certPath, keyPath };
}

/** Removes the certificate cache directory now (it is removed at process exit anyway). */
export async function clearCertCache(): Promise<void> {
  const dir = cacheDir;
  cacheDir = null;
  cache.clear();
  if (dir) await (await dir).remove();
}
