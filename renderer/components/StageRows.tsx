/**
 * Where each connection attempt died: one row per attempt with its stages (connect, ask for Remote
 * Desktop, secure, start the session), the one it was cut at marked. Plain words name the stages in
 * words and say once what a cut at that stage usually means; IT detail shows the protocol names, the
 * milliseconds of each stage and the bytes each way (shared/catalog/stages.ts, as the CLI and reports).
 */
import type { HandshakeAttempt } from '../../shared/checks/net';
import { ROW_STAGES, STAGE_PLAIN_LABEL, STAGE_STATE_PLAIN, stageRow, stagesFailedInWords, type StageState } from '../../shared/catalog/stages';
import { formatMs } from '../lib/format';
import { Icon, type IconName } from './Icon';

const STATE_LOOK: Record<StageState, { tone: string; icon: IconName }> = {
  ok: { tone: 'success', icon: 'check' },
  failed: { tone: 'danger', icon: 'x-circle' },
  'not-reached': { tone: 'neutral', icon: 'skip' },
  'not-used': { tone: 'neutral', icon: 'skip' },
};

export function StageRows({ attempts, address, it }: { attempts: readonly HandshakeAttempt[]; address: string; it: boolean }) {
  if (attempts.length === 0) return null;
  const rows = attempts.map(stageRow);
  // IT: the protocol name of the last stage as the attempts saw it (MCS or CredSSP).
  const heads = ROW_STAGES.map((stage, i) => (it ? (stage === 'post-tls' ? (rows.map((r) => r.cells[3]!.label).find((l) => l !== 'after TLS') ?? 'After TLS') : rows[0]!.cells[i]!.label) : STAGE_PLAIN_LABEL[stage]));
  const failed = stagesFailedInWords(rows);
  return (
    <div className="stage-rows" data-testid="stage-rows">
      <div className="table-wrap">
        <table className="table stage-table">
          <caption className="visually-hidden">Each connection attempt to {address}, stage by stage</caption>
          <thead>
            <tr>
              <th scope="col">{it ? '#' : 'Attempt'}</th>
              {heads.map((h) => (
                <th scope="col" key={h}>
                  {h}
                </th>
              ))}
              {it ? <th scope="col">Outcome, bytes and time</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.n} data-testid={`stage-row-${row.n}`} data-failed-at={row.failedAt ?? ''}>
                <th scope="row" className="tabular">
                  {row.n}
                </th>
                {row.cells.map((cell) => {
                  const look = STATE_LOOK[cell.state];
                  return (
                    <td key={cell.stage} className={`stage-cell tone-${look.tone} state-${cell.state}`} data-state={cell.state}>
                      <Icon name={look.icon} size={14} />
                      <span>{it && cell.ms !== undefined && cell.state !== 'failed' ? formatMs(cell.ms) : STAGE_STATE_PLAIN[cell.state]}</span>
                    </td>
                  );
                })}
                {it ? <td className="mono small wrap">{row.detail}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {failed.length > 0 ? (
        <ul className="plain-list stage-meaning" data-testid="stage-meaning">
          {failed.map((f) => (
            <StageCut key={f.stage} cut={f} attempts={rows.length} />
          ))}
        </ul>
      ) : (
        <p className="muted small">Every attempt got through every stage.</p>
      )}
    </div>
  );
}

/** One stage where attempts were cut: how many, where, and what that usually means. */
function StageCut({ cut, attempts }: { cut: ReturnType<typeof stagesFailedInWords>[number]; attempts: number }) {
  return (
    <li>
      <strong>
        {cut.count === attempts ? 'Every attempt' : `${cut.count} of ${attempts} attempts`} ended at “{STAGE_PLAIN_LABEL[cut.stage]}”.
      </strong>{' '}
      {cut.plain}
    </li>
  );
}

/** Plain words, above the fold: at which stage the attempts were cut and what that usually means (nothing when none was). */
export function StageSummary({ attempts }: { attempts: readonly HandshakeAttempt[] }) {
  const rows = attempts.map(stageRow);
  const failed = stagesFailedInWords(rows);
  if (failed.length === 0) return null;
  return (
    <section className="card stage-summary" aria-labelledby="stage-summary-title" data-testid="stage-summary">
      <h3 className="card-title" id="stage-summary-title">
        <Icon name="pulse" size={18} /> Where the connection is cut
      </h3>
      <ul className="plain-list">
        {failed.map((f) => (
          <StageCut key={f.stage} cut={f} attempts={rows.length} />
        ))}
      </ul>
    </section>
  );
}
