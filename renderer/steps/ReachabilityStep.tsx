/** Firewall and reachability: the name's addresses, and per address whether the RDP port answers and who answers. */
import { NET_CHECK_IDS, dnsDataSchema, rdpListenerDataSchema, tcpDataSchema } from '../../shared/checks/net';
import { Badge } from '../components/Badge';
import { DataTable } from '../components/DataTable';
import { Icon } from '../components/Icon';
import { firstCheck, parseChecks } from '../lib/checkData';
import { explainDns, explainTcp, explainX224 } from '../../shared/catalog/outcomes';
import { formatMs, protocolNames, spacedHex } from '../lib/format';
import { useSettings } from '../store/settings';
import { CheckStepLayout } from './CheckStepLayout';

export function ReachabilityStep() {
  return <CheckStepLayout step="reachability">{(results) => <ReachabilityEvidence results={results} />}</CheckStepLayout>;
}

function ReachabilityEvidence({ results }: { results: Parameters<typeof parseChecks>[0] }) {
  const it = useSettings((s) => s.audience === 'it');
  const dns = firstCheck(results, NET_CHECK_IDS.dns, dnsDataSchema);
  const tcp = parseChecks(results, NET_CHECK_IDS.tcp, tcpDataSchema);
  const listeners = parseChecks(results, NET_CHECK_IDS.rdpListener, rdpListenerDataSchema);
  if (!dns && tcp.length === 0) return null;

  return (
    <div className="evidence-grid">
      {dns ? (
        <section className="card" aria-labelledby="dns-title">
          <h3 className="card-title" id="dns-title">
            <Icon name="address" size={18} /> Addresses of {dns.data.name}
          </h3>
          <DnsSummary data={dns.data} it={it} />
        </section>
      ) : null}
      {tcp.length > 0 ? (
        <section className="card" aria-labelledby="tcp-title">
          <h3 className="card-title" id="tcp-title">
            <Icon name="network" size={18} /> Remote Desktop port, per address
          </h3>
          <ul className="outcome-list">
            {tcp.map(({ data }) => {
              const ex = explainTcp(data);
              const listener = listeners.find((l) => l.data.address === data.address);
              const lx = listener ? explainX224(listener.data.reply) : null;
              return (
                <li key={data.address} className="outcome-item" data-testid={`tcp-${data.address}`} data-outcome={data.outcome}>
                  <div className="outcome-line">
                    <span className="mono strong">
                      {data.address}:{data.port}
                    </span>
                    <Badge tone={ex.tone}>{ex.label}</Badge>
                    {lx && data.outcome === 'open' ? <Badge tone={lx.tone}>{lx.label}</Badge> : null}
                    {it && data.errorCode ? <code className="muted">{data.errorCode}</code> : null}
                  </div>
                  <p>{ex.meaning}</p>
                  {lx && data.outcome === 'open' && lx.tone !== 'success' ? <p>{lx.meaning}</p> : null}
                  {ex.next ? (
                    <p className="next-action">
                      <Icon name="arrow-right" size={15} />
                      <span>{ex.next}</span>
                    </p>
                  ) : lx?.next ? (
                    <p className="next-action">
                      <Icon name="arrow-right" size={15} />
                      <span>{lx.next}</span>
                    </p>
                  ) : null}
                  {it && listener ? (
                    <dl className="facts compact">
                      <div>
                        <dt>X.224 reply</dt>
                        <dd>
                          {listener.data.reply.kind}
                          {listener.data.reply.selectedProtocol !== undefined ? `, selected ${protocolNames(listener.data.reply.selectedProtocol)}` : ''}
                          {listener.data.reply.failureName ? `, ${listener.data.reply.failureName}` : ''} in {formatMs(listener.data.reply.durationMs)}
                        </dd>
                      </div>
                      {listener.data.reply.bytesHex ? (
                        <div>
                          <dt>Bytes</dt>
                          <dd className="mono">{spacedHex(listener.data.reply.bytesHex)}</dd>
                        </div>
                      ) : null}
                    </dl>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function DnsSummary({ data, it }: { data: import('../../shared/checks/net').DnsData; it: boolean }) {
  const ex = explainDns(data);
  return (
    <>
      <p className="outcome-line">
        <Badge tone={ex.tone}>{ex.label}</Badge>
        <span>{ex.meaning}</span>
      </p>
      {ex.next ? (
        <p className="next-action">
          <Icon name="arrow-right" size={15} />
          <span>{ex.next}</span>
        </p>
      ) : null}
      {data.addresses.length > 0 ? (
        <DataTable
          caption={`Addresses of ${data.name}`}
          columns={['Address', 'Type']}
          rows={data.addresses.map((a) => [<span className="mono">{a.address}</span>, a.family === 4 ? 'IPv4' : 'IPv6'])}
        />
      ) : null}
      {it ? (
        <p className="muted small">
          Resolver outcome <code>{data.outcome}</code>
          {data.errorCode ? (
            <>
              {' '}
              (<code>{data.errorCode}</code>)
            </>
          ) : null}{' '}
          in {formatMs(data.durationMs)}
        </p>
      ) : null}
    </>
  );
}
