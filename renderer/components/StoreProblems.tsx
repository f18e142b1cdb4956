import { useSettings } from '../store/settings';
import { Icon } from './Icon';

/** Settings or undo records that could not be read: where each file went and what was kept, until dismissed. */
export function StoreProblems() {
  const problems = useSettings((s) => s.storeProblems);
  const dismiss = useSettings((s) => s.dismissStoreProblems);
  if (problems.length === 0) return null;
  return (
    <div className="alert-slot">
      <div className="alert alert-wrap" role="alert" data-testid="store-problems">
        <Icon name="alert" />
        <div className="alert-text">
          {problems.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </div>
        <button type="button" className="btn btn-ghost btn-icon" onClick={dismiss} aria-label="Dismiss this message">
          <Icon name="x" />
        </button>
      </div>
    </div>
  );
}
