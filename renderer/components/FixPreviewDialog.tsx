/**
 * What an automatic fix will do, from the service's preview: changes, commands, risk. The user
 * ticks a consent box before Apply; heavy repairs then ask a second time.
 */
import { useId, useState } from 'react';
import type { FixPreview } from '../../shared/contract';
import { CommandBlock } from './CommandBlock';
import { Dialog } from './Dialog';
import { Icon, Spinner } from './Icon';
import { InlineError } from './ErrorAlert';

export function FixPreviewDialog({
  preview,
  applying,
  error,
  onApply,
  onClose,
  onStop,
}: {
  preview: FixPreview;
  applying: boolean;
  error: string | null;
  onApply: (secondConfirmation: boolean) => void;
  onClose: () => void;
  /** While applying: stops the fix (the service ends its scripts; the undo record keeps what was done). */
  onStop: () => void;
}) {
  const [consent, setConsent] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const consentId = useId();

  const apply = (): void => {
    if (!consent) return;
    if (preview.requiresSecondConfirmation) setConfirming(true);
    else onApply(false);
  };

  return (
    <>
      <Dialog
        open={!confirming}
        title={`Preview: ${preview.title}`}
        onClose={onClose}
        testId="fix-preview"
        footer={
          <>
            {applying ? (
              <button type="button" className="btn" onClick={onStop} data-testid="fix-stop">
                Stop
              </button>
            ) : (
              <button type="button" className="btn" onClick={onClose}>
                Close
              </button>
            )}
            {preview.applicable ? (
              <button type="button" className="btn btn-primary" onClick={apply} disabled={!consent || applying} data-testid="fix-apply">
                {applying ? <Spinner size={16} /> : <Icon name="wrench" size={16} />}
                {applying ? 'Applying…' : 'Apply'}
              </button>
            ) : null}
          </>
        }
      >
        {!preview.applicable ? (
          <p className="notice tone-neutral">
            <Icon name="info" size={16} />
            <span>{preview.notApplicableReason ?? 'RDP Doctor cannot apply this fix here.'} The commands below still work by hand.</span>
          </p>
        ) : null}
        <dl className="facts">
          <div>
            <dt>Risk</dt>
            <dd>{preview.risk}</dd>
          </div>
          <div>
            <dt>Administrator rights</dt>
            <dd>{preview.requiresElevation ? 'Needed: Windows will ask for them.' : 'Not needed.'}</dd>
          </div>
          <div>
            <dt>Undo</dt>
            <dd>{preview.undoable ? 'Possible: RDP Doctor records what it changes first.' : 'Not possible automatically.'}</dd>
          </div>
        </dl>
        {preview.changes.length > 0 ? (
          <>
            <h3 className="sub-title">What will change</h3>
            <ol className="change-list">
              {preview.changes.map((c, i) => (
                <li key={i} className="change-item">
                  <p className="change-what">{c.description}</p>
                  {c.location ? <p className="mono small wrap change-where">{c.location}</p> : null}
                  {c.before !== undefined || c.after !== undefined ? (
                    <p className="change-diff small">
                      <span className="mono">{c.before ?? '—'}</span>
                      <Icon name="arrow-right" size={14} />
                      <span className="mono strong">{c.after ?? '—'}</span>
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          </>
        ) : null}
        {preview.commands.length > 0 ? (
          <>
            <h3 className="sub-title">The same by hand (commands to copy)</h3>
            {preview.commands.map((c, i) => (
              <CommandBlock key={i} command={c} />
            ))}
          </>
        ) : null}
        {preview.applicable ? (
          <label className="consent" htmlFor={consentId}>
            <input id={consentId} type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} data-testid="fix-consent" data-autofocus />
            <span>I have read what this changes and I want RDP Doctor to apply it.</span>
          </label>
        ) : null}
        <InlineError message={error} testId="fix-error" />
      </Dialog>
      <Dialog
        open={confirming}
        title="Apply this heavy repair?"
        tone="danger"
        onClose={() => setConfirming(false)}
        testId="fix-second-confirmation"
        footer={
          <>
            <button type="button" className="btn" onClick={() => setConfirming(false)} data-autofocus>
              Go back
            </button>
            <button
              type="button"
              className="btn btn-danger"
              disabled={applying}
              data-testid="fix-confirm-apply"
              onClick={() => onApply(true)}
            >
              {applying ? <Spinner size={16} /> : null}
              Yes, apply it
            </button>
          </>
        }
      >
        <p>{preview.risk}</p>
        <p className="muted">{preview.undoable ? 'RDP Doctor keeps an undo record before it changes anything.' : 'This cannot be undone automatically.'}</p>
        <InlineError message={error} testId="fix-error-confirm" />
      </Dialog>
    </>
  );
}
