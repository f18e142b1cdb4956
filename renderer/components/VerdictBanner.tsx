import type { StepVerdict } from '../../shared/model';
import { plainHeadline } from '../lib/plainText';
import { verdictLook } from '../lib/status';
import { useSettings } from '../store/settings';
import { Icon } from './Icon';

/**
 * The step's verdict from the real results: tone, a label and the rules' one-line headline; in plain
 * words without the IT terms a headline made from the checks may carry (those are in IT detail).
 */
export function VerdictBanner({ verdict, skippedReason }: { verdict: StepVerdict; skippedReason?: string }) {
  const plain = useSettings((s) => s.audience === 'plain');
  const look = verdictLook(verdict);
  const headline = plain ? plainHeadline(verdict) : verdict.headline;
  return (
    <div className={`verdict tone-${look.tone}`} data-testid="step-verdict" data-verdict={verdict.verdict} data-step={verdict.step}>
      <span className="verdict-icon">
        <Icon name={look.icon} size={26} />
      </span>
      <div>
        <p className="verdict-label">{look.label}</p>
        <p className="verdict-headline">{headline}</p>
        {skippedReason ? <p className="verdict-skip">You chose to skip this step: {skippedReason}</p> : null}
      </div>
    </div>
  );
}
