/** Export the diagnosis as HTML, Markdown or JSON (optionally redacted), or copy it as Markdown. */
import { useId, useState } from 'react';
import type { FixOutcome, ReportFormat } from '../../shared/contract';
import { copyText } from '../lib/clipboard';
import { saveOrDownload } from '../store/files';
import { usePanelAction } from '../lib/panelAction';
import { makeReport } from '../store/report';
import { useSettings } from '../store/settings';
import { InlineError } from './ErrorAlert';
import { Icon, Spinner } from './Icon';

const FORMATS: { format: ReportFormat; label: string }[] = [
  { format: 'html', label: 'HTML' },
  { format: 'markdown', label: 'Markdown' },
  { format: 'json', label: 'JSON' },
];

export function ExportPanel({ diagnosisId, fixed }: { diagnosisId: string; fixed: FixOutcome[] }) {
  const canSave = useSettings((s) => s.env?.canSaveFiles ?? false);
  const [redact, setRedact] = useState(false);
  const { busy, done, error, run } = usePanelAction<ReportFormat | 'copy'>();
  const redactId = useId();

  const report = (format: ReportFormat) => makeReport({ diagnosisId, format, redact, fixed });

  return (
    <section className="card export-card" aria-labelledby="export-title">
      <h3 className="card-title" id="export-title">
        <Icon name="download" size={18} /> Share the result
      </h3>
      <p className="muted small">Reports are made on this computer; nothing is sent anywhere.</p>
      <label className="checkbox" htmlFor={redactId}>
        <input id={redactId} type="checkbox" checked={redact} onChange={(e) => setRedact(e.target.checked)} data-testid="redact-checkbox" />
        <span>Hide names and addresses (redact) before sharing outside your company</span>
      </label>
      <div className="button-row">
        {FORMATS.map(({ format, label }) => (
          <button
            key={format}
            type="button"
            className="btn"
            disabled={busy !== null}
            data-testid={`export-${format}`}
            onClick={() =>
              void run(format, async () => {
                const r = await report(format);
                return saveOrDownload(r, canSave);
              })
            }
          >
            {busy === format ? <Spinner size={16} /> : <Icon name="file" size={16} />}
            {canSave ? `Save ${label}…` : `Download ${label}`}
          </button>
        ))}
        <button
          type="button"
          className="btn"
          disabled={busy !== null}
          data-testid="copy-markdown"
          onClick={() =>
            void run('copy', async () => {
              const r = await report('markdown');
              await copyText(r.content);
              return 'Copied the report as Markdown.';
            })
          }
        >
          {busy === 'copy' ? <Spinner size={16} /> : <Icon name="copy" size={16} />}
          Copy as Markdown
        </button>
      </div>
      {done ? <p className="muted small">{done}</p> : null}
      <InlineError message={error} testId="export-error" />
    </section>
  );
}
