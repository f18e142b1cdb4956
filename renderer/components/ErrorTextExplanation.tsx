/** What the pasted error dialog says, recognised by shared/errorCodes: the codes, one sentence, where the cause usually is. */
import { recognizeErrorText } from '../../shared/errorCodes';
import { stepDefinition } from '../../shared/steps';
import { useSettings } from '../store/settings';
import { Icon } from './Icon';

export function ErrorTextExplanation({ text }: { text: string }) {
  const it = useSettings((s) => s.audience === 'it');
  const found = text.trim() === '' ? null : recognizeErrorText(text);
  if (!found) {
    return text.trim() === '' ? null : (
      <p className="muted small" data-testid="error-not-recognised">
        No known error code in this text; the checks will find out what happens.
      </p>
    );
  }
  const steps = found.likelySteps.filter((s) => s !== 'target' && s !== 'summary').map((s) => stepDefinition(s).label);
  return (
    <div className="notice tone-info" data-testid="error-recognised">
      <Icon name="info" size={16} />
      <div>
        <p>
          {found.codes.length > 0 ? <strong className="mono">{[...new Set(found.codes)].join(' / ')}: </strong> : null}
          {found.meaning}
        </p>
        {steps.length > 0 ? <p className="small muted">The cause is usually found under: {steps.join(', ')}.</p> : null}
        {it && (found.main || found.extended) ? (
          <p className="small mono">
            {[found.main, found.extended]
              .filter((x) => x !== undefined)
              .map((x) => `${x.code} ${x.name}`)
              .join(' · ')}
          </p>
        ) : null}
      </div>
    </div>
  );
}
