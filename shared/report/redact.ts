/**
 * Redaction for sharing a report: host names, IP addresses, machine and domain names, user names and
 * certificate identities are replaced by placeholders (host-1, ip-1, domain-1, user-1, cert-1,
 * name-1) consistently: the same value gets the same placeholder everywhere in the object,
 * inside free text (summaries, evidence, details, commands) as well as in structured fields.
 *
 * Two passes: first every sensitive value is collected (from the fields that hold one, from keys
 * that name one, and from patterns in text such as DOMAIN\user or a name under a known domain);
 * then every string is rewritten in one regular-expression pass, so a placeholder is never
 * rewritten again. IPv4 and IPv6 literals are replaced wherever they appear. User names are
 * taken from DOMAIN\user, .\user, user@domain and home folders on every system (C:\Users\x,
 * /home/x, /Users/x; /root becomes ~). In a certificate's subject or issuer, the names (CN, O,
 * DC, E) get placeholders, so "issued to itself" and "names the server" can still be judged;
 * every other attribute (OU, L, ST, C, serial number ...) becomes [redacted]. summary() says
 * what was replaced, for the report.
 */
import type { FixOutcome } from '../contract';
import type { Diagnosis } from '../model';
import { NET_CHECK_IDS, addressingDataSchema, credsspDataSchema, dnsDataSchema, tlsDataSchema, type CertificateInfo } from '../checks/net';
import { isIPv4, isIPv6 } from '../target';

export type RedactionKind = 'host' | 'ip' | 'domain' | 'user' | 'cert' | 'name';

const CERT_REMOVED = '[certificate removed]';

/** Keys (in any check's data, any fix's params) whose string value names a machine, a domain or a user. */
const HOST_KEYS = /^(host|hostname|computerName|machineName|serverName|fqdn|dnsHostName|netbiosName|dnsComputer|netbiosComputer|answeringName)$/i;
/** Keys whose value is an address: only IP literals there are taken (not "Any", "LocalSubnet" ...). */
const ADDRESS_KEYS = /^(address|workingAddress|remoteAddress|localAddress|ipAddress|serverAddress)$/i;
const DOMAIN_KEYS = /^(domain|domainName|dnsDomain|netbiosDomain|dnsTree|workgroup|targetName|realm)$/i;
const USER_KEYS = /^(user|username|userName|account|accountName|owner|samAccountName|upn|userPrincipalName|currentUser|signedInUser)$/i;

const NAME_CHAR = 'A-Za-z0-9_\\-';
/** Built-in principals are the same on every Windows machine: they identify no one. */
const WELL_KNOWN_PRINCIPAL =
  /^(?:(?:NT AUTHORITY|BUILTIN|NT SERVICE|NT VIRTUAL MACHINE|IIS APPPOOL|Window Manager|Font Driver Host)\\.*|S-1-[0-9-]+|SYSTEM|LOCAL SERVICE|NETWORK SERVICE|Administrators?|Users|Guests?|Everyone|Authenticated Users|Remote Desktop Users|TrustedInstaller|CREATOR OWNER)$/i;
const LOOPBACK = new Set(['127.0.0.1', '0.0.0.0', '::1', '::']);
/** Distinguished-name attributes that get placeholders; every other attribute's value is removed. */
const NAMED_DN_ATTRIBUTES = new Set(['CN', 'O', 'DC', 'E', 'EMAILADDRESS']);
/** A string holding a distinguished name (CN=..., O=... or DC=... at its start or after a separator). */
const DN_RE = /(?:^|[,/;]\s*)(?:CN|O|OU|DC)\s*=/i;
/** One attribute of a distinguished name, anywhere in a string that holds one. */
const DN_ATTRIBUTE_RE = /((?:^|[,/;+]\s*)(CN|O|DC|E|EMAILADDRESS|OU|L|ST|S|C|STREET|SERIALNUMBER|POSTALCODE|T|TITLE|G|GN|GIVENNAME|SN|SURNAME|UID|INITIALS|PSEUDONYM|BUSINESSCATEGORY|PHONE|TELEPHONENUMBER|DESCRIPTION|(?:OID\.)?\d+(?:\.\d+)+)\s*=\s*)("(?:[^"\\]|\\.)*"|(?:[^,/;+\n\\]|\\.)*)/g;
/**
 * The first part of DOMAIN\user as Windows prints it, in one case (CORP, corp: whoami and the event
 * logs write it so; a registry path's Mixed\Case segments are not taken), minus hives and "Windows NT".
 */
