/**
 * Summary: every finding ranked by severity with its evidence and next action, each step's verdict
 * (or why it was skipped), what was fixed and what is left, export, and earlier diagnoses.
 */
import { formatTarget } from '../../shared/target';
import { CHECK_STEPS, stepDefinition } from '../../shared/steps';
import { Badge } from '../components/Badge';
import { ExportPanel } from '../components/ExportPanel';
import { FindingCard } from '../components/FindingCard';
import { leadFinding, NextAction } from '../components/NextAction';
import { SendToIt } from '../components/SendToIt';
import { HistoryList } from '../components/HistoryList';
import { Icon } from '../components/Icon';
import { countBySeverity } from '../lib/findings';
import { formatDateTime, formatMs, plural } from '../lib/format';
import { plainHeadline } from '../lib/plainText';
import { SEVERITY_LOOK, verdictLook, type Tone } from '../lib/status';
import { useSettings } from '../store/settings';
import type { OverallVerdict } from '../../shared/model';
import { OVERALL_TEXT } from '../../shared/report/view';
import { leftToFix, overallVerdict } from '../../shared/rules/verdicts';
import type { IconName } from '../components/Icon';
import { anyRunning, appliedFixes, useWizard } from '../store/wizard';
import { StepHeader, STEP_ICON } from './StepHeader';

const OVERALL_TONE: Record<OverallVerdict, Tone> = { problems: 'danger', risks: 'warning', incomplete: 'neutral', healthy: 'success' };
const OVERALL_ICON: Record<OverallVerdict, IconName> = { problems: 'x-circle', risks: 'alert', incomplete: 'skip', healthy: 'check-circle' };

