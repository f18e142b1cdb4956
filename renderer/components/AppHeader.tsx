/** Title bar: the app, the target under diagnosis, the audience switch and the theme choice. */
import { useId } from 'react';
import { formatTarget } from '../../shared/target';
import { useSettings, type ThemeChoice } from '../store/settings';
import { useWizard } from '../store/wizard';
import { Icon } from './Icon';

export function AppHeader() {
  const target = useWizard((s) => s.target);
  const audience = useSettings((s) => s.audience);
  const setAudience = useSettings((s) => s.setAudience);
  const theme = useSettings((s) => s.theme);
  const setTheme = useSettings((s) => s.setTheme);
  const themeId = useId();
  const it = audience === 'it';
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <Icon name="stethoscope" size={20} />
        </span>
        <h1 className="brand-name">RDP Doctor</h1>
        <span className="brand-sub muted">Error 0x904 / 0x7</span>
      </div>
      {target ? (
        <span className="header-target" data-testid="header-target">
          <Icon name="target" size={16} />
          <span className="visually-hidden">Diagnosing </span>
          <span className="mono">{formatTarget(target)}</span>
        </span>
      ) : null}
      <div className="header-controls">
        <button type="button" role="switch" aria-checked={it} className="switch" onClick={() => setAudience(it ? 'plain' : 'it')} data-testid="audience-toggle">
          <span className="switch-track" aria-hidden="true">
            <span className="switch-thumb" />
          </span>
          <span>IT detail</span>
        </button>
        <div className="select-wrap">
          <label htmlFor={themeId} className="visually-hidden">
            Theme
          </label>
          <Icon name={theme === 'dark' ? 'moon' : 'sun'} size={16} />
          <select id={themeId} className="select" value={theme} onChange={(e) => setTheme(e.target.value as ThemeChoice)} data-testid="theme-toggle">
            <option value="system">System theme</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </div>
      </div>
    </header>
  );
}
