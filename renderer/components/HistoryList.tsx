/**
 * Earlier diagnoses saved on this machine, grouped by target (newest first) with a filter: reopen one
 * (works offline), or delete it. An unfinished diagnosis says so and what it did not check.
 */
import { useEffect, useId, useState } from 'react';
import { stepDefinition } from '../../shared/steps';
import type { HistoryEntry } from '../../shared/model';
import { formatDateTime } from '../lib/format';
import type { Tone } from '../lib/status';
import { deleteSavedDiagnosis, openSavedDiagnosis } from '../store/dispatcher';
import { groupHistory, useHistory } from '../store/history';
import { useWizard } from '../store/wizard';
import { Badge } from './Badge';
import { Dialog } from './Dialog';
import { Icon, Spinner } from './Icon';

const VERDICT: Record<HistoryEntry['verdict'], { tone: Tone; label: string }> = {
  healthy: { tone: 'success', label: 'No problems' },
  problems: { tone: 'danger', label: 'Problems' },
  risks: { tone: 'warning', label: 'Risks' },
  incomplete: { tone: 'neutral', label: 'Incomplete' },
};

export function HistoryList({ compact = false }: { compact?: boolean }) {
  const { entries, problems, loading, busyId, load, filter, setFilter } = useHistory();
  const viewingId = useWizard((s) => s.viewing?.id);
  const filterId = useId();
  const groups = groupHistory(entries, filter);
  const open = openSavedDiagnosis;
  const remove = deleteSavedDiagnosis;
  const [confirm, setConfirm] = useState<HistoryEntry | null>(null);

  useEffect(() => {
    // Read the list each time it is shown: diagnoses were saved since it was last shown (each step
    // run, the session at the summary). "Refresh" reloads too.
    if (!useHistory.getState().loading) void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const list = (
    <>
      {entries.length === 0 ? (
        <p className="muted">{loading ? 'Loading…' : 'No saved diagnoses yet. Each diagnosis is kept on this computer.'}</p>
      ) : (
        <>
          <label className="history-filter" htmlFor={filterId}>
            <span>Filter</span>
            <input id={filterId} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Computer, finding or “unfinished”" data-testid="history-filter" />
          </label>
          {groups.length === 0 ? <p className="muted">No saved diagnosis matches “{filter}”.</p> : null}
          {groups.map((group) => (
            <section key={group.input} className="history-group" data-testid="history-group" data-target={group.input} aria-label={`Diagnoses of ${group.input}`}>
              <h4 className="history-group-title mono">{group.input}</h4>
              <ul className="history-list" data-testid="history-list">
                {group.entries.map((e) => {
                  const unfinished = e.notChecked.length > 0;
                  // Never "No problems" for a diagnosis that did not check everything.
                  const look = unfinished && e.verdict !== 'problems' && e.verdict !== 'risks' ? { tone: 'neutral' as Tone, label: 'Unfinished' } : VERDICT[e.verdict];
                  return (
                    <li key={e.id} className={e.id === viewingId ? 'history-item current' : 'history-item'} data-testid={`history-${e.id}`} data-verdict={e.verdict} data-unfinished={unfinished}>
                      <div className="history-main">
                        <span className="visually-hidden">{e.input}, </span>
                        <span className="muted small">{formatDateTime(e.createdAt)}</span>
                        {unfinished ? (
                          <span className="small" data-testid="history-not-checked">
                            Not checked: {e.notChecked.map((step) => stepDefinition(step).label).join(', ')}
                          </span>
                        ) : null}
                      </div>
                      <div className="badge-row">
                        <Badge tone={look.tone}>{look.label}</Badge>
                        {e.errors > 0 ? <Badge tone="danger">{e.errors} {e.errors === 1 ? 'cause' : 'causes'}</Badge> : null}
                        {e.warnings > 0 ? <Badge tone="warning">{e.warnings} {e.warnings === 1 ? 'risk' : 'risks'}</Badge> : null}
                      </div>
                      <div className="history-actions">
                        <button type="button" className="btn btn-small" onClick={() => void open(e.id)} disabled={busyId !== null} aria-label={`Open the diagnosis of ${e.input} from ${formatDateTime(e.createdAt)}`}>
                          {busyId === e.id ? <Spinner size={15} /> : <Icon name="eye" size={15} />}
                          Open
                        </button>
                        <button type="button" className="btn btn-ghost btn-small btn-icon" onClick={() => setConfirm(e)} disabled={busyId !== null} aria-label={`Delete the diagnosis of ${e.input} from ${formatDateTime(e.createdAt)}`}>
                          <Icon name="trash" size={15} />
                        </button>
                      </div>
                    </li>
                  );
                })}
              </ul>
            </section>
          ))}
        </>
      )}
      {problems.length > 0 ? (
        <ul className="plain-list muted small">
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      ) : null}
      <Dialog
        open={confirm !== null}
        title="Delete this diagnosis?"
        onClose={() => setConfirm(null)}
        testId="history-delete-dialog"
        footer={
          <>
            <button type="button" className="btn" onClick={() => setConfirm(null)} data-autofocus>
              Keep it
            </button>
            <button
              type="button"
              className="btn btn-danger"
              data-testid="history-delete-confirm"
              onClick={() => {
                const id = confirm?.id;
                setConfirm(null);
                if (id) void remove(id);
              }}
            >
              Delete
            </button>
          </>
        }
      >
        <p>
          The diagnosis of <span className="mono">{confirm?.input}</span> from {confirm ? formatDateTime(confirm.createdAt) : ''} will be removed from this
          computer.
        </p>
      </Dialog>
    </>
  );

  const refresh = (
    <button type="button" className="btn btn-ghost btn-small" onClick={() => void load()} disabled={loading}>
      {loading ? <Spinner size={15} /> : <Icon name="refresh" size={15} />}
      Refresh
    </button>
  );

  if (compact) {
    return (
      <details className="card disclosure history-card">
        <summary>
          <Icon name="chevron-right" size={16} className="disclosure-icon" />
          <Icon name="history" size={18} /> Earlier diagnoses {entries.length > 0 ? `(${entries.length})` : ''}
        </summary>
        <div className="history-toolbar">{refresh}</div>
        {list}
      </details>
    );
  }
  return (
    <section className="card history-card" aria-labelledby="history-title">
      <div className="card-head">
        <h3 className="card-title" id="history-title">
          <Icon name="history" size={18} /> Earlier diagnoses
        </h3>
        {refresh}
      </div>
      {list}
    </section>
  );
}
