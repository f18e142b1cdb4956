/**
 * A determinate progress bar with a visible line of what is being checked. While a check waits for an
 * answer (a filtered port waits for the whole timeout), `waiting` moves the bar within that check and
 * says the time left, so the screen never stands still.
 */
import type { Waiting } from '../lib/progress';

export function ProgressBar({ done, total, label, detail, waiting }: { done: number; total: number; label: string; detail?: string; waiting?: Waiting | null }) {
  const moving = waiting ? Math.min(0.95, Math.max(0, waiting.fraction)) : 0;
  const percent = total > 0 ? Math.min(100, Math.round(((done + moving) / total) * 100)) : 0;
  const said = [detail, waiting?.text].filter(Boolean).join('; ');
  return (
    <div className="progress" data-testid="progress">
      <div className="progress-text">
        <span>{label}</span>
        <span className="muted tabular">
          {done} of {total || '…'}
          {waiting ? <span data-testid="time-left"> · {waiting.text}</span> : null}
        </span>
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total || 1}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${total} checks finished${said ? `; ${said}` : ''}`}
      >
        <div className={total === 0 ? 'progress-fill indeterminate' : 'progress-fill'} style={{ width: total === 0 ? undefined : `${percent}%` }} />
      </div>
      {detail ? <div className="progress-detail muted">{detail}</div> : null}
    </div>
  );
}
