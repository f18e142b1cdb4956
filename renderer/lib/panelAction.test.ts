import { beforeEach, describe, expect, it } from 'vitest';
import { useNotices } from '../store/notices';
import { runPanelAction, type PanelActionState } from './panelAction';

/** Runs the action and returns every state it showed, in order. */
async function states(task: () => Promise<string | null>): Promise<PanelActionState<'save'>[]> {
  const shown: PanelActionState<'save'>[] = [];
  await runPanelAction('save', task, (s) => shown.push(s));
  return shown;
}

const announced = (): string => useNotices.getState().announcement.text;

describe('runPanelAction', () => {
  beforeEach(() => useNotices.setState({ announcement: { text: '', seq: 0 } }));

  it('shows the action under way, then what it did, and announces it', async () => {
    let during: PanelActionState<'save'>[] = [];
    const shown: PanelActionState<'save'>[] = [];
    await runPanelAction(
      'save',
      async () => {
        during = [...shown];
        return 'Saved to C:\\Users\\u\\report.html.';
      },
      (s) => shown.push(s),
    );
    expect(during).toEqual([{ busy: 'save', done: null, error: null }]);
    expect(shown.at(-1)).toEqual({ busy: null, done: 'Saved to C:\\Users\\u\\report.html.', error: null });
    expect(announced()).toBe('Saved to C:\\Users\\u\\report.html.');
  });

  it('says nothing when the task has nothing to say (a save dialog cancelled)', async () => {
    expect(await states(async () => null)).toEqual([
      { busy: 'save', done: null, error: null },
      { busy: null, done: null, error: null },
    ]);
    expect(announced()).toBe('');
  });

  it('shows why it failed, in one line, and announces nothing', async () => {
    const shown = await states(async () => {
      throw new Error("Error invoking remote method 'rdp-doctor:call': Error: the disk is full\nat somewhere");
    });
    expect(shown.at(-1)).toEqual({ busy: null, done: null, error: 'the disk is full' });
    expect(announced()).toBe('');
  });
});