export function SummaryStep() {
  const diagnosis = useWizard((s) => s.diagnosis);
  const running = useWizard(anyRunning);
  const viewing = useWizard((s) => s.viewing);
  const fixes = useWizard((s) => s.fixes);
  const closeSaved = useWizard((s) => s.closeSaved);
  const goTo = useWizard((s) => s.goTo);
  const setTargetInput = useWizard((s) => s.setTargetInput);
  const plain = useSettings((s) => s.audience === 'plain');
  const onWindows = useSettings((s) => s.env?.platform === 'win32');
  // The session's diagnosis (saved by the service as it goes: the report and the history entry are
  // this same diagnosis), or one reopened from history. Nothing is combined here.
  const view = viewing ?? (running ? null : diagnosis);
  const applied = viewing ? [] : appliedFixes(fixes);

  if (!view) {
    return (
      <>
        <StepHeader step="summary" />
        <p className="notice tone-neutral">
          <Icon name="info" size={16} />
          <span>{running ? 'The checks are still running.' : 'No checks have run yet in this session.'}</span>
        </p>
        <HistoryList />
      </>
    );
  }

  const counts = countBySeverity(view.findings);
  const left = leftToFix(view);
  const overall = overallVerdict(view);
  const overallTone = OVERALL_TONE[overall];
  const lead = leadFinding(view.findings);
  const overallText =
    counts.error > 0
      ? `${plural(counts.error, 'problem')} found${counts.warning > 0 ? `, ${plural(counts.warning, 'risk')}` : ''}`
      : counts.warning > 0
        ? `No problem found; ${plural(counts.warning, 'risk')}`
        : overall === 'incomplete'
          ? 'No problem found so far'
          : 'No problems found';

  const fixedAndLeft = (
      <div className="two-col">
        <section className="card" aria-labelledby="fixed-title" data-testid="what-we-fixed">
          <h3 className="card-title" id="fixed-title">
            <Icon name="wrench" size={18} /> What we fixed
          </h3>
          {applied.length === 0 ? (
            <p className="muted">{viewing ? 'Fixes are recorded with the session they were applied in.' : 'Nothing was changed by RDP Doctor in this session.'}</p>
          ) : (
            <ul className="plain-list">
              {applied.map((f) => (
                <li key={f.fixId}>
                  <Icon name="check" size={15} /> <strong>{f.title}</strong>: {f.outcome.message}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="left-title" data-testid="what-is-left">
          <h3 className="card-title" id="left-title">
            <Icon name="alert" size={18} /> What is left
          </h3>
          {left.length === 0 ? (
            <p className="muted">Nothing: no cause of failure or risk remains in the latest checks.</p>
          ) : (
            <ul className="plain-list">
              {left.map((f, i) => (
                <li key={`${f.findingId ?? f.step}-${f.address ?? ''}-${i}`} data-left={f.findingId ?? f.step}>
                  <Badge tone={SEVERITY_LOOK[f.severity].tone}>{SEVERITY_LOOK[f.severity].label}</Badge> {f.title}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
  );

  return (
    <>
      <StepHeader step="summary" />
      {viewing ? (
        <div className="notice tone-info saved-banner" data-testid="viewing-saved">
          <Icon name="history" size={18} />
          <span>
            Saved diagnosis of <span className="mono">{viewing.input}</span> from {formatDateTime(viewing.createdAt)}.
          </span>
          <button type="button" className="btn btn-small" onClick={closeSaved}>
            <Icon name="arrow-left" size={15} />
            Back
          </button>
        </div>
      ) : null}

      <section className={`card overview tone-${overallTone}`} aria-labelledby="overview-title" data-testid="summary-overview" data-overall={overall} data-diagnosis-id={view.id}>
        <div className="overview-head">
          <span className={`overview-icon tone-${overallTone}`}>
            <Icon name={OVERALL_ICON[overall]} size={30} />
          </span>
          <div>
            <h3 className="overview-title" id="overview-title">
              {overallText}
            </h3>
            <p>{overall === 'healthy' ? 'The remote computer accepts Remote Desktop connections from here.' : OVERALL_TEXT[overall]}</p>
            <p className="muted small">
              <span className="mono">{formatTarget(view.target)}</span> · {formatDateTime(view.createdAt)} · checks took {formatMs(view.durationMs)}
            </p>
          </div>
          {!viewing ? (
            <div className="overview-actions">
              <button
                type="button"
                className="btn"
                data-testid="diagnose-another"
                onClick={() => {
                  setTargetInput('');
                  goTo('target');
                }}
              >
                <Icon name="refresh" size={16} />
                Diagnose another computer
              </button>
            </div>
          ) : null}
        </div>
        {overall === 'healthy' ? (
          <div className="what-that-leaves" data-testid="what-that-leaves">
            <h4 className="sub-title">If Remote Desktop still does not connect</h4>
            <ul className="plain-list">
              {onWindows ? (
                <li>
                  What is left is this computer: its firewall, security software and Remote Desktop settings. Each step lists what it checked here under
                  “What we saw”.
                </li>
              ) : (
                <li>
                  What is left is the Remote Desktop app on this computer: connect to <span className="mono">{formatTarget(view.target)}</span> exactly as
                  written here, try the connection file from “IP instead of host name”, and update the app.
                </li>
              )}
              <li>If it still fails, send the report to IT: it shows what works from here.</li>
            </ul>
            <SendToIt />
          </div>
        ) : null}
        <ol className="step-verdicts">
          {CHECK_STEPS.map((step) => {
            const v = view.verdicts.find((x) => x.step === step);
            const skip = view.skips?.find((x) => x.step === step);
            const look = v ? verdictLook(v) : null;
            return (
              <li key={step} className="step-verdict-row" data-testid={`summary-step-${step}`} data-verdict={v?.verdict ?? 'not-run'}>
                <Icon name={STEP_ICON[step]} size={18} />
                <span className="step-verdict-name">{stepDefinition(step).label}</span>
                {look ? <Badge tone={look.tone} icon={look.icon}>{look.label}</Badge> : <Badge tone="neutral">Not run</Badge>}
                <span className="step-verdict-text">
                  {v ? (plain ? plainHeadline(v) : v.headline) : ''}
                  {skip ? <em className="skip-reason"> Skipped: {skip.reason}</em> : null}
                </span>
                {!viewing ? (
                  <button type="button" className="btn btn-ghost btn-small" onClick={() => goTo(step)} aria-label={`Go to ${stepDefinition(step).label}`}>
                    <Icon name="chevron-right" size={15} />
                  </button>
                ) : null}
              </li>
            );
          })}
        </ol>
      </section>

      {plain && lead ? <NextAction finding={lead} /> : null}

      {plain ? (
        <details className="card what-we-saw" data-testid="what-we-saw">
          <summary>
            <Icon name="chevron-right" size={16} className="disclosure-icon" />
            What was fixed and what is left
          </summary>
          <div className="what-we-saw-body">{fixedAndLeft}</div>
        </details>
      ) : (
        fixedAndLeft
      )}

      {view.findings.length > 0 ? (
        <section className="findings" aria-labelledby="summary-findings" data-testid="summary-findings">
          <h3 className="section-title" id="summary-findings">
            All findings, most serious first
          </h3>
          {view.findings.map((f, i) => (
            <FindingCard key={`${f.id}-${f.address ?? ''}-${i}`} finding={f} compact nextLine={!(plain && f === lead)} />
          ))}
        </section>
      ) : null}

      <ExportPanel diagnosisId={view.id} fixed={applied.map((f) => f.outcome)} />
      <HistoryList />
    </>
  );
}
