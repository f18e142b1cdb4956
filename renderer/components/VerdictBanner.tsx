import type { StepVerdict } from '../../shared/model';
import { VERDICT_LOOK } from '../lib/status';
import { Icon } from './Icon';

/** The step's verdict from the real results: tone, a label and the rules' one-line headline. */
export function VerdictBanner({ verdict, skippedReason }: { verdict: StepVerdict; skippedReason?: string }) {
  const look = VERDICT_LOOK[verdict.verdict];
  return (
    <div className={`verdict tone-${look.tone}`} data-testid="step-verdict" data-verdict={verdict.verdict} data-step={verdict.step}>
      <span className="verdict-icon">
        <Icon name={look.icon} size={26} />
      </span>
      <div>
        <p className="verdict-label">{look.label}</p>
        <p className="verdict-headline">{verdict.headline}</p>
        {skippedReason ? <p className="verdict-skip">You chose to skip this step: {skippedReason}</p> : null}
      </div>
    </div>
  );
}
