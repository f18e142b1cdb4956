/**
 * The plain-words rule: what a remote worker reads with IT detail off never shows the machinery of
 * a diagnosis. These terms belong in IT detail only; the catalogue's plain texts, the app's plain
 * view (e2e/plain-words.spec.ts reads the rendered pages) and their unit tests check against them.
 */
export interface ItTerm {
  /** What the term is, for a test failure message. */
  name: string;
  pattern: RegExp;
}

export const IT_ONLY_TERMS: readonly ItTerm[] = [
  { name: 'a SHA fingerprint', pattern: /\bSHA-?(?:1|256)\b|\b(?:[0-9A-F]{2}:){15,}[0-9A-F]{2}\b|\b[0-9A-F]{40}\b/i },
  { name: 'a signature algorithm name', pattern: /\b(?:sha\d+|md5|md2)With\w*Encryption\b|\becdsa-with-SHA\d*\b|\bRSASSA-PSS\b|\bsha\d+RSA\b/i },
  { name: 'a TLS version name (a TLS-version table)', pattern: /\bTLSv1(?:\.\d)?\b|\bSSLv[23]\b/ },
  { name: 'HYBRID_EX', pattern: /HYBRID_EX/ },
  { name: 'a TLS alert name', pattern: /\b(?:handshake_failure|protocol_version|internal_error|insufficient_security|unrecognized_name|decrypt_error|illegal_parameter|bad_certificate|unexpected_message|close_notify)\b|\balert \d+\b/i },
  { name: 'a resolver code', pattern: /\bNXDOMAIN\b|\bSERVFAIL\b|\bENOTFOUND\b|\bEAI_AGAIN\b/ },
  { name: 'a distinguished name', pattern: /\b(?:CN|OU|DC)=/ },
  { name: 'a protocol constant', pattern: /\bSSL_(?:CERT_NOT_ON_SERVER|REQUIRED_BY_SERVER|NOT_ALLOWED_BY_SERVER)\b|\bPROTOCOL_(?:RDP|SSL|HYBRID)\b|\bX\.224\b/ },
];

/** The IT-only terms found in `text` (empty when it reads in plain words). */
export function itTermsIn(text: string): string[] {
  const found: string[] = [];
  for (const term of IT_ONLY_TERMS) {
    const match = term.pattern.exec(text);
    if (match) found.push(`${term.name}: "${match[0]}"`);
  }
  return found;
}
