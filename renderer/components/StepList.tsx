/** The wizard's steps: done / current / upcoming; earlier (reached) steps are buttons. */
import { STEPS, stepIndex, type StepId } from '../../shared/steps';
import { verdictLook } from '../lib/status';
import { isCheckStep, stepVerdict, useWizard } from '../store/wizard';
import { STEP_ICON } from '../steps/StepHeader';
import { Icon, Spinner } from './Icon';

function useStepStatus(step: StepId): { label: string; tone: string; icon: React.ReactNode } {
  const run = useWizard((s) => (isCheckStep(step) ? s.runs[step] : undefined));
  const skipped = useWizard((s) => (isCheckStep(step) ? s.skips[step] : undefined));
  const verdict = useWizard((s) => (isCheckStep(step) ? stepVerdict(s, step) : null));
  if (run?.state === 'running') return { label: 'checking', tone: 'accent', icon: <Spinner size={16} /> };
  // A failed step stays red when the user moves on (skipped or not): the verdict is the diagnosis's.
  if (skipped && !(verdict && verdict.verdict !== 'not-checked' && verdict.verdict !== 'cancelled'))
    return { label: 'skipped', tone: 'neutral', icon: <Icon name="skip" size={16} /> };
  if (verdict) {
    const look = verdictLook(verdict);
    return { label: look.label.toLowerCase(), tone: look.tone, icon: <Icon name={look.icon} size={16} /> };
  }
  if (run?.state === 'error') return { label: 'could not run', tone: 'danger', icon: <Icon name="alert" size={16} /> };
  if (run?.state === 'cancelled') return { label: 'cancelled', tone: 'neutral', icon: <Icon name="stop" size={16} /> };
  return { label: '', tone: 'neutral', icon: null };
}

function StepItem({ step, n }: { step: (typeof STEPS)[number]; n: number }) {
  const current = useWizard((s) => s.current === step.id);
  const reachable = useWizard((s) => stepIndex(step.id) <= s.furthest && (step.id === 'target' || s.target !== null || (step.id === 'summary' && s.viewing !== null)));
  const goTo = useWizard((s) => s.goTo);
  const status = useStepStatus(step.id);
  const verdict = useWizard((s) => (isCheckStep(step.id) ? (stepVerdict(s, step.id)?.verdict ?? null) : null));
  const state = current ? 'current' : reachable ? 'reached' : 'upcoming';
  const content = (
    <>
      <span className={`step-marker tone-${status.tone}`} aria-hidden="true">
        {status.icon ?? <Icon name={STEP_ICON[step.id]} size={16} />}
      </span>
      <span className="step-text">
        <span className="step-number">
          Step {n}
          <span className="visually-hidden">: </span>
        </span>
        <span className="step-label">{step.label}</span>
        {status.label ? (
          <span className={`step-status tone-${status.tone}`}>
            <span className="visually-hidden">, </span>
            {status.label}
          </span>
        ) : null}
        {state === 'upcoming' ? <span className="visually-hidden">, not reached yet</span> : null}
      </span>
    </>
  );
  return (
    <li className={`step-item ${state}`} data-testid={`step-${step.id}`} data-state={state} data-verdict={verdict ?? undefined}>
      {reachable || current ? (
        <button type="button" className="step-button" onClick={() => goTo(step.id)} aria-current={current ? 'step' : undefined}>
          {content}
        </button>
      ) : (
        <span className="step-button disabled">
          {content}
        </span>
      )}
    </li>
  );
}

export function StepList() {
  return (
    <nav className="step-nav" aria-label="Diagnosis steps">
      <ol className="step-list">
        {STEPS.map((step, i) => (
          <StepItem key={step.id} step={step} n={i + 1} />
        ))}
      </ol>
    </nav>
  );
}
