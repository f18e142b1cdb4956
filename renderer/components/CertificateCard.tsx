/**
 * The server certificate as a card: who it names, who issued it, whether it is valid and for which
 * names; with IT detail also key, signature, fingerprints, subject and chain (not plain words).
 */
import type { CertificateInfo, TlsData } from '../../shared/checks/net';
import { humanDate } from '../../shared/words';
import { daysUntil, relativeDays, validityOf, type Validity } from '../lib/format';
import type { Tone } from '../lib/status';
import { useSettings } from '../store/settings';
import { Badge } from './Badge';
import { CopyButton } from './CopyButton';
import { Icon } from './Icon';

const VALIDITY_LOOK: Record<Validity, { tone: Tone; label: string }> = {
  valid: { tone: 'success', label: 'Valid' },
  'expiring-soon': { tone: 'warning', label: 'Expires soon' },
  expired: { tone: 'danger', label: 'Expired' },
  'not-yet-valid': { tone: 'danger', label: 'Not valid yet' },
  unknown: { tone: 'neutral', label: 'Unknown dates' },
};

const WEAK_SIGNATURE = /md5|sha1With|sha1RSA|ecdsa-with-SHA1/i;

function keyText(cert: CertificateInfo): string {
  const type = cert.keyType.toUpperCase();
  if (cert.curve) return `${type} ${cert.curve}`;
  return cert.keyBits ? `${type} ${cert.keyBits} bits` : type;
}

function weakKey(cert: CertificateInfo): boolean {
  return cert.keyType.toLowerCase() === 'rsa' && cert.keyBits !== undefined && cert.keyBits < 2048;
}

export function CertificateCard({ cert, nameMatch, checkedAt, chain }: { cert: CertificateInfo; nameMatch: TlsData['nameMatch']; checkedAt: string; chain?: TlsData['chain'] }) {
  const it = useSettings((s) => s.audience === 'it');
  const now = new Date(checkedAt);
  const validity = validityOf(cert.validFrom, cert.validTo, Number.isNaN(now.getTime()) ? new Date() : now);
  const look = VALIDITY_LOOK[validity];
  const days = daysUntil(cert.validTo, Number.isNaN(now.getTime()) ? new Date() : now);
  const thumbprint = cert.sha1.replace(/:/g, '');

  return (
    <section className="card cert-card" aria-labelledby="cert-title" data-testid="certificate-card">
      <div className="cert-top">
        <span className={`cert-seal tone-${look.tone}`}>
          <Icon name="certificate" size={28} />
        </span>
        <div className="cert-names">
          <h3 className="card-title" id="cert-title">
            {cert.subjectCN ?? cert.subject}
          </h3>
          <p className="muted">Issued by {cert.issuerCN ?? cert.issuer}</p>
        </div>
        <div className="badge-row">
          <Badge tone={look.tone} icon={validity === 'valid' ? 'check' : 'alert'} testId="cert-validity">
            {look.label}
          </Badge>
          {cert.selfSigned ? <Badge tone="info">Self-signed</Badge> : <Badge tone="neutral">Issued by a CA</Badge>}
          {nameMatch ? (
            <Badge tone={nameMatch.matches ? 'success' : 'warning'} icon={nameMatch.matches ? 'check' : 'alert'}>
              {nameMatch.matches ? 'Name matches' : 'Name does not match'}
            </Badge>
          ) : null}
        </div>
      </div>
      <dl className="facts">
        <div>
          <dt>Valid</dt>
          <dd>
            {humanDate(cert.validFrom)} to {humanDate(cert.validTo)}
            {days !== null ? (
              <span className="muted"> ({validity === 'expired' ? `expired ${relativeDays(days)}` : validity === 'not-yet-valid' ? `starts later` : `expires ${relativeDays(days)}`})</span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Name checked</dt>
          <dd>
            {nameMatch ? (
              <>
                <span className="mono">{nameMatch.checkedName}</span>
                {nameMatch.matches ? ` matched by ${nameMatch.matchedBy === 'dns-san' ? 'a DNS name' : nameMatch.matchedBy === 'ip-san' ? 'an IP address' : 'the common name'}` : ' is not in the certificate'}
              </>
            ) : (
              '—'
            )}
          </dd>
        </div>
        {cert.dnsNames.length + cert.ipAddresses.length > 0 ? (
          <div>
            <dt>Names in it</dt>
            <dd className="mono wrap">{[...cert.dnsNames, ...cert.ipAddresses].join(', ')}</dd>
          </div>
        ) : null}
        {!it && (weakKey(cert) || WEAK_SIGNATURE.test(cert.signatureAlgorithm)) ? (
          <div>
            <dt>Protection</dt>
            <dd>
              <Badge tone="warning">Weak</Badge> <span className="muted">(the key and signature are shown with IT detail on)</span>
            </dd>
          </div>
        ) : null}
        {it ? (
          <>
            <div>
              <dt>Key</dt>
              <dd>
                {keyText(cert)} {weakKey(cert) ? <Badge tone="warning">Weak</Badge> : null}
              </dd>
            </div>
            <div>
              <dt>Signature</dt>
              <dd>
                <span className="mono">{cert.signatureAlgorithm}</span> {WEAK_SIGNATURE.test(cert.signatureAlgorithm) ? <Badge tone="warning">Weak</Badge> : null}
                <span className="muted mono"> ({cert.signatureAlgorithmOid})</span>
              </dd>
            </div>
            <Fingerprint label="SHA-1 thumbprint" value={thumbprint} testId="cert-sha1" />
            <Fingerprint label="SHA-256 fingerprint" value={cert.sha256} testId="cert-sha256" />
            <div>
              <dt>Subject</dt>
              <dd className="mono wrap">{cert.subject}</dd>
            </div>
            <div>
              <dt>Issuer</dt>
              <dd className="mono wrap">{cert.issuer}</dd>
            </div>
            <div>
              <dt>Serial number</dt>
              <dd className="mono wrap">{cert.serialNumber}</dd>
            </div>
            <div>
              <dt>Extended key usage</dt>
              <dd className="mono wrap">{cert.extendedKeyUsage.length > 0 ? cert.extendedKeyUsage.join(', ') : 'not present (any usage)'}</dd>
            </div>
            {chain && chain.length > 0 ? (
              <div>
                <dt>Chain sent</dt>
                <dd>
                  <ol className="chain">
                    {chain.map((c) => (
                      <li key={c.sha256} className="mono wrap">
                        {c.subject} ← {c.issuer} (to {humanDate(c.validTo)})
                      </li>
                    ))}
                  </ol>
                </dd>
              </div>
            ) : null}
          </>
        ) : null}
      </dl>
      {it ? (
        <div className="button-row">
          <CopyButton text={cert.pem} label="Copy PEM" what="of the certificate" />
        </div>
      ) : null}
    </section>
  );
}

/** One fingerprint row of the IT detail, with its copy button. */
function Fingerprint({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd className="fingerprint">
        <span className="mono wrap" data-testid={testId}>
          {value}
        </span>
        <CopyButton text={value} what={`the ${label}`} />
      </dd>
    </div>
  );
}
