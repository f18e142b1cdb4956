import type { FixCommand } from '../../shared/model';
import { CopyButton } from './CopyButton';

const SHELL_NAME: Record<FixCommand['shell'], string> = {
  powershell: 'PowerShell',
  cmd: 'Command Prompt',
  bash: 'Shell',
  'rdp-file': '.rdp file',
  text: 'Text',
};

/** One exact command with its shell and a Copy button. */
export function CommandBlock({ command }: { command: FixCommand }) {
  return (
    <figure className="command">
      <figcaption className="command-head">
        <span className="command-label">{command.label}</span>
        <span className="command-shell">{SHELL_NAME[command.shell]}</span>
        <CopyButton text={command.text} what={`the command “${command.label}”`} />
      </figcaption>
      <pre className="command-text" tabIndex={0} aria-label={`${command.label} (${SHELL_NAME[command.shell]})`}>
        <code>{command.text}</code>
      </pre>
    </figure>
  );
}
