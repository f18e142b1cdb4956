/** IP instead of host name: every resolved address tried separately; a ready .rdp file when an address works and the name does not. */
import { NET_CHECK_IDS, addressingDataSchema } from '../../shared/checks/net';
import type { CheckResult } from '../../shared/model';
import { Badge } from '../components/Badge';
import { DataTable } from '../components/DataTable';
import { Icon } from '../components/Icon';
import { RdpFilePanel } from '../components/RdpFilePanel';
import { firstCheck } from '../lib/checkData';
import { formatMs } from '../lib/format';
import { STAGE_LABEL } from '../lib/timeline';
import { useWizard } from '../store/wizard';
import { CheckStepLayout } from './CheckStepLayout';

export function AddressingStep() {
  return <CheckStepLayout step="addressing">{(results) => <AddressingEvidence results={results} />}</CheckStepLayout>;
}

function AddressingEvidence({ results }: { results: CheckResult[] }) {
  const target = useWizard((s) => s.target);
  const parsed = firstCheck(results, NET_CHECK_IDS.addressing, addressingDataSchema);
  if (!parsed) return null;
  const d = parsed.data;
  const someFail = d.addresses.some((a) => !a.ok);
  const offerFile = target?.kind === 'dns' && d.workingAddress !== null && someFail;
  return (
    <div className="evidence-grid">
      <section className="card" aria-labelledby="addressing-title">
        <h3 className="card-title" id="addressing-title">
          <Icon name="address" size={18} /> Each address of {d.name}
        </h3>
        <DataTable
          caption={`Each address of ${d.name}`}
          testId="addressing-table"
          columns={['Address', 'Result', 'Reached', 'Time']}
          rows={d.addresses.map((a) => [
            <span className="mono">
              {a.address} <span className="muted small">IPv{a.family}</span>
            </span>,
            a.ok ? (
              <Badge tone="success" icon="check">
                Works
              </Badge>
            ) : (
              <Badge tone="danger" icon="x">
                Fails: {a.outcome}
              </Badge>
            ),
            a.ok ? 'Full handshake' : `Stopped at ${STAGE_LABEL[a.stage]}`,
            formatMs(a.durationMs),
          ])}
        />
        {d.answeringNames.length > 0 ? (
          <p className="small">
            The machine that answers calls itself <span className="mono">{d.answeringNames.join(', ')}</span>.
          </p>
        ) : null}
      </section>
      {offerFile && target ? <RdpFilePanel address={d.workingAddress!} port={target.port} name={d.name} /> : null}
    </div>
  );
}
