/** A determinate progress bar with a visible line of what is being checked. */
export function ProgressBar({ done, total, label, detail }: { done: number; total: number; label: string; detail?: string }) {
  const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <div className="progress" data-testid="progress">
      <div className="progress-text">
        <span>{label}</span>
        <span className="muted tabular">
          {done} of {total || '…'}
        </span>
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total || 1}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${total} checks finished${detail ? `; ${detail}` : ''}`}
      >
        <div className={total === 0 ? 'progress-fill indeterminate' : 'progress-fill'} style={{ width: total === 0 ? undefined : `${percent}%` }} />
      </div>
      {detail ? <div className="progress-detail muted">{detail}</div> : null}
    </div>
  );
}
