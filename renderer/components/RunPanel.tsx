import { useEffect, useState } from 'react';
import { stepDefinition, type CheckStepId } from '../../shared/steps';
import { useSettings } from '../store/settings';
import { runProgress, useWizard, type StepRun } from '../store/wizard';
import { Icon } from './Icon';
import { waitingFor } from '../lib/progress';
import { ProgressBar } from './ProgressBar';

/** Progress of the step's checks (with the time left while one waits for an answer) and the Cancel button, while they run. */
export function RunPanel({ step, run }: { step: CheckStepId; run: StepRun }) {
  const cancel = useWizard((s) => s.cancel);
  const timeoutMs = useSettings((s) => s.timeoutMs);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, []);
  const { done, total } = runProgress(run);
  const now0 = run.running[0];
  // The check that has waited longest decides the time left.
  const oldest = run.running.reduce<number | undefined>((min, c) => (c.startedAt !== undefined && (min === undefined || c.startedAt < min) ? c.startedAt : min), undefined);
  const waiting = waitingFor(oldest, timeoutMs, now);
  const detail = now0 ? `${now0.label}${now0.address && !now0.label.includes(now0.address) ? ` (${now0.address})` : ''}` : 'Starting…';
  return (
    <div className="card run-panel">
      <ProgressBar done={done} total={total} label={run.steps.length > 1 ? 'Checking every step' : `Checking: ${stepDefinition(step).label}`} detail={detail} waiting={waiting} />
      <button type="button" className="btn" onClick={() => void cancel(step)} data-testid="cancel-button">
        <Icon name="stop" size={16} />
        Cancel
      </button>
    </div>
  );
}
