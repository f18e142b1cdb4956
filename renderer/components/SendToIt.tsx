/**
 * "Send this report to IT": one button that makes the report of this diagnosis (HTML, which opens in
 * any browser) and saves or downloads it, and says what to do with the file.
 */
import { saveOrDownload } from '../store/files';
import { usePanelAction } from '../lib/panelAction';
import { useShownDiagnosis } from '../lib/sessionView';
import { makeReport } from '../store/report';
import { useSettings } from '../store/settings';
import { appliedFixes, useWizard } from '../store/wizard';
import { InlineError } from './ErrorAlert';
import { Icon, Spinner } from './Icon';

export function SendToIt() {
  const canSave = useSettings((s) => s.env?.canSaveFiles ?? false);
  const diagnosis = useShownDiagnosis();
  const viewing = useWizard((s) => s.viewing !== null);
  const fixes = useWizard((s) => s.fixes);
  const { busy, done, error, run } = usePanelAction<'report'>();
  if (!diagnosis) return null;

  const make = (): Promise<void> =>
    run('report', async () => {
      const fixed = viewing ? [] : appliedFixes(fixes).map((f) => f.outcome);
      const report = await makeReport({ diagnosisId: diagnosis.id, format: 'html', redact: false, fixed });
      const said = await saveOrDownload(report, canSave);
      return said ? `${said} Attach this file to an e-mail or a ticket for IT.` : null;
    });

  return (
    <div className="send-to-it">
      <button type="button" className="btn btn-primary" onClick={() => void make()} disabled={busy !== null} data-testid="send-to-it">
        {busy ? <Spinner size={16} /> : <Icon name="file" size={16} />}
        Make the report for IT
      </button>
      {done ? (
        <p className="muted small" role="status">
          {done}
        </p>
      ) : (
        <p className="muted small">The report holds what RDP Doctor found and what IT can do about it. Nothing is sent by itself.</p>
      )}
      <InlineError message={error} testId="send-to-it-error" />
    </div>
  );
}
