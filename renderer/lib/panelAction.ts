/**
 * One action at a time behind a panel's buttons (make a report, save a file, copy, open Remote
 * Desktop): which one is under way, what the last one did (also said to screen readers) or why it failed.
 */
import { useState } from 'react';
import { announce } from '../store/notices';
import { messageOf } from './errors';

export interface PanelActionState<K extends string> {
  /** The action under way, or null. */
  busy: K | null;
  /** What the last action did, in a sentence; null while one runs, after a failure, or when the user cancelled. */
  done: string | null;
  /** Why the last action failed, in one line; null otherwise. */
  error: string | null;
}

/**
 * Runs `task` as the action `key` and shows each state: under way, then what the task said (announced
 * as well) or why it failed. A task answers null when there is nothing to say (a save dialog cancelled).
 */
export async function runPanelAction<K extends string>(key: K, task: () => Promise<string | null>, show: (state: PanelActionState<K>) => void): Promise<void> {
  show({ busy: key, done: null, error: null });
  try {
    const said = await task();
    show({ busy: null, done: said, error: null });
    if (said) announce(said);
  } catch (e) {
    show({ busy: null, done: null, error: messageOf(e) });
  }
}

/** A panel's action state, and `run` to start one of its actions (its buttons are disabled while one runs). */
export function usePanelAction<K extends string>(): PanelActionState<K> & { run: (key: K, task: () => Promise<string | null>) => Promise<void> } {
  const [state, setState] = useState<PanelActionState<K>>({ busy: null, done: null, error: null });
  return { ...state, run: (key, task) => runPanelAction(key, task, setState) };
}
