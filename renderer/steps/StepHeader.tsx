import type { ReactNode } from 'react';
import { stepDefinition, type StepId } from '../../shared/steps';
import { Icon, type IconName } from '../components/Icon';

export const STEP_ICON: Record<StepId, IconName> = {
  target: 'target',
  reachability: 'network',
  certificate: 'certificate',
  security: 'lock',
  addressing: 'address',
  stability: 'pulse',
  summary: 'summary',
};

/** The step's title (h2, focused when the step opens), its purpose, and actions on the right. */
export function StepHeader({ step, actions, showChecks = true }: { step: StepId; actions?: ReactNode; showChecks?: boolean }) {
  const def = stepDefinition(step);
  return (
    <header className="step-header">
      <div className="step-header-main">
        <span className="step-header-icon">
          <Icon name={STEP_ICON[step]} size={24} />
        </span>
        <div>
          <h2 className="step-title" id="step-title" tabIndex={-1}>
            {def.label}
          </h2>
          <p className="step-purpose">{def.purpose}</p>
        </div>
        {actions ? <div className="step-actions">{actions}</div> : null}
      </div>
      {showChecks && def.checks.length > 0 ? (
        <details className="disclosure step-checks">
          <summary>
            <Icon name="chevron-right" size={16} className="disclosure-icon" />
            What this step checks
          </summary>
          <ul>
            {def.checks.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </header>
  );
}
