/**
 * A finding: severity, title, what it means (plain words or IT detail), its evidence, and the fixes
 * least invasive first. Plain words show the one next action (the first fix) and keep the others
 * one click away; IT detail shows everything.
 */
import type { Finding } from '../../shared/model';
import { orderFixes } from '../../shared/catalog/fixOrder';
import { itTermsIn } from '../../shared/catalog/plainWords';
import { findingKey } from '../lib/findings';
import { SEVERITY_LOOK } from '../lib/status';
import { useSettings } from '../store/settings';
import { Badge } from './Badge';
import { EvidenceTable } from './EvidenceTable';
import { FixCard } from './FixCard';
import { Icon } from './Icon';

/**
 * `compact`: instead of the fix cards, the next action in one line (`nextLine`, default on; a page
 * that shows the next action above leaves it off).
 */
export function FindingCard({ finding, compact = false, nextLine = true }: { finding: Finding; compact?: boolean; nextLine?: boolean }) {
  const audience = useSettings((s) => s.audience);
  const look = SEVERITY_LOOK[finding.severity];
  const fixes = orderFixes(finding.fixes, audience);
  // Plain words leave out evidence that only speaks to IT (fingerprints, algorithm names, codes).
  const plainEvidence = finding.evidence.filter((e) => itTermsIn(`${e.label} ${e.value}`).length === 0);
  const itOnly = finding.evidence.length - plainEvidence.length;
  const [first, ...others] = fixes;
  const titleId = `finding-${findingKey(finding).replace(/[^A-Za-z0-9_-]/g, '_')}`;

  return (
    <article className={`finding tone-${look.tone}`} data-testid={`finding-${finding.id}`} data-finding-id={finding.id} data-severity={finding.severity} data-step={finding.step} aria-labelledby={titleId}>
      <header className="finding-head">
        <span className={`finding-icon tone-${look.tone}`}>
          <Icon name={look.icon} size={20} />
        </span>
        <div className="finding-heading">
          <h3 className="finding-title" id={titleId}>
            {finding.title}
          </h3>
          <div className="badge-row">
            <Badge tone={look.tone}>{look.label}</Badge>
            {finding.address ? <Badge tone="neutral">{finding.address}</Badge> : null}
            {audience === 'it' ? <code className="finding-id">{finding.id}</code> : null}
          </div>
        </div>
      </header>
      {audience === 'it' ? (
        <>
          <p className="finding-text pre-line">{finding.detail}</p>
          <EvidenceTable evidence={finding.evidence} />
        </>
      ) : (
        <>
          <p className="finding-text">{finding.plain}</p>
          {plainEvidence.length > 0 ? (
            <details className="disclosure">
              <summary>
                <Icon name="chevron-right" size={16} className="disclosure-icon" />
                What we saw ({plainEvidence.length})
              </summary>
              <EvidenceTable evidence={plainEvidence} />
              {itOnly > 0 ? <p className="muted small">{itOnly === 1 ? 'One more value is' : `${itOnly} more values are`} shown with IT detail on.</p> : null}
            </details>
          ) : null}
        </>
      )}
      {compact && nextLine && first && finding.severity !== 'info' ? (
        <p className="next-action">
          <Icon name="arrow-right" size={15} />
          <span>
            <strong>Next: {first.title}.</strong> {first.plain}
          </span>
        </p>
      ) : null}
      {!compact && first && finding.severity === 'info' ? (
        <details className="disclosure">
          <summary>
            <Icon name="chevron-right" size={16} className="disclosure-icon" />
            Optional: how to change this ({fixes.length})
          </summary>
          <div className="fixes">
            <h4 className="visually-hidden">Ways to change this</h4>
            {fixes.map((fix, i) => (
              <FixCard key={fix.id} fix={fix} finding={finding} option={i + 1} />
            ))}
          </div>
        </details>
      ) : null}
      {!compact && first && finding.severity !== 'info' ? (
        <section className="fixes" aria-label={`What to do about: ${finding.title}`}>
          <h4 className="fixes-title">{audience === 'it' ? `Fixes: repairs first, least invasive first (${fixes.length})` : 'What to do next'}</h4>
          {audience === 'it' ? (
            fixes.map((fix, i) => <FixCard key={fix.id} fix={fix} finding={finding} option={i + 1} />)
          ) : (
            <>
              <FixCard fix={first} finding={finding} option={1} />
              {others.length > 0 ? (
                <details className="disclosure">
                  <summary>
                    <Icon name="chevron-right" size={16} className="disclosure-icon" />
                    {others.length === 1 ? 'One more option' : `${others.length} more options`}, if that does not help
                  </summary>
                  {others.map((fix, i) => (
                    <FixCard key={fix.id} fix={fix} finding={finding} option={i + 2} />
                  ))}
                </details>
              ) : null}
            </>
          )}
        </section>
      ) : null}
    </article>
  );
}
