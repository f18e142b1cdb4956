/**
 * The one next action for a remote worker (plain words): what to do on this computer when a fix there
 * repairs it, otherwise "Send this to IT" with what to tell them and a button that makes the report.
 * The other options stay one click away: the rest of this computer's options, or what IT can do
 * (IT's order: repairs first, least invasive first).
 */
import { actionableBy, orderFixes } from '../../shared/catalog/fixOrder';
import type { Finding } from '../../shared/model';
import { findingKey } from '../lib/findings';
import { SEVERITY_LOOK } from '../lib/status';
import { FixCard } from './FixCard';
import { Icon } from './Icon';
import { useWizard } from '../store/wizard';
import { SendToIt } from './SendToIt';

/** The finding a step or a summary leads with: the most serious one that asks for action. */
export function leadFinding(findings: readonly Finding[]): Finding | undefined {
  return findings.find((f) => f.severity === 'error') ?? findings.find((f) => f.severity === 'warning');
}

/** "Send this to IT: <what to tell them>." The sentence for IT, or the finding's title. */
export function sendToItText(finding: Pick<Finding, 'forIt' | 'title'>): string {
  const what = finding.forIt ?? finding.title.charAt(0).toLowerCase() + finding.title.slice(1);
  return `${what.replace(/[.\s]+$/, '')}.`;
}

/**
 * `asFinding` (a step's page): the card stands for the finding itself (its test id and severity), as
 * the finding is not repeated below; the summary lists every finding and leaves it off.
 */
export function NextAction({ finding, asFinding = false }: { finding: Finding; asFinding?: boolean }) {
  const tone = SEVERITY_LOOK[finding.severity].tone;
  const plainOrder = orderFixes(finding.fixes, 'plain');
  const first = plainOrder[0];
  const mine = first !== undefined && actionableBy(first, 'plain');
  const id = `next-${findingKey(finding).replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const more = mine ? plainOrder.slice(1) : orderFixes(finding.fixes, 'it');
  // A fix tried in this session keeps its card (and its outcome) in view when the step checks again.
  const tried = useWizard((s) => more.some((f) => s.fixes.some((r) => r.fixId === f.id)));

  return (
    <section
      className={`card next-step-card tone-${tone}`}
      aria-labelledby={id}
      {...(asFinding ? { 'data-testid': `finding-${finding.id}`, 'data-finding-id': finding.id, 'data-step': finding.step, 'data-severity': finding.severity } : {})}
    >
      <div className="next-step-main" data-testid="next-action" data-kind={mine ? 'here' : 'send-to-it'}>
        <h3 className="next-action-title" id={id}>
          <Icon name="arrow-right" size={18} /> What to do next
        </h3>
        {mine ? (
          <>
            {/* Why, in the finding's own plain words, then what to do about it here. */}
            <p className="finding-text">{finding.plain}</p>
            <FixCard fix={first} finding={finding} option={1} level={4} />
          </>
        ) : (
          <>
            <p className="next-action-line" data-testid="send-to-it-text">
              <strong>Send this to IT:</strong> {sendToItText(finding)}
            </p>
            <SendToIt />
          </>
        )}
      </div>
      {more.length > 0 ? (
        <details className="disclosure" open={tried || undefined}>
          <summary>
            <Icon name="chevron-right" size={16} className="disclosure-icon" />
            {mine ? `${more.length === 1 ? 'One more option' : `${more.length} more options`}, if that does not help` : `What IT can do (${more.length})`}
          </summary>
          <div className="fixes">
            {more.map((fix, i) => (
              <FixCard key={fix.id} fix={fix} finding={finding} option={mine ? i + 2 : i + 1} level={4} />
            ))}
          </div>
        </details>
      ) : null}
    </section>
  );
}