const DOMAIN_PART = /^(?:[A-Z][A-Z0-9_-]{1,14}|[a-z][a-z0-9_-]{1,14})$/;
const NOT_A_DOMAIN = /^(?:HK[A-Z]{1,3}|HKEY_[A-Z_]+|NT|hk[a-z]{1,3})$/i;
/** Text right before AUTHORITY\SYSTEM that makes it a built-in principal (NT AUTHORITY, IIS APPPOOL ...). */
const BUILT_IN_PREFIX = /(?:NT|IIS|NT VIRTUAL|Window|Font Driver)\s$/i;
const HOME_FOLDER_NAMES = /^(?:public|default|all users|default user|shared|guest)$/i;
const KIND_WORDS: Record<RedactionKind, [string, string]> = {
  host: ['host name', 'host names'],
  ip: ['IP address', 'IP addresses'],
  domain: ['domain name', 'domain names'],
  user: ['user name', 'user names'],
  cert: ['certificate fingerprint or serial number', 'certificate fingerprints and serial numbers'],
  name: ['organisation or other name', 'organisation and other names'],
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isIp(value: string): boolean {
  return isIPv4(value) || isIPv6(value);
}

/** Attribute values of a distinguished name: CN=x, O=y → [['CN','x'], ['O','y']]. */
function dnAttributes(dn: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const part of dn.split(/[,/\n]+(?=\s*[A-Za-z.0-9]+\s*=)/)) {
    const m = /^\s*([A-Za-z.0-9]+)\s*=\s*(.+?)\s*$/.exec(part);
    if (m) out.push([m[1]!.toUpperCase(), m[2]!.replace(/^"|"$/g, '')]);
  }
  return out;
}

export class Redactor {
  private readonly placeholders = new Map<string, string>();
  private readonly counters = new Map<RedactionKind, number>();
  /** DNS suffixes (at least two labels) under which every name is a machine name to hide. */
  private readonly suffixes = new Set<string>();
  /** NetBIOS-style domain names, for DOMAIN\user. */
  private readonly shortDomains = new Set<string>();
  private pattern: RegExp | null = null;
  /** Certificate attributes whose values text() removed (OU, L ...), and whether /root was rewritten. */
  private readonly removedAttributes = new Set<string>();
  private rootHome = false;

  /** The placeholder for a value (registered on first sight). Empty or loopback values are kept. */
  add(kind: RedactionKind, raw: string | undefined | null): string | undefined {
    const value = raw?.trim().replace(/\.$/, '');
    if (!value || value.length < 2 || LOOPBACK.has(value)) return undefined;
    const resolved: RedactionKind = kind !== 'cert' && kind !== 'user' && isIp(value) ? 'ip' : kind;
    const key = value.toLowerCase();
    const existing = this.placeholders.get(key);
    if (existing) return existing;
    const n = (this.counters.get(resolved) ?? 0) + 1;
    this.counters.set(resolved, n);
    const placeholder = `${resolved}-${n}`;
    this.placeholders.set(key, placeholder);
    if (resolved !== 'ip') this.pattern = null;
    if (resolved === 'host' || resolved === 'domain') {
      const dot = key.indexOf('.');
      const suffix = resolved === 'domain' ? key : dot >= 0 ? key.slice(dot + 1) : '';
      if (suffix.includes('.')) this.suffixes.add(suffix);
      if (resolved === 'domain' && dot < 0) this.shortDomains.add(key);
    }
    return placeholder;
  }

  addHost(value: string | undefined | null): void {
    this.add('host', value);
  }

