/** Certificate: the certificate card, the TLS versions the server accepts, and negotiation failures. */
import { NET_CHECK_IDS, TLS_VERSIONS, securityLayersDataSchema, tlsDataSchema, type TlsAttempt, type TlsData } from '../../shared/checks/net';
import type { CheckResult } from '../../shared/model';
import { Badge } from '../components/Badge';
import { CertificateCard } from '../components/CertificateCard';
import { DataTable } from '../components/DataTable';
import { Icon } from '../components/Icon';
import { parseChecks } from '../lib/checkData';
import { formatMs } from '../lib/format';
import type { Tone } from '../lib/status';
import { useSettings } from '../store/settings';
import { CheckStepLayout } from './CheckStepLayout';

export function CertificateStep() {
  return <CheckStepLayout step="certificate">{(results) => <CertificateEvidence results={results} />}</CheckStepLayout>;
}

const VERSION_NAME: Record<string, string> = { TLSv1: 'TLS 1.0', 'TLSv1.1': 'TLS 1.1', 'TLSv1.2': 'TLS 1.2', 'TLSv1.3': 'TLS 1.3' };

const ATTEMPT_LOOK: Record<TlsAttempt['outcome'], { tone: Tone; label: string }> = {
  accepted: { tone: 'success', label: 'Accepted' },
  rejected: { tone: 'neutral', label: 'Not offered' },
  alert: { tone: 'neutral', label: 'Refused (alert)' },
  reset: { tone: 'danger', label: 'Connection reset' },
  closed: { tone: 'danger', label: 'Connection closed' },
  timeout: { tone: 'warning', label: 'No answer' },
  'not-tls': { tone: 'danger', label: 'Answered without TLS' },
  'x224-failed': { tone: 'danger', label: 'Negotiation failed' },
  'unsupported-locally': { tone: 'neutral', label: 'Not testable here' },
  error: { tone: 'danger', label: 'Error' },
};

/** A negotiation failure before TLS even starts, in words ("server has no usable certificate"). */
function negotiationProblem(tls: TlsData[], certNotOnServer: boolean, it: boolean): string | null {
  const failure = tls.map((t) => t.x224).find((x) => x.kind === 'failure');
  if (certNotOnServer || failure?.failureCode === 3) {
    return it
      ? 'The server has no usable certificate (negotiation failure 3, SSL_CERT_NOT_ON_SERVER): it cannot start TLS, so every secured connection fails.'
      : 'The remote computer has no usable certificate, so it cannot secure any connection.';
  }
  if (failure) return it ? `The server refused to start TLS: ${failure.failureName ?? `negotiation failure ${failure.failureCode ?? '?'}`}.` : 'The remote computer refused to secure the connection.';
  const other = tls.map((t) => t.x224).find((x) => x.kind !== 'confirm');
  if (other) return it ? `The connection request before TLS did not succeed (${other.kind}).` : 'The connection was not accepted far enough to secure it.';
  return null;
}

/** One plain sentence for the TLS versions table (the table itself is IT detail). */
function versionsInWords(t: TlsData): string {
  const accepted = t.attempts.filter((a) => a.outcome === 'accepted').map((a) => a.version);
  if (accepted.length === 0) return 'No version of the security protocol worked: the connection could not be secured.';
  const modern = accepted.some((v) => v === 'TLSv1.2' || v === 'TLSv1.3');
  return modern
    ? 'The connection can be secured with a current version of the security protocol.'
    : 'The connection can only be secured with old versions of the security protocol, which current computers refuse.';
}

function CertificateEvidence({ results }: { results: CheckResult[] }) {
  const it = useSettings((s) => s.audience === 'it');
  const tls = parseChecks(results, NET_CHECK_IDS.tls, tlsDataSchema).map((p) => p.data);
  const layers = parseChecks(results, NET_CHECK_IDS.securityLayers, securityLayersDataSchema).map((p) => p.data);
  if (tls.length === 0) return null;
  const withCert = tls.find((t) => t.certificate) ?? tls[0]!;
  const problem = negotiationProblem(tls, layers.some((l) => l.certNotOnServer), it);

  return (
    <div className="evidence-grid">
      {problem ? (
        <p className="notice tone-danger" data-testid="negotiation-failure">
          <Icon name="alert" size={18} />
          <span>{problem}</span>
        </p>
      ) : null}
      {withCert.certificate ? (
        <CertificateCard cert={withCert.certificate} nameMatch={withCert.nameMatch} checkedAt={withCert.checkedAt} {...(withCert.chain ? { chain: withCert.chain } : {})} />
      ) : (
        <section className="card">
          <h3 className="card-title">
            <Icon name="certificate" size={18} /> No certificate received
          </h3>
          <p>No TLS handshake got far enough for the server to show its certificate.</p>
        </section>
      )}
      {tls.map((t) => (
        <section className="card" key={t.address} aria-labelledby={`tls-${t.address}`}>
          <h3 className="card-title" id={`tls-${t.address}`}>
            <Icon name="lock" size={18} /> {it ? 'TLS versions offered' : 'Securing the connection'}
            {tls.length > 1 ? ` (${t.address})` : ''}
          </h3>
          {!it ? <p data-testid="tls-in-words">{versionsInWords(t)}</p> : null}
          {it ? (
          <DataTable
            caption={`TLS versions, ${t.address}`}
            testId="tls-versions"
            columns={it ? ['Version', 'Result', 'Cipher', 'Time'] : ['Version', 'Result']}
            rows={TLS_VERSIONS.map((v) => {
              const attempt = t.attempts.find((a) => a.version === v);
              const look = attempt ? ATTEMPT_LOOK[attempt.outcome] : { tone: 'neutral' as Tone, label: 'Not tried' };
              const cells = [
                VERSION_NAME[v] ?? v,
                <>
                  <Badge tone={look.tone}>{look.label}</Badge>
                  {it && attempt?.alert ? <code className="muted"> {attempt.alert}</code> : null}
                  {it && attempt?.errorCode ? <code className="muted"> {attempt.errorCode}</code> : null}
                </>,
              ];
              if (it) cells.push(<span className="mono">{attempt?.cipherStandardName ?? attempt?.cipher ?? '—'}</span>, attempt ? formatMs(attempt.durationMs) : '—');
              return cells;
            })}
          />
          ) : null}
        </section>
      ))}
    </div>
  );
}
