/** Saved diagnoses (kept by the service on this machine): list, read one, delete. Grouped by target, newest first. */
import { create } from 'zustand';
import type { Diagnosis, HistoryEntry } from '../../shared/model';
import { getApi } from '../api';
import { announce, showError } from './notices';

export interface HistoryGroup {
  /** The target as typed (host, or host:port off the default port). */
  input: string;
  /** Newest first. */
  entries: HistoryEntry[];
}

/**
 * Entries grouped by target: groups by their newest entry, newest first; entries newest first.
 * `filter` keeps the targets whose name contains it (case-insensitive) and the entries whose verdict,
 * finding ids or "unfinished" mention it.
 */
export function groupHistory(entries: readonly HistoryEntry[], filter = ''): HistoryGroup[] {
  const needle = filter.trim().toLowerCase();
  const matches = (e: HistoryEntry): boolean =>
    needle === '' ||
    e.input.toLowerCase().includes(needle) ||
    e.verdict.includes(needle) ||
    (needle.startsWith('unfinished') && e.notChecked.length > 0) ||
    e.findingIds.some((id) => id.includes(needle));
  const groups = new Map<string, HistoryEntry[]>();
  for (const e of [...entries].sort((a, b) => b.createdAt.localeCompare(a.createdAt))) {
    if (!matches(e)) continue;
    const key = e.input.toLowerCase();
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.values()].map((list) => ({ input: list[0]!.input, entries: list }));
}

export interface HistoryState {
  entries: HistoryEntry[];
  /** Entries the service could not read (one line each). */
  problems: string[];
  loading: boolean;
  loaded: boolean;
  /** The entry being opened or deleted. */
  busyId: string | null;
  filter: string;
  setFilter(text: string): void;
  load(): Promise<void>;
  /** The saved diagnosis, or null when it could not be read (the error is shown). */
  get(id: string): Promise<Diagnosis | null>;
  /** True when it was deleted. */
  remove(id: string): Promise<boolean>;
}

export const useHistory = create<HistoryState>((set, get) => ({
  entries: [],
  problems: [],
  loading: false,
  loaded: false,
  busyId: null,
  filter: '',
  setFilter: (filter) => set({ filter: filter.slice(0, 200) }),
  async load() {
    set({ loading: true });
    try {
      const { entries, problems } = await getApi().listHistory({});
      set({ entries, problems, loaded: true });
    } catch (error) {
      showError(error, 'The list of earlier diagnoses could not be read');
    } finally {
      set({ loading: false });
    }
  },
  async get(id) {
    set({ busyId: id });
    try {
      const diagnosis = await getApi().getDiagnosis({ id });
      announce(`Opened the diagnosis of ${diagnosis.input}.`);
      return diagnosis;
    } catch (error) {
      showError(error, 'That diagnosis could not be opened');
      return null;
    } finally {
      set({ busyId: null });
    }
  },
  async remove(id) {
    set({ busyId: id });
    try {
      const { deleted } = await getApi().deleteDiagnosis({ id });
      if (deleted) {
        set({ entries: get().entries.filter((e) => e.id !== id) });
        announce('Diagnosis deleted.');
      }
      return deleted;
    } catch (error) {
      showError(error, 'That diagnosis could not be deleted');
      return false;
    } finally {
      set({ busyId: null });
    }
  },
}));
