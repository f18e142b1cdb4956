import { fixScriptIdOf } from '../../shared/catalog/fixScriptId';
import type { FixCommand } from '../../shared/model';
import { usePanelAction } from '../lib/panelAction';
import { saveOrDownload } from '../store/files';
import { useSettings } from '../store/settings';
import { CopyButton } from './CopyButton';
import { InlineError } from './ErrorAlert';

const SHELL_NAME: Record<FixCommand['shell'], string> = {
  powershell: 'PowerShell',
  cmd: 'Command Prompt',
  bash: 'Shell',
  'rdp-file': '.rdp file',
  text: 'Text',
};

/**
 * A fix's whole script (shared/catalog/fixScripts.ts) saved as a .ps1 file for Windows PowerShell:
 * CRLF line ends and a byte order mark, so 5.1 reads it as UTF-8.
 */
function SaveScriptButton({ command, scriptId }: { command: FixCommand; scriptId: string }) {
  const canSave = useSettings((s) => s.env?.canSaveFiles ?? false);
  const { busy, error, run } = usePanelAction<'save'>();
  const file = { filename: `rdp-doctor-${scriptId}.ps1`, mimeType: 'text/plain', content: `\uFEFF${command.text.replace(/\r?\n/g, '\r\n')}` };
  const save = () => run('save', async () => {
    const said = await saveOrDownload(file, canSave);
    return said && `${said} Run it in Windows PowerShell as administrator on the computer it is for.`;
  });
  return (
    <>
      <button type="button" className="btn btn-small" onClick={() => void save()} disabled={busy !== null} data-testid="save-script">
        {canSave ? 'Save as .ps1…' : 'Download .ps1'}
      </button>
      <InlineError message={error === null ? null : `The script could not be saved: ${error}`} />
    </>
  );
}

/** One exact command with its shell and a Copy button (and Save for a fix's whole script). */
export function CommandBlock({ command }: { command: FixCommand }) {
  const scriptId = command.shell === 'powershell' ? fixScriptIdOf(command.text) : null;
  return (
    <figure className="command">
      <figcaption className="command-head">
        <span className="command-label">{command.label}</span>
        <span className="command-shell">{SHELL_NAME[command.shell]}</span>
        {scriptId ? <SaveScriptButton command={command} scriptId={scriptId} /> : null}
        <CopyButton text={command.text} what={`the command “${command.label}”`} />
      </figcaption>
      <pre className={scriptId ? 'command-text command-script' : 'command-text'} tabIndex={0} aria-label={`${command.label} (${SHELL_NAME[command.shell]})`}>
        <code>{command.text}</code>
      </pre>
    </figure>
  );
}
