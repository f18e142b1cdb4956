/**
 * A ready .rdp file that connects by the address that worked: saved through the native dialog in
 * the desktop app, downloaded in a browser; on Windows also opened straight in Remote Desktop Connection.
 */
import { useId, useState } from 'react';
import { formatTarget } from '../../shared/target';
import { saveOrDownload } from '../store/files';
import { usePanelAction } from '../lib/panelAction';
import { makeRdpFile, openInRemoteDesktop } from '../store/rdpFile';
import { useSettings } from '../store/settings';
import { InlineError } from './ErrorAlert';
import { Icon, Spinner } from './Icon';

export function RdpFilePanel({ address, port, name }: { address: string; port: number; name: string }) {
  const env = useSettings((s) => s.env);
  const it = useSettings((s) => s.audience === 'it');
  const [username, setUsername] = useState('');
  const { busy, done, error, run } = usePanelAction<'save' | 'open'>();
  const [content, setContent] = useState<string | null>(null);
  const userId = useId();
  const fullAddress = formatTarget({ host: address, port });

  const request = () => ({ target: fullAddress, ...(username.trim() ? { username: username.trim() } : {}) });

  const save = (): Promise<void> =>
    run('save', async () => {
      const file = await makeRdpFile(request());
      setContent(file.content);
      return saveOrDownload({ filename: file.filename, mimeType: 'application/x-rdp', content: file.content }, env?.canSaveFiles ?? false);
    });

  const open = (): Promise<void> =>
    run('open', async () => {
      const result = await openInRemoteDesktop(request());
      return result.launched ? 'Remote Desktop Connection is opening.' : 'Remote Desktop Connection did not start.';
    });

  return (
    <section className="card rdp-panel" aria-labelledby="rdp-file-title" data-testid="rdp-file-panel">
      <h3 className="card-title" id="rdp-file-title">
        <Icon name="file" size={18} /> Connect by address instead
      </h3>
      <p>
        <span className="mono strong">{address}</span> works where <span className="mono">{name}</span> does not. This connection file goes
        straight to the address that works.
      </p>
      <div className="field inline-field">
        <label htmlFor={userId}>User name (optional)</label>
        <input id={userId} type="text" className="input" value={username} maxLength={104} autoComplete="username" onChange={(e) => setUsername(e.target.value.replace(/[\r\n]/g, ''))} placeholder={'DOMAIN\\user'} />
      </div>
      <div className="button-row">
        <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={busy !== null} data-testid="rdp-download">
          {busy === 'save' ? <Spinner size={16} /> : <Icon name="download" size={16} />}
          {env?.canSaveFiles ? 'Save .rdp file…' : 'Download .rdp file'}
        </button>
        {env?.canLaunchRemoteDesktop ? (
          <button type="button" className="btn" onClick={() => void open()} disabled={busy !== null} data-testid="rdp-open">
            {busy === 'open' ? <Spinner size={16} /> : <Icon name="external" size={16} />}
            Open in Remote Desktop Connection
          </button>
        ) : null}
      </div>
      {done ? <p className="muted small">{done}</p> : null}
      <InlineError message={error} testId="rdp-error" />
      {it && content ? <pre className="raw-json" tabIndex={0} aria-label="Content of the .rdp file">{content}</pre> : null}
    </section>
  );
}
