/** Saved diagnoses (kept by the service on this machine): list, reopen, delete. */
import { create } from 'zustand';
import type { HistoryEntry } from '../../shared/model';
import { getApi } from '../api';
import { announce, showError } from './notices';
import { useWizard } from './wizard';

export interface HistoryState {
  entries: HistoryEntry[];
  /** Entries the service could not read (one line each). */
  problems: string[];
  loading: boolean;
  loaded: boolean;
  /** The entry being opened or deleted. */
  busyId: string | null;
  load(): Promise<void>;
  open(id: string): Promise<void>;
  remove(id: string): Promise<void>;
}

export const useHistory = create<HistoryState>((set, get) => ({
  entries: [],
  problems: [],
  loading: false,
  loaded: false,
  busyId: null,
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
  async open(id) {
    set({ busyId: id });
    try {
      const diagnosis = await getApi().getDiagnosis({ id });
      useWizard.getState().openSaved(diagnosis);
      announce(`Opened the diagnosis of ${diagnosis.input}.`);
    } catch (error) {
      showError(error, 'That diagnosis could not be opened');
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
        if (useWizard.getState().viewing?.id === id) useWizard.getState().closeSaved();
      }
    } catch (error) {
      showError(error, 'That diagnosis could not be deleted');
    } finally {
      set({ busyId: null });
    }
  },
}));
