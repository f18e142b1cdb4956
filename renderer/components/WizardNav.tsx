/** Back / Skip / Next. Next leaves a check step only when it passed or was skipped with a reason. */
import { useState } from 'react';
import { STEP_IDS, stepDefinition, stepIndex } from '../../shared/steps';
import { canLeave, isCheckStep, useWizard } from '../store/wizard';
import { Icon } from './Icon';
import { SkipDialog } from './SkipDialog';

export function WizardNav() {
  const current = useWizard((s) => s.current);
  const viewing = useWizard((s) => s.viewing);
  const run = useWizard((s) => (isCheckStep(s.current) ? s.runs[s.current] : undefined));
  const leavable = useWizard((s) => canLeave(s, s.current));
  const { back, next, skip } = useWizard.getState();
  const [skipping, setSkipping] = useState(false);
  const index = stepIndex(current);
  const following = STEP_IDS[index + 1];
  const running = run?.state === 'running';
  const checkStep = isCheckStep(current);
  const hint = !checkStep || leavable ? null : running ? 'Wait for the checks to finish.' : 'Next opens when this step passes. Fix what was found and check again, or skip the step.';

  if (current === 'target' || (current === 'summary' && viewing)) return null;

  return (
    <footer className="wizard-nav">
      <button type="button" className="btn" onClick={back} disabled={index === 0} data-testid="back-button">
        <Icon name="arrow-left" size={16} />
        Back
      </button>
      <span className="nav-hint muted small" id="next-hint">
        {hint}
      </span>
      {checkStep && !leavable && !running && run ? (
        <button type="button" className="btn" onClick={() => setSkipping(true)} data-testid="skip-button">
          Skip this step…
        </button>
      ) : null}
      {following ? (
        <button
          type="button"
          className="btn btn-primary"
          onClick={next}
          disabled={!leavable}
          aria-describedby={hint ? 'next-hint' : undefined}
          data-testid="next-button"
        >
          Next: {stepDefinition(following).label}
          <Icon name="arrow-right" size={16} />
        </button>
      ) : null}
      {checkStep ? (
        <SkipDialog
          key={current}
          step={current}
          open={skipping}
          onClose={() => setSkipping(false)}
          onSkip={(reason) => {
            setSkipping(false);
            skip(current, reason);
          }}
        />
      ) : null}
    </footer>
  );
}
