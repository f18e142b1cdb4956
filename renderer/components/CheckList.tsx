/**
 * The checks of a step: finished ones with their status, one-line summary and duration (skipped
 * and failed checks say why), running ones with a spinner. IT detail adds each check's raw data, and
 * the Windows checks that do not apply off Windows (plain words leave them to the not-checked card).
 */
import type { CheckResult } from '../../shared/model';
import { formatMs } from '../lib/format';
import { CHECK_STATUS_LOOK, checkLabel, notApplicableHere } from '../lib/status';
import { useSettings } from '../store/settings';
import type { RunningCheck } from '../store/wizard';
import { Icon, Spinner } from './Icon';

export function CheckRow({ result, labels }: { result: CheckResult; labels?: Record<string, string> }) {
  const audience = useSettings((s) => s.audience);
  const look = CHECK_STATUS_LOOK[result.status];
  const why = result.status === 'skipped' || result.status === 'error' ? result.reason : undefined;
  return (
    <li className={`check-row tone-${look.tone}`} data-testid={`check-row-${result.id}`} data-status={result.status} data-address={result.address}>
      <span className={`check-icon tone-${look.tone}`}>
        <Icon name={look.icon} size={18} title={look.label} />
      </span>
      <div className="check-main">
        <div className="check-line">
          <span className="check-name">{checkLabel(result, labels)}</span>
          {result.address ? <span className="chip mono">{result.address}</span> : null}
          <span className="check-duration muted tabular">{result.status === 'skipped' ? '' : formatMs(result.durationMs)}</span>
        </div>
        <p className="check-summary">{result.summary}</p>
        {why && why !== result.summary ? (
          <p className="check-reason">
            <strong>{result.status === 'skipped' ? 'Why not checked: ' : 'What went wrong: '}</strong>
            {why}
          </p>
        ) : null}
        {audience === 'it' && Object.keys(result.data).length > 0 ? (
          <details className="disclosure raw">
            <summary>
              <Icon name="chevron-right" size={16} className="disclosure-icon" />
              Raw data <code>{result.id}</code>
            </summary>
            <pre className="raw-json" tabIndex={0} aria-label={`Raw data of ${checkLabel(result, labels)}`}>
              {JSON.stringify(result.data, null, 2)}
            </pre>
          </details>
        ) : null}
      </div>
    </li>
  );
}

export function CheckList({ results, running = [], labels, title = 'Checks' }: { results: CheckResult[]; running?: RunningCheck[]; labels?: Record<string, string>; title?: string }) {
  const audience = useSettings((s) => s.audience);
  // Off Windows the Windows checks are one line under "What could not be checked"; IT detail lists each.
  const shown = audience === 'it' ? results : results.filter((r) => !notApplicableHere(r));
  if (shown.length === 0 && running.length === 0) return null;
  return (
    <section className="card" aria-label={title}>
      <h3 className="card-title">{title}</h3>
      <ul className="check-list">
        {shown.map((r, i) => (
          <CheckRow key={`${r.id}-${r.address ?? ''}-${i}`} result={r} {...(labels ? { labels } : {})} />
        ))}
        {running.map((c, i) => (
          <li key={`running-${c.checkId}-${c.address ?? ''}-${i}`} className="check-row running" data-testid={`check-running-${c.checkId}`}>
            <span className="check-icon tone-accent">
              <Spinner size={18} label="Running" />
            </span>
            <div className="check-main">
              <div className="check-line">
                <span className="check-name">{c.label}</span>
                {c.address ? <span className="chip mono">{c.address}</span> : null}
              </div>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
