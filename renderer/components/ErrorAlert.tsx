import { useNotices } from '../store/notices';
import { Icon } from './Icon';

/** The one-line alert for a failed API call: its message, and a way to dismiss it. */
export function ErrorAlert() {
  const alert = useNotices((s) => s.alert);
  const dismiss = useNotices((s) => s.dismissError);
  return (
    <div className="alert-slot">
      {alert ? (
        <div className="alert" role="alert" data-testid="error-alert" key={alert.seq}>
          <Icon name="alert" />
          <span className="alert-text">{alert.message}</span>
          <button type="button" className="btn btn-ghost btn-icon" onClick={dismiss} aria-label="Dismiss this message">
            <Icon name="x" />
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** An inline one-line alert for an error that belongs to one place (a fix, an export). */
export function InlineError({ message, testId }: { message: string | null; testId?: string }) {
  if (!message) return null;
  return (
    <p className="inline-error" role="alert" data-testid={testId}>
      <Icon name="alert" size={16} />
      <span>{message}</span>
    </p>
  );
}
