/** What the live region announces and the one-line error alert. */
import { create } from 'zustand';
import { messageOf } from '../lib/errors';

export interface NoticesState {
  /** Polite announcement for screen readers (progress, verdicts). `seq` makes a repeat audible. */
  announcement: { text: string; seq: number };
  /** The last failure of an API call, one line; null when there is none to show. */
  alert: { message: string; seq: number } | null;
  announce(text: string): void;
  showError(error: unknown, context?: string): void;
  dismissError(): void;
}

export const useNotices = create<NoticesState>((set) => ({
  announcement: { text: '', seq: 0 },
  alert: null,
  announce: (text) => set((s) => ({ announcement: { text, seq: s.announcement.seq + 1 } })),
  showError: (error, context) =>
    set((s) => ({ alert: { message: context ? `${context}: ${messageOf(error)}` : messageOf(error), seq: (s.alert?.seq ?? 0) + 1 } })),
  dismissError: () => set({ alert: null }),
}));

export const announce = (text: string): void => useNotices.getState().announce(text);
export const showError = (error: unknown, context?: string): void => useNotices.getState().showError(error, context);
