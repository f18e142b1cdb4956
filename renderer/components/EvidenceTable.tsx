import type { Evidence } from '../../shared/model';
import { checkName } from '../lib/status';

/** The values a finding rests on, with the check each came from. */
export function EvidenceTable({ evidence }: { evidence: Evidence[] }) {
  if (evidence.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="table evidence">
        <caption className="visually-hidden">Evidence</caption>
        <thead>
          <tr>
            <th scope="col">Evidence</th>
            <th scope="col">Value</th>
            <th scope="col">From</th>
          </tr>
        </thead>
        <tbody>
          {evidence.map((e, i) => (
            <tr key={i}>
              <th scope="row">{e.label}</th>
              <td className="mono wrap">{e.value}</td>
              <td className="muted">{e.checkId ? checkName(e.checkId) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
