/**
 * Target: which computer, validated as the user types (one-line reason), examples, recent targets,
 * the error text (recognised when possible), and "Start diagnosis".
 */
import { useId, useRef, useState } from 'react';
import { parseTarget } from '../../shared/target';
import { HistoryList } from '../components/HistoryList';
import { Icon } from '../components/Icon';
import { ErrorTextExplanation } from '../components/ErrorTextExplanation';
import { useSettings } from '../store/settings';
import { useWizard } from '../store/wizard';
import { StepHeader } from './StepHeader';

const EXAMPLES = ['pc-042.corp.example', '10.0.0.5', 'rds.example.com:3390', '[2001:db8::5]'];

const KIND_WORDS = { dns: 'host name', ipv4: 'IPv4 address', ipv6: 'IPv6 address' } as const;

export function TargetStep() {
  const input = useWizard((s) => s.targetInput);
  const setInput = useWizard((s) => s.setTargetInput);
  const errorText = useWizard((s) => s.errorText);
  const setErrorText = useWizard((s) => s.setErrorText);
  const start = useWizard((s) => s.start);
  const recent = useSettings((s) => s.recentTargets);
  const clearRecent = useSettings((s) => s.clearRecentTargets);
  const [attempted, setAttempted] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const errorId = useId();
  const hintId = useId();
  const pasteId = useId();

  const parsed = parseTarget(input);
  const showError = !parsed.ok && (attempted || input.trim() !== '');

  const submit = (event: React.FormEvent): void => {
    event.preventDefault();
    setAttempted(true);
    if (!start()) inputRef.current?.focus();
  };

  const pick = (value: string): void => {
    setInput(value);
    inputRef.current?.focus();
  };

  return (
    <>
      <StepHeader step="target" />
      <form className="card target-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={inputId} className="field-label">
            Computer name or address
          </label>
          <div className="input-row">
            <input
              ref={inputRef}
              id={inputId}
              className={showError ? 'input input-large invalid' : 'input input-large'}
              type="text"
              value={input}
              onChange={(e) => setInput(e.target.value)}
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              maxLength={300}
              placeholder="pc-042.corp.example"
              aria-invalid={showError}
              aria-describedby={showError ? errorId : hintId}
              data-testid="target-input"
            />
            <button type="submit" className="btn btn-primary btn-large" data-testid="start-button">
              <Icon name="stethoscope" size={18} />
              Start diagnosis
            </button>
          </div>
          <p className="field-message" aria-live="polite">
            {showError && !parsed.ok ? (
              <span className="field-error" id={errorId} data-testid="target-error">
                <Icon name="alert" size={15} />
                {parsed.reason}
              </span>
            ) : parsed.ok ? (
              <span className="field-ok" id={hintId} data-testid="target-parsed">
                <Icon name="check" size={15} />
                Will check the {KIND_WORDS[parsed.target.kind]} <span className="mono">{parsed.target.host}</span> on port {parsed.target.port}
                {parsed.target.port === 3389 ? ' (the Remote Desktop default)' : ''}.
              </span>
            ) : (
              <span className="muted" id={hintId}>
                The name or IP address you type in Remote Desktop Connection, optionally with :port.
              </span>
            )}
          </p>
        </div>
        <div className="examples">
          <span className="muted small" id={`${inputId}-examples`}>
            Examples:
          </span>
          <ul className="chip-list" aria-labelledby={`${inputId}-examples`}>
            {EXAMPLES.map((ex) => (
              <li key={ex}>
                <button type="button" className="chip chip-button mono" onClick={() => pick(ex)}>
                  {ex}
                </button>
              </li>
            ))}
          </ul>
        </div>
        {recent.length > 0 ? (
          <div className="examples">
            <span className="muted small" id={`${inputId}-recent`}>
              Recent:
            </span>
            <ul className="chip-list" aria-labelledby={`${inputId}-recent`} data-testid="recent-targets">
              {recent.map((t) => (
                <li key={t}>
                  <button type="button" className="chip chip-button mono" onClick={() => pick(t)}>
                    <Icon name="clock" size={13} />
                    {t}
                  </button>
                </li>
              ))}
            </ul>
            <button type="button" className="btn btn-ghost btn-small" onClick={clearRecent}>
              Clear
            </button>
          </div>
        ) : null}
        <details className="disclosure paste" open={errorText !== ''}>
          <summary>
            <Icon name="chevron-right" size={16} className="disclosure-icon" />
            Paste the error message (optional)
          </summary>
          <label htmlFor={pasteId} className="field-label small">
            Text of the Remote Desktop error dialog
          </label>
          <textarea
            id={pasteId}
            className="input textarea"
            rows={4}
            maxLength={4000}
            value={errorText}
            onChange={(e) => setErrorText(e.target.value)}
            placeholder="Because of a protocol error, this session will be disconnected… Error code: 0x904 Extended error code: 0x7"
            data-testid="error-text"
          />
          <ErrorTextExplanation text={errorText} />
        </details>
      </form>
      <HistoryList compact />
    </>
  );
}
