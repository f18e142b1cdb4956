/**
 * The stability timeline: one row per handshake attempt, its bar split into TCP / X.224 / TLS,
 * coloured by outcome (and marking the stage where a failed attempt stopped), with the
 * slow-handshake threshold as a line.
 */
import type { StabilityData } from '../../shared/checks/net';
import { STAGE_PLAIN_LABEL } from '../../shared/catalog/stages';
import { formatMs } from '../lib/format';
import { STAGE_LABEL, layoutTimeline } from '../lib/timeline';
import { Icon } from './Icon';

/** `it`: protocol names and what each attempt ended with; plain words name the stages in words. */
export function Timeline({ data, it = true }: { data: StabilityData; it?: boolean }) {
  const layout = layoutTimeline(data.attempts, data.slowThresholdMs);
  const stageName = (stage: keyof typeof STAGE_LABEL): string => (it || stage === 'done' ? STAGE_LABEL[stage] : STAGE_PLAIN_LABEL[stage]);
  return (
    <figure className="timeline" data-testid="stability-timeline">
      <figcaption className="timeline-legend">
        <span className="legend-item">
          <span className="swatch seg-tcp" aria-hidden="true" /> {stageName('tcp')}
        </span>
        <span className="legend-item">
          <span className="swatch seg-x224" aria-hidden="true" /> {stageName('x224')}
        </span>
        <span className="legend-item">
          <span className="swatch seg-tls" aria-hidden="true" /> {stageName('tls')}
        </span>
        <span className="legend-item">
          <span className="swatch seg-failed" aria-hidden="true" /> failed here
        </span>
        <span className="legend-item">
          <span className="swatch threshold-swatch" aria-hidden="true" /> slow above {formatMs(data.slowThresholdMs)}
        </span>
      </figcaption>
      <ol className="timeline-rows">
        {layout.rows.map((row) => {
          const failedText = it ? `${STAGE_LABEL[row.stage]}: ${row.outcome}` : `cut at “${stageName(row.stage)}”`;
          const text = row.tone === 'failed' ? (it ? `failed at ${failedText}` : failedText) : row.tone === 'slow' ? 'slow' : 'completed';
          return (
            <li key={row.n} className={`timeline-row tone-${row.tone === 'ok' ? 'success' : row.tone === 'slow' ? 'warning' : 'danger'}`} data-testid={`attempt-${row.n}`} data-tone={row.tone}>
              <span className="timeline-n">#{row.n}</span>
              <span className="timeline-track" aria-hidden="true">
                {row.segments.map((s) => (
                  <span
                    key={s.stage}
                    className={s.failedHere ? 'timeline-seg seg-failed' : `timeline-seg seg-${s.stage}`}
                    style={{ left: `${s.left}%`, width: `max(${s.width}%, 3px)` }}
                  />
                ))}
                <span className="timeline-threshold" style={{ left: `${layout.thresholdAt}%` }} />
              </span>
              <span className="timeline-result">
                <Icon name={row.tone === 'failed' ? 'x-circle' : row.tone === 'slow' ? 'alert' : 'check-circle'} size={16} />
                <span className="tabular">{formatMs(row.durationMs)}</span>
                <span className="visually-hidden">, {text}</span>
                {row.tone !== 'ok' ? <span className="timeline-outcome">{row.tone === 'failed' ? failedText : 'slow'}</span> : null}
              </span>
            </li>
          );
        })}
      </ol>
    </figure>
  );
}
