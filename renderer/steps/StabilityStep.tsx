/**
 * Connection stability: the repeated handshakes as a timeline and as rows of stages (where each one
 * died), and the (informational) UDP result on the target's own port.
 */
import { NET_CHECK_IDS, stabilityDataSchema, udpDataSchema, type UdpData } from '../../shared/checks/net';
import type { CheckResult } from '../../shared/model';
import { Badge } from '../components/Badge';
import { Icon } from '../components/Icon';
import { StageRows, StageSummary } from '../components/StageRows';
import { Timeline } from '../components/Timeline';
import { parseChecks } from '../lib/checkData';
import { formatMs, plural } from '../lib/format';
import { layoutTimeline } from '../lib/timeline';
import type { Tone } from '../lib/status';
import { useSettings } from '../store/settings';
import { CheckStepLayout } from './CheckStepLayout';

export function StabilityStep() {
  return (
    <CheckStepLayout step="stability" plainSummary={(results) => <StageSummary attempts={parseChecks(results, NET_CHECK_IDS.stability, stabilityDataSchema).flatMap((p) => p.data.attempts)} />}>
      {(results) => <StabilityEvidence results={results} />}
    </CheckStepLayout>
  );
}

const UDP_LOOK: Record<UdpData['outcome'], { tone: Tone; label: string; meaning: string }> = {
  answered: { tone: 'success', label: 'Answered', meaning: 'The server offers the faster UDP transport as well.' },
  'no-answer': {
    tone: 'neutral',
    label: 'No answer',
    meaning: 'No UDP reply: UDP may be off or blocked. Remote Desktop then uses TCP only, which works, a little slower.',
  },
  'icmp-unreachable': { tone: 'neutral', label: 'Port closed', meaning: 'The server said this UDP port is closed: Remote Desktop uses TCP only, which works.' },
  error: { tone: 'neutral', label: 'Error', meaning: 'The UDP probe could not be sent.' },
};

function StabilityEvidence({ results }: { results: CheckResult[] }) {
  const it = useSettings((s) => s.audience === 'it');
  const stability = parseChecks(results, NET_CHECK_IDS.stability, stabilityDataSchema).map((p) => p.data);
  const udp = parseChecks(results, NET_CHECK_IDS.udp, udpDataSchema).map((p) => p.data);
  if (stability.length === 0 && udp.length === 0) return null;
  return (
    <div className="evidence-grid">
      {stability.map((d) => {
        const { counts } = layoutTimeline(d.attempts, d.slowThresholdMs);
        return (
          <section className="card" key={d.address} aria-labelledby={`stability-${d.address}`}>
            <h3 className="card-title" id={`stability-${d.address}`}>
              <Icon name="pulse" size={18} /> {plural(d.attempts.length, 'handshake')} with <span className="mono">{d.address}</span>
            </h3>
            <div className="stat-row">
              <Stat label="Completed" value={String(counts.ok + counts.slow)} tone="success" />
              <Stat label="Failed" value={String(counts.failed)} tone={counts.failed > 0 ? 'danger' : 'neutral'} />
              <Stat label="Slow" value={String(counts.slow)} tone={counts.slow > 0 ? 'warning' : 'neutral'} />
              <Stat label="Median" value={formatMs(d.medianMs)} tone="neutral" />
              <Stat label="Slowest" value={formatMs(d.maxMs)} tone="neutral" />
            </div>
            <Timeline data={d} it={it} />
            <StageRows attempts={d.attempts} address={d.address} it={it} />
          </section>
        );
      })}
      {udp.map((u) => {
        const look = UDP_LOOK[u.outcome];
        return (
          <section className="card" key={u.address} aria-labelledby={`udp-${u.address}`}>
            <h3 className="card-title" id={`udp-${u.address}`}>
              <Icon name="network" size={18} /> UDP {u.port}
              {udp.length > 1 ? <span className="mono"> ({u.address})</span> : null}
            </h3>
            <p className="outcome-line">
              <Badge tone={look.tone}>{look.label}</Badge>
              <span>{look.meaning}</span>
            </p>
            {it ? (
              <p className="muted small">
                {plural(u.datagramsSent, 'datagram')} sent in {formatMs(u.durationMs)}
                {u.reply ? `; reply flags ${u.reply.flagNames.join(' | ')}, ${u.reply.bytes} bytes` : ''}
                {u.detail ? `; ${u.detail}` : ''}
              </p>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}

function Stat({ label, value, tone }: { label: string; value: string; tone: Tone }) {
  return (
    <div className={`stat tone-${tone}`}>
      <span className="stat-value tabular">{value}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}
