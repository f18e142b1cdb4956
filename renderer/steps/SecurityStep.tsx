/** NLA and security layer: which layers the server accepts and requires, and what it says about itself through NTLM. */
import { NET_CHECK_IDS, credsspDataSchema, securityLayersDataSchema, type CredsspData, type SecurityLayersData } from '../../shared/checks/net';
import type { CheckResult } from '../../shared/model';
import { Badge } from '../components/Badge';
import { DataTable } from '../components/DataTable';
import { Icon } from '../components/Icon';
import { parseChecks } from '../lib/checkData';
import { formatDateTime, formatMs, formatSkew, hex, protocolNames, spacedHex } from '../lib/format';
import { useSettings } from '../store/settings';
import { CheckStepLayout } from './CheckStepLayout';

export function SecurityStep() {
  return <CheckStepLayout step="security">{(results) => <SecurityEvidence results={results} />}</CheckStepLayout>;
}

/** Five minutes: Kerberos's default tolerance, beyond which sign-in and certificate checks suffer. */
const SKEW_LIMIT_SECONDS = 300;

function yesNo(value: boolean | null) {
  if (value === null) return <Badge tone="neutral">Unknown</Badge>;
  return value ? (
    <Badge tone="success" icon="check">
      Accepted
    </Badge>
  ) : (
    <Badge tone="neutral" icon="x">
      Not accepted
    </Badge>
  );
}

function layerRows(d: SecurityLayersData, it: boolean) {
  const onlyRdp = d.accepts.rdp === true && d.accepts.tls === false && d.accepts.hybrid === false;
  const required = (yes: boolean, text = 'Required') => (yes ? <Badge tone="accent">{text}</Badge> : <span className="muted">No</span>);
  return [
    ['Standard RDP security', yesNo(d.accepts.rdp), required(onlyRdp, 'Only option')],
    ['TLS', yesNo(d.accepts.tls), required(d.requires === 'tls' || d.requires === 'tls-user-auth', d.requires === 'tls-user-auth' ? 'Required, with user auth' : 'Required')],
    ['CredSSP (NLA)', yesNo(d.accepts.hybrid), required(d.requires === 'hybrid')],
    ...(it ? [['HYBRID_EX (NLA + early auth result)', yesNo(d.accepts.hybridEx), required(false)]] : []),
  ];
}

function SecurityEvidence({ results }: { results: CheckResult[] }) {
  const it = useSettings((s) => s.audience === 'it');
  const layers = parseChecks(results, NET_CHECK_IDS.securityLayers, securityLayersDataSchema).map((p) => p.data);
  const credssp = parseChecks(results, NET_CHECK_IDS.credssp, credsspDataSchema).map((p) => p.data);
  if (layers.length === 0 && credssp.length === 0) return null;
  return (
    <div className="evidence-grid">
      {layers.map((d) => (
        <section className="card" key={d.address} aria-labelledby={`layers-${d.address}`}>
          <h3 className="card-title" id={`layers-${d.address}`}>
            <Icon name="shield" size={18} /> Security layers{layers.length > 1 ? ` of ${d.address}` : ''}
          </h3>
          <DataTable caption="Security layers the server accepts and requires" testId="security-layers" columns={['Layer', 'Accepted?', 'Required?']} rows={layerRows(d, it)} />
          {it ? (
            <>
            <h4 className="sub-title">Negotiation replies, one connection per request</h4>
            <DataTable
              caption="Negotiation replies"
              columns={['Requested', 'Reply', 'Selected / failure', 'Bytes']}
              rows={d.replies.map((r) => [
                <span className="mono">
                  {hex(r.requestedProtocols, 2)} {protocolNames(r.requestedProtocols)}
                </span>,
                `${r.kind} (${formatMs(r.durationMs)})`,
                r.kind === 'failure' ? (
                  <span className="mono">
                    {r.failureName ?? ''} ({r.failureCode ?? '?'})
                  </span>
                ) : r.selectedProtocol !== undefined ? (
                  protocolNames(r.selectedProtocol)
                ) : (
                  '—'
                ),
                <span className="mono small">{r.bytesHex ? spacedHex(r.bytesHex) : '—'}</span>,
              ])}
            />
            </>
          ) : null}
        </section>
      ))}
      {credssp.map((c) => (
        <NtlmCard key={c.address} data={c} it={it} />
      ))}
    </div>
  );
}

function NtlmCard({ data, it }: { data: CredsspData; it: boolean }) {
  const n = data.ntlm;
  const skew = data.clockSkewSeconds;
  const skewBad = skew !== undefined && Math.abs(skew) > SKEW_LIMIT_SECONDS;
  return (
    <section className="card" aria-labelledby={`ntlm-${data.address}`} data-testid="ntlm-info">
      <h3 className="card-title" id={`ntlm-${data.address}`}>
        <Icon name="server" size={18} /> What the server says about itself
      </h3>
      {data.outcome !== 'challenge' || !n ? (
        <p className="muted">
          No pre-authentication information: {data.detail ?? data.outcome}
          {it ? (
            <>
              {' '}
              (<code>{data.outcome}</code>)
            </>
          ) : null}
        </p>
      ) : (
        <dl className="facts">
          <div>
            <dt>Computer name</dt>
            <dd className="mono">{n.dnsComputer ?? n.netbiosComputer ?? '—'}</dd>
          </div>
          <div>
            <dt>Domain</dt>
            <dd className="mono">{n.dnsDomain ?? n.netbiosDomain ?? '—'}</dd>
          </div>
          {it ? (
            <>
              <div>
                <dt>NetBIOS</dt>
                <dd className="mono">
                  {n.netbiosDomain ?? '—'}\{n.netbiosComputer ?? '—'}
                </dd>
              </div>
              <div>
                <dt>DNS tree</dt>
                <dd className="mono">{n.dnsTree ?? '—'}</dd>
              </div>
            </>
          ) : null}
          <div>
            <dt>Windows version</dt>
            <dd>{n.osVersion ? `${n.osVersion.major}.${n.osVersion.minor} build ${n.osVersion.build}` : '—'}</dd>
          </div>
          <div>
            <dt>Server clock</dt>
            <dd>
              {n.serverTime ? formatDateTime(n.serverTime) : '—'}{' '}
              {skew !== undefined ? (
                <Badge tone={skewBad ? 'warning' : 'success'} icon={skewBad ? 'alert' : 'check'} testId="clock-skew">
                  {formatSkew(skew)}
                </Badge>
              ) : null}
            </dd>
          </div>
          {it ? (
            <>
              <div>
                <dt>CredSSP version</dt>
                <dd>{data.tsRequestVersion ?? '—'}</dd>
              </div>
              <div>
                <dt>NTLM flags</dt>
                <dd className="mono">{hex(n.negotiateFlags)}</dd>
              </div>
            </>
          ) : null}
        </dl>
      )}
    </section>
  );
}
