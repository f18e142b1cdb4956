/**
 * A ready .rdp file that connects by the address that worked: saved through the native dialog in
 * the desktop app, downloaded in a browser; on Windows also opened straight in Remote Desktop Connection.
 */
import { useId, useState } from 'react';
import { formatTarget } from '../../shared/target';
import { saveOrDownload } from '../store/files';
import { messageOf } from '../lib/errors';
import { announce } from '../store/notices';
import { makeRdpFile, openInRemoteDesktop } from '../store/rdpFile';
import { useSettings } from '../store/settings';
import { InlineError } from './ErrorAlert';
import { Icon, Spinner } from './Icon';

export function RdpFilePanel({ address, port, name }: { address: string; port: number; name: string }) {
  const env = useSettings((s) => s.env);
  const it = useSettings((s) => s.audience === 'it');
  const [username, setUsername] = useState('');
  const [busy, setBusy] = useState<'save' | 'open' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [content, setContent] = useState<string | null>(null);
  const userId = useId();
  const fullAddress = formatTarget({ host: address, port });

  const request = () => ({ target: fullAddress, ...(username.trim() ? { username: username.trim() } : {}) });

  const save = async (): Promise<void> => {
    setBusy('save');
    setError(null);
    try {
      const file = await makeRdpFile(request());
      setContent(file.content);
      const said = await saveOrDownload({ filename: file.filename, mimeType: 'application/x-rdp', content: file.content }, env?.canSaveFiles ?? false);
      if (said) {
        setDone(said);
        announce(said);
      }
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const open = async (): Promise<void> => {
    setBusy('open');
    setError(null);
    try {
      const result = await openInRemoteDesktop(request());
      const said = result.launched ? 'Remote Desktop Connection is opening.' : 'Remote Desktop Connection did not start.';
      setDone(said);
      announce(said);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

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
