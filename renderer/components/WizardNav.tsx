/**
 * Back / Skip / Next. Next is never disabled: a step that did not pass stays red in the step list
 * when the user moves on. "Skip with a reason" stays for a step the user chooses not to act on.
 */
import { useState } from 'react';
import { STEP_IDS, stepDefinition, stepIndex } from '../../shared/steps';
import { nothingToCheck } from '../../shared/report/view';
import { isCheckStep, stepVerdict, useWizard } from '../store/wizard';
import { Icon } from './Icon';
import { SkipDialog } from './SkipDialog';

export function WizardNav() {
  const current = useWizard((s) => s.current);
  const viewing = useWizard((s) => s.viewing);
  const run = useWizard((s) => (isCheckStep(s.current) ? s.runs[s.current] : undefined));
  const verdict = useWizard((s) => (isCheckStep(s.current) ? (stepVerdict(s, s.current)?.verdict ?? null) : null));
  const skipped = useWizard((s) => (isCheckStep(s.current) ? s.skips[s.current] !== undefined : false));
  // Nothing to check for this target (an IP address has no other addresses): the engine says so, nothing to skip either.
  const nothingHere = useWizard((s) => {
    const v = isCheckStep(s.current) ? stepVerdict(s, s.current) : null;
    return v !== null && nothingToCheck(v);
  });
  const { back, next, skip } = useWizard.getState();
  const [skipping, setSkipping] = useState(false);
  const index = stepIndex(current);
  const following = STEP_IDS[index + 1];
  const running = run?.state === 'running';
  const checkStep = isCheckStep(current);
  const passed = verdict === 'pass';
  const unresolved = checkStep && !running && !skipped && !passed && !nothingHere && (verdict !== null || run?.state === 'error');
  const hint = unresolved ? 'This step did not pass: it stays marked in the step list when you go on.' : null;

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
      {unresolved ? (
        <button type="button" className="btn" onClick={() => setSkipping(true)} data-testid="skip-button">
          Skip with a reason…
        </button>
      ) : null}
      {following ? (
        <button type="button" className="btn btn-primary" onClick={next} aria-describedby={hint ? 'next-hint' : undefined} data-testid="next-button">
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
