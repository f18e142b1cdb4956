/**
 * Preferences kept by the service (theme, audience, recent targets) and what it says about the
 * machine (environment). Changes show at once and are saved in the background.
 */
import { create } from 'zustand';
import type { Settings } from '../../shared/contract';
import { DEFAULT_RUN_OPTIONS, type Environment } from '../../shared/model';
import { getApi } from '../api';
import { showError } from './notices';

export type Audience = Settings['audience'];
export type ThemeChoice = Settings['theme'];

export interface SettingsState {
  loaded: boolean;
  audience: Audience;
  theme: ThemeChoice;
  recentTargets: string[];
  env: Environment | null;
  /** How long one probe waits for an answer (the run options' timeout), for the time left on screen. */
  timeoutMs: number;
  /** Settings or undo records the service found unreadable and moved aside (told once, until dismissed). */
  storeProblems: string[];
  dismissStoreProblems(): void;
  load(): Promise<void>;
  setAudience(audience: Audience): void;
  setTheme(theme: ThemeChoice): void;
  /** After a run: the service added the target; mirror it without another round trip. */
  noteRecentTarget(label: string): void;
  clearRecentTargets(): void;
}

export const useSettings = create<SettingsState>((set, get) => {
  const save = (patch: Parameters<ReturnType<typeof getApi>['updateSettings']>[0]): void => {
    try {
      getApi()
        .updateSettings(patch)
        .catch((error: unknown) => showError(error, 'Your preference was not saved'));
    } catch (error) {
      showError(error, 'Your preference was not saved');
    }
  };
  return {
    loaded: false,
    audience: 'plain',
    theme: 'system',
    recentTargets: [],
    env: null,
    timeoutMs: DEFAULT_RUN_OPTIONS.timeoutMs,
    storeProblems: [],
    dismissStoreProblems() {
      set({ storeProblems: [] });
    },
    async load() {
      try {
        const api = getApi();
        const [settings, env] = await Promise.all([api.getSettings({}), api.environment({})]);
        set({ loaded: true, audience: settings.audience, theme: settings.theme, recentTargets: settings.recentTargets, env, timeoutMs: settings.options.timeoutMs ?? DEFAULT_RUN_OPTIONS.timeoutMs });
        // After getSettings: a corrupt settings file has been found (and what could be read kept) by now.
        const { problems } = await api.storeProblems({});
        if (problems.length > 0) set({ storeProblems: problems });
      } catch (error) {
        set({ loaded: true });
        showError(error, 'Settings could not be loaded');
      }
    },
    setAudience(audience) {
      if (get().audience === audience) return;
      set({ audience });
      save({ audience });
    },
    setTheme(theme) {
      if (get().theme === theme) return;
      set({ theme });
      save({ theme });
    },
    noteRecentTarget(label) {
      set((s) => ({ recentTargets: [label, ...s.recentTargets.filter((t) => t !== label)].slice(0, 10) }));
    },
    clearRecentTargets() {
      set({ recentTargets: [] });
      save({ clearRecentTargets: true });
    },
  };
});