  addCertificate(cert: Partial<CertificateInfo> & { subject?: string; issuer?: string }): void {
    for (const dn of [cert.subject, cert.issuer]) {
      if (!dn) continue;
      for (const [attr, value] of dnAttributes(dn)) {
        if (attr === 'CN') this.add(/\s/.test(value) ? 'name' : 'host', value);
        else if (attr === 'O') this.add('name', value);
        else if (attr === 'E' || attr === 'EMAILADDRESS') this.addUser(value);
        // DC parts are added joined (below). Other attributes (OU, L, ST, C ...) are often common words
        // that would blank out prose if replaced everywhere: text() removes them inside names instead.
      }
      const dcs = dnAttributes(dn)
        .filter(([a]) => a === 'DC')
        .map(([, v]) => v);
      if (dcs.length > 1) this.add('domain', dcs.join('.'));
    }
    if (cert.subjectCN) this.add(/\s/.test(cert.subjectCN) ? 'name' : 'host', cert.subjectCN);
    if (cert.issuerCN) this.add(/\s/.test(cert.issuerCN) ? 'name' : 'host', cert.issuerCN);
    for (const name of cert.dnsNames ?? []) this.addHost(name.replace(/^\*\./, ''));
    for (const ip of cert.ipAddresses ?? []) this.add('ip', ip);
    for (const fp of [cert.sha1, cert.sha256]) {
      if (!fp) continue;
      const placeholder = this.add('cert', fp);
      // The same fingerprint without colons (as Windows shows thumbprints) is the same certificate.
      if (placeholder) this.placeholders.set(fp.replace(/:/g, '').toLowerCase(), placeholder);
    }
    if (cert.serialNumber) this.add('cert', cert.serialNumber);
  }

  /** Sensitive values in the known places of a diagnosis. */
  collectDiagnosis(d: Diagnosis): void {
    this.add(d.target.kind === 'dns' ? 'host' : 'ip', d.target.host);
    for (const check of d.checks) {
      this.add('ip', check.address);
      if (check.id === NET_CHECK_IDS.dns) {
        const dns = dnsDataSchema.safeParse(check.data);
        if (dns.success) {
          this.addHost(dns.data.name);
          for (const a of dns.data.addresses) this.add('ip', a.address);
        }
      } else if (check.id === NET_CHECK_IDS.tls) {
        const tls = tlsDataSchema.safeParse(check.data);
        if (tls.success) {
          if (tls.data.certificate) this.addCertificate(tls.data.certificate);
          for (const c of tls.data.chain ?? []) this.addCertificate(c);
          if (tls.data.nameMatch) this.addHost(tls.data.nameMatch.checkedName);
        }
      } else if (check.id === NET_CHECK_IDS.credssp) {
        const credssp = credsspDataSchema.safeParse(check.data);
        const ntlm = credssp.success ? credssp.data.ntlm : undefined;
        if (ntlm) {
          this.addHost(ntlm.dnsComputer);
          this.addHost(ntlm.netbiosComputer);
          this.add('domain', ntlm.dnsDomain);
          this.add('domain', ntlm.dnsTree);
          this.add('domain', ntlm.netbiosDomain);
          this.add('domain', ntlm.targetName);
        }
      } else if (check.id === NET_CHECK_IDS.addressing) {
        const addressing = addressingDataSchema.safeParse(check.data);
        if (addressing.success) {
          this.addHost(addressing.data.name);
          for (const n of addressing.data.answeringNames) this.addHost(n);
        }
      }
    }
    this.collectAny(d);
  }

  /** Any object: values under keys that name machines, domains or users; certificates; names in text. */
  collectAny(value: unknown): void {
    /** Strings the app wrote itself (findings and verdicts, from the catalogue) are only searched for known names. */
    const strings: Array<{ text: string; loose: boolean }> = [];
    let loose = true;
    const visit = (v: unknown, key: string | null): void => {
      if (typeof v === 'string') {
        if (key !== null && HOST_KEYS.test(key)) this.addHost(v);
        else if (key !== null && ADDRESS_KEYS.test(key)) {
          if (isIp(v)) this.add('ip', v);
        }
        else if (key !== null && DOMAIN_KEYS.test(key)) this.add('domain', v);
        else if (key !== null && USER_KEYS.test(key)) this.addUser(v);
        strings.push({ text: v, loose });
      } else if (Array.isArray(v)) {
        for (const item of v) visit(item, key);
      } else if (v && typeof v === 'object') {
        const record = v as Record<string, unknown>;
        if (typeof record.pem === 'string' && typeof record.subject === 'string') this.addCertificate(record as Partial<CertificateInfo>);
        for (const [k, item] of Object.entries(record)) {
          const outer = loose;
          if (k === 'findings' || k === 'verdicts') loose = false;
          visit(item, k);
          loose = outer;
        }
      }
    };
    visit(value, null);
    for (const s of strings) this.collectFromText(s.text, s.loose);
  }

