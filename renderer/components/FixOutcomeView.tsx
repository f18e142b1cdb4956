import type { FixOutcome } from '../../shared/contract';
import { checkName } from '../lib/status';
import { Badge } from './Badge';
import { Spinner, Icon } from './Icon';

const OUTCOME_LOOK: Record<FixOutcome['status'], { tone: 'success' | 'danger' | 'neutral' | 'warning'; label: string }> = {
  applied: { tone: 'success', label: 'Applied' },
  failed: { tone: 'danger', label: 'Failed' },
  cancelled: { tone: 'neutral', label: 'Cancelled' },
  'not-applicable': { tone: 'warning', label: 'Not applicable here' },
  undone: { tone: 'neutral', label: 'Undone' },
};

/** What happened when a fix was applied or undone, its verification, and Undo. */
export function FixOutcomeView({
  outcome,
  onUndo,
  undoing,
  onCheckAgain,
}: {
  outcome: FixOutcome;
  onUndo: (() => void) | null;
  undoing: boolean;
  onCheckAgain: () => void;
}) {
  const look = OUTCOME_LOOK[outcome.status];
  return (
    <div className={`fix-outcome tone-${look.tone}`} data-testid={`fix-outcome-${outcome.fixId}`}>
      <div className="fix-outcome-head">
        <Badge tone={look.tone}>{look.label}</Badge>
        <span>{outcome.message}</span>
      </div>
      {outcome.verification?.notVerified ? (
        <p className="fix-verification" data-testid={`fix-verification-${outcome.fixId}`} data-passed="unknown">
          <Icon name="info" size={16} />
          {`Not verified: ${outcome.verification.notVerified}`}
        </p>
      ) : outcome.verification ? (
        <p className="fix-verification" data-testid={`fix-verification-${outcome.fixId}`} data-passed={outcome.verification.passed}>
          <Icon name={outcome.verification.passed ? 'check-circle' : 'alert'} size={16} />
          {outcome.verification.passed
            ? // What was checked, in the check's words (a saved file is not "the problem is gone").
              `Checked again afterwards: ${outcome.verification.checks.map((c) => c.summary).join(' ') || 'the change is in place.'}`
            : `Checked again afterwards: still a problem (${outcome.verification.checks
                .filter((c) => c.status === 'fail' || c.status === 'warn')
                .map((c) => checkName(c.id))
                .join(', ') || 'see the checks'}).`}
        </p>
      ) : null}
      <div className="button-row">
        <button type="button" className="btn btn-primary btn-small" onClick={onCheckAgain} data-testid="check-again-after-fix">
          <Icon name="refresh" size={15} />
          Check again
        </button>
        {onUndo ? (
          <button type="button" className="btn btn-small" onClick={onUndo} disabled={undoing} data-testid={`fix-undo-${outcome.fixId}`}>
            {undoing ? <Spinner size={15} /> : <Icon name="undo" size={15} />}
            Undo
          </button>
        ) : null}
      </div>
    </div>
  );
}
