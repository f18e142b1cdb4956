/**
 * What every check step shows, around its own evidence view: header with "Check again", progress and
 * Cancel while running, the verdict, what could not be checked and why, the step's findings with
 * their fixes, and the list of checks. Plain words first: the verdict and its sentence, the one next
 * action, then the rest under "What we saw" (closed); IT detail shows everything open.
 */
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CheckResult } from '../../shared/model';
import type { CheckStepId } from '../../shared/steps';
import { CheckList } from '../components/CheckList';
import { InlineError } from '../components/ErrorAlert';
import { FindingCard } from '../components/FindingCard';
import { leadFinding, NextAction } from '../components/NextAction';
import { Icon, Spinner } from '../components/Icon';
import { RunPanel } from '../components/RunPanel';
import { VerdictBanner } from '../components/VerdictBanner';
import { checkLabel, checkName, notApplicableHere } from '../lib/status';
import { useSettings } from '../store/settings';
import { anyRunning, stepCauses, stepFindings, stepResults, stepVerdict, useWizard } from '../store/wizard';
import { StepHeader } from './StepHeader';

/**
 * `plainSummary`: what a step shows in plain words above "What we saw" (the stability step: where the
 * connections were cut, in words).
 */
export function CheckStepLayout({
  step,
  children,
  plainSummary,
}: {
  step: CheckStepId;
  children: (results: CheckResult[]) => ReactNode;
  plainSummary?: (results: CheckResult[]) => ReactNode;
}) {
  const plain = useSettings((s) => s.audience === 'plain');
  const run = useWizard((s) => s.runs[step]);
  const skip = useWizard((s) => s.skips[step]);
  const runStep = useWizard((s) => s.runStep);
  const busy = useWizard(anyRunning);
  const diagnosis = useWizard((s) => s.diagnosis);
  const verdict = useWizard((s) => stepVerdict(s, step));
  const results = useWizard(useShallow((s) => stepResults(s, step)));
  const running = run?.state === 'running';
  // Every verdict and finding shown here comes from the session's one diagnosis (while the step checks
  // again, the findings it had stay in place, so an open fix card stays open).
  const findings = stepFindings(diagnosis, step);
  const causes = stepCauses(diagnosis, step);
  const skippedOrFailed = results.filter((r) => r.status === 'skipped' || r.status === 'error');
  // The Windows checks off Windows: one line for all of them, not one each.
  const notWindows = skippedOrFailed.filter(notApplicableHere);
  const notChecked = skippedOrFailed.filter((r) => !notApplicableHere(r));
  // Plain words lead with one finding's next action: the step's own, else the cause it names.
  const lead = leadFinding(findings);
  const cause = lead ? undefined : leadFinding(causes);
  const others = plain && lead ? findings.filter((f) => f !== lead) : findings;
  // Nothing to check for this target (an IP address has no other addresses): the verdict says so, and
  // there is no evidence, finding or check to show under it.
  const nothing = verdict?.nothingToCheck === true && results.length === 0 && findings.length === 0 && causes.length === 0;

  const again = (
    <button type="button" className="btn" onClick={() => void runStep(step, true)} disabled={busy} data-testid="check-again">
      {running ? <Spinner size={16} /> : <Icon name="refresh" size={16} />}
      {verdict || run ? 'Check again' : 'Run the checks'}
    </button>
  );

  const details = (
    <>
      {skippedOrFailed.length > 0 && !running ? (
        <section className="card not-checked" aria-labelledby={`${step}-not-checked`}>
          <h3 className="card-title" id={`${step}-not-checked`}>
            <Icon name="skip" size={18} /> What could not be checked
          </h3>
          <ul className="plain-list">
            {notChecked.map((r, i) => (
              <li key={`${r.id}-${r.address ?? ''}-${i}`}>
                <strong>{checkLabel(r, run?.labels)}</strong>
                {r.address ? <span className="chip mono">{r.address}</span> : null}: {r.reason ?? r.summary}
              </li>
            ))}
            {notWindows.length > 0 ? (
              <li data-testid="not-windows">
                <strong>Windows settings of this computer</strong> ({notWindows.map((r) => checkName(r.id, run?.labels)).join(', ')}): not applicable here, these
                checks read Windows settings and run on Windows only.
              </li>
            ) : null}
          </ul>
        </section>
      ) : null}

      {results.length > 0 ? children(results) : null}

      {causes.length > 0 ? (
        <section className="findings" aria-labelledby={`${step}-causes`} data-testid="step-causes">
          <h3 className="section-title" id={`${step}-causes`}>
            Why this step did not pass
          </h3>
          {causes.map((f, i) => (
            <FindingCard key={`${f.id}-${f.address ?? ''}-${i}`} finding={f} compact nextLine={!plain} />
          ))}
        </section>
      ) : null}

      {others.length > 0 ? (
        <section className="findings" aria-labelledby={`${step}-findings`} data-testid="step-findings">
          <h3 className="section-title" id={`${step}-findings`}>
            {plain && lead ? 'Also found' : 'What we found'}
          </h3>
          {others.map((f, i) => (
            <FindingCard key={`${f.id}-${f.address ?? ''}-${i}`} finding={f} compact={plain} nextLine={false} />
          ))}
        </section>
      ) : null}

      <CheckList results={results} running={run?.running ?? []} {...(run ? { labels: run.labels } : {})} title="All checks in this step" />
    </>
  );

  return (
    <>
      <StepHeader step={step} actions={again} />
      {running && run ? <RunPanel step={step} run={run} /> : null}
      {verdict ? <VerdictBanner verdict={verdict} {...(skip ? { skippedReason: skip.reason } : {})} /> : null}
      {run?.state === 'cancelled' && !verdict ? (
        <p className="notice tone-neutral" data-testid="step-verdict" data-verdict="cancelled">
          <Icon name="stop" size={16} />
          <span>Cancelled. Use “Check again” to run this step’s checks.</span>
        </p>
      ) : null}
      {run?.state === 'error' ? <InlineError message={`The checks could not run: ${run.error ?? 'unknown error'}`} testId="step-error" /> : null}
      {!run && !verdict ? (
        <p className="notice tone-neutral">
          <Icon name="info" size={16} />
          <span>These checks have not run yet.</span>
        </p>
      ) : null}

      {plain && !running && verdict && results.length > 0 && plainSummary ? plainSummary(results) : null}
      {plain && !running && lead ? (
        // The lead finding itself, as its next action (the step's findings, as the IT view lists them).
        <div data-testid="step-findings">
          <NextAction finding={lead} asFinding />
        </div>
      ) : null}
      {plain && !running && cause ? <NextAction finding={cause} /> : null}
      {nothing ? null : plain && !running && (verdict || run) ? (
        <details className="card what-we-saw" data-testid="what-we-saw">
          <summary>
            <Icon name="chevron-right" size={16} className="disclosure-icon" />
            What we saw
          </summary>
          <div className="what-we-saw-body">{details}</div>
        </details>
      ) : (
        details
      )}
    </>
  );
}
