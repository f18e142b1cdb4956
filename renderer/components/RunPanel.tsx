import { stepDefinition, type CheckStepId } from '../../shared/steps';
import { runProgress, useWizard, type StepRun } from '../store/wizard';
import { Icon } from './Icon';
import { ProgressBar } from './ProgressBar';

/** Progress of the step's checks and the Cancel button, while they run. */
export function RunPanel({ step, run }: { step: CheckStepId; run: StepRun }) {
  const cancel = useWizard((s) => s.cancel);
  const { done, total } = runProgress(run);
  const now = run.running[0];
  const detail = now ? `${now.label}${now.address && !now.label.includes(now.address) ? ` (${now.address})` : ''}` : 'Starting…';
  return (
    <div className="card run-panel">
      <ProgressBar done={done} total={total} label={run.steps.length > 1 ? 'Checking every step' : `Checking: ${stepDefinition(step).label}`} detail={detail} />
      <button type="button" className="btn" onClick={() => void cancel(step)} data-testid="cancel-button">
        <Icon name="stop" size={16} />
        Cancel
      </button>
    </div>
  );
}