  private addUser(value: string): void {
    if (WELL_KNOWN_PRINCIPAL.test(value.trim())) return;
    const slash = value.lastIndexOf('\\');
    if (slash > 0) {
      this.add('domain', value.slice(0, slash));
      this.add('user', value.slice(slash + 1));
    } else {
      const at = value.indexOf('@');
      if (at > 0) {
        this.add('user', value.slice(0, at));
        this.add('domain', value.slice(at + 1));
      } else this.add('user', value);
    }
  }

  /**
   * Names that text reveals: x.<known domain>, KNOWNDOMAIN\user; and where the text came from the user,
   * a server or the system (loose), any DOMAIN\user, .\user, user@domain and home folder.
   */
  private collectFromText(text: string, loose: boolean): void {
    for (const m of text.matchAll(/[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+/g)) {
      const token = m[0].toLowerCase();
      for (const suffix of this.suffixes) {
        if (token !== suffix && token.endsWith(`.${suffix}`)) {
          this.addHost(token);
          break;
        }
      }
    }
    for (const m of text.matchAll(/(?<![A-Za-z0-9_-])([A-Za-z0-9_.-]{2,15})\\([A-Za-z0-9_.$-]{2,64})/g)) {
      if (this.shortDomains.has(m[1]!.toLowerCase())) this.add('user', m[2]);
    }
    if (!loose) return;
    // DOMAIN\user anywhere (one backslash, not inside a path or a registry key), and .\user (a local account).
    for (const m of text.matchAll(/(?<![A-Za-z0-9_.$\\:-])([A-Za-z][A-Za-z0-9_-]{0,14})\\([A-Za-z0-9_.$-]{1,64})(?![A-Za-z0-9_.$\\-])/g)) {
      if (!DOMAIN_PART.test(m[1]!) || NOT_A_DOMAIN.test(m[1]!) || BUILT_IN_PREFIX.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
      this.addUser(`${m[1]}\\${m[2]}`);
    }
    for (const m of text.matchAll(/(?<![A-Za-z0-9_.])\.\\([A-Za-z0-9_.$-]{2,64})(?![A-Za-z0-9_.$\\-])/g)) this.add('user', m[1]);
    // user@domain (a user principal name or a mail address).
    for (const m of text.matchAll(/(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]{1,64})@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g)) this.addUser(`${m[1]}@${m[2]}`);
    // Home folders: C:\Users\x (Windows), /home/x (Linux), /Users/x (macOS).
    for (const m of text.matchAll(/(?:[A-Za-z]:\\Users\\([^\\/:*?"<>|\r\n]{2,64})|(?<![A-Za-z0-9_.-])\/(?:home|Users)\/([^/\s:*?"'<>|]{1,64}))/gi)) {
      const name = (m[1] ?? m[2])!;
      if (!HOME_FOLDER_NAMES.test(name)) this.add('user', name);
    }
  }

  private namePattern(): RegExp | null {
    if (this.pattern) return this.pattern;
    const names = [...this.placeholders.keys()].filter((k) => !isIp(k)).sort((a, b) => b.length - a.length);
    if (names.length === 0) return null;
    this.pattern = new RegExp(`(?<![${NAME_CHAR}])(?:${names.map(escapeRegExp).join('|')})(?![${NAME_CHAR}])`, 'gi');
    return this.pattern;
  }

  /** One string with every known name and every IP literal replaced. */
  text(input: string): string {
    const pattern = this.namePattern();
    const homes = input.replace(/(^|[\s"'(=,;])\/root(?=\/|$|[\s"'),;])/g, (_m, before: string) => {
      this.rootHome = true;
      return `${before}~`;
    });
    const attributes = DN_RE.test(homes) ? this.dnAttributesRemoved(homes) : homes;
    const named = pattern ? attributes.replace(pattern, (m) => this.placeholders.get(m.toLowerCase()) ?? m) : attributes;
    return named.replace(/[0-9A-Za-z:.%_-]+/g, (token) => this.ipsInToken(token));
  }

  /** Every attribute of a distinguished name other than the names, as [redacted]. */
  private dnAttributesRemoved(text: string): string {
    return text.replace(DN_ATTRIBUTE_RE, (whole, head: string, attribute: string, value: string) => {
      const name = attribute.toUpperCase();
      if (NAMED_DN_ATTRIBUTES.has(name) || value.trim() === '' || value === '[redacted]') return whole;
      this.removedAttributes.add(name);
      return `${head}[redacted]`;
    });
  }

  /** One sentence for the report: what was replaced or removed (after apply). */
  summary(): string {
    const counts = [...this.counters.entries()].filter(([, n]) => n > 0);
    const parts = counts.map(([kind, n]) => `${n} ${KIND_WORDS[kind][n === 1 ? 0 : 1]}`);
    let text = parts.length > 0 ? `Replaced by placeholders (host-1, ip-1, user-1 ...): ${parts.join(', ')}.` : 'Nothing in this report named a host, an address or a person.';
    if (this.removedAttributes.size > 0) text += ` Certificate subject and issuer attributes other than names removed: ${[...this.removedAttributes].sort().join(', ')}.`;
    if (this.rootHome) text += ' The administrator\'s home folder /root is shown as ~.';
    return `${text} The certificate itself (PEM) is left out.`;
  }

  private ipsInToken(token: string): string {
    const trimmed = token.replace(/[.:]+$/, '');
    const tail = token.slice(trimmed.length);
    if ((trimmed.match(/:/g) ?? []).length >= 2 && isIPv6(trimmed)) return `${this.add('ip', trimmed) ?? trimmed}${tail}`;
    // Not part of a longer dotted number (an OID, a version), but fine before ".rdp" or a full stop.
    return token.replace(/(?<!\d|\d\.)\d{1,3}(?:\.\d{1,3}){3}(?!\d|\.\d)/g, (ip) => (isIPv4(ip) ? (this.add('ip', ip) ?? ip) : ip));
  }

  /** A deep copy with every string rewritten; certificate PEM blocks are removed. */
  apply<T>(value: T): T {
    const walk = (v: unknown, key: string | null): unknown => {
      if (typeof v === 'string') return key === 'pem' ? CERT_REMOVED : this.text(v);
      if (Array.isArray(v)) return v.map((item) => walk(item, key));
      if (v && typeof v === 'object') {
        const out: Record<string, unknown> = {};
        for (const [k, item] of Object.entries(v as Record<string, unknown>)) out[this.text(k)] = walk(item, k);
        return out;
      }
      return v;
    };
    return walk(value, null) as T;
  }

  /** Placeholder per original value (lower-cased), for tests and for a local key the user keeps. */
  mapping(): ReadonlyMap<string, string> {
    return this.placeholders;
  }
}

/** The diagnosis with every host, IP, machine, domain and user name replaced consistently. */
export function redact(diagnosis: Diagnosis): Diagnosis {
  return redactReport(diagnosis).diagnosis;
}

/** The diagnosis and the applied fixes redacted with one mapping (the same host is host-1 in both). */
export function redactReport(diagnosis: Diagnosis, fixed: readonly FixOutcome[] = []): { diagnosis: Diagnosis; fixed: FixOutcome[]; redactor: Redactor } {
  const redactor = new Redactor();
  redactor.collectDiagnosis(diagnosis);
  redactor.collectAny(fixed);
  // Names found in text can reveal more names under their domain: one more pass settles them.
  redactor.collectAny(diagnosis);
  return { diagnosis: redactor.apply(diagnosis), fixed: redactor.apply([...fixed]), redactor };
}
