/** The theme in effect: the user's choice, or the system's when they chose "system". */
import { useEffect, useSyncExternalStore } from 'react';
import { useSettings } from '../store/settings';

const QUERY = '(prefers-color-scheme: dark)';

function subscribe(callback: () => void): () => void {
  const media = window.matchMedia(QUERY);
  media.addEventListener('change', callback);
  return () => media.removeEventListener('change', callback);
}

const systemIsDark = (): boolean => window.matchMedia(QUERY).matches;

export function useResolvedTheme(): 'light' | 'dark' {
  const choice = useSettings((s) => s.theme);
  const dark = useSyncExternalStore(subscribe, systemIsDark, () => false);
  return choice === 'system' ? (dark ? 'dark' : 'light') : choice;
}

/** Put the theme on <html> so the stylesheet's variables follow it. */
export function useApplyTheme(): void {
  const theme = useResolvedTheme();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
}
