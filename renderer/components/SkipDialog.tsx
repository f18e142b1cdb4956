/** Leave a step that did not pass: the user picks or types why; the reason shows in the summary. */
import { useId, useState } from 'react';
import { stepDefinition, type CheckStepId } from '../../shared/steps';
import { Dialog } from './Dialog';

const REASONS = [
  'I will come back to this later',
  'This does not apply to the computer I connect to',
  'I cannot change anything on the server',
  'IT staff are already looking at this',
];

export function SkipDialog({ step, open, onClose, onSkip }: { step: CheckStepId; open: boolean; onClose: () => void; onSkip: (reason: string) => void }) {
  const [choice, setChoice] = useState<string>(REASONS[0]!);
  const [other, setOther] = useState('');
  const name = useId();
  const otherId = useId();
  const reason = choice === 'other' ? other.trim() : choice;
  return (
    <Dialog
      open={open}
      title={`Skip “${stepDefinition(step).label}”?`}
      onClose={onClose}
      testId="skip-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Stay on this step
          </button>
          <button type="button" className="btn btn-primary" disabled={reason === ''} onClick={() => onSkip(reason)} data-testid="skip-confirm">
            Skip and continue
          </button>
        </>
      }
    >
      <p>This step has not passed. Say why you move on: the reason is shown in the summary and the report.</p>
      <fieldset className="radio-group">
        <legend className="field-label">Reason</legend>
        {REASONS.map((r, i) => (
          <label key={r} className="radio">
            <input type="radio" name={name} value={r} checked={choice === r} onChange={() => setChoice(r)} {...(i === 0 ? { 'data-autofocus': true } : {})} />
            <span>{r}</span>
          </label>
        ))}
        <label className="radio">
          <input type="radio" name={name} value="other" checked={choice === 'other'} onChange={() => setChoice('other')} data-testid="skip-other" />
          <span>Another reason</span>
        </label>
        {choice === 'other' ? (
          <div className="field">
            <label htmlFor={otherId} className="field-label small">
              Your reason
            </label>
            <input id={otherId} className="input" type="text" maxLength={500} value={other} onChange={(e) => setOther(e.target.value)} data-testid="skip-reason" autoFocus />
          </div>
        ) : null}
      </fieldset>
    </Dialog>
  );
}
