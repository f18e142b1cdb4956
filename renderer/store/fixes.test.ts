/**
 * The fixes store against a scripted preload: every preview, apply and undo carries a run id of its
 * own, and cancelFixOperation cancels the one under way for that fix by that id (12.12).
 */
import { describe, expect, it } from 'vitest';
import { METHOD_NAME_LIST, type PreloadApi, type PreloadReply } from '../../shared/methodNames';

const calls: { method: string; input: Record<string, unknown> }[] = [];
/** Operations the scripted service holds until they are cancelled, by run id. */
const held = new Map<string, (reply: PreloadReply) => void>();

const preview = { fixId: 'start-termservice', title: 'Start', applicable: true, changes: [], commands: [], risk: 'r', requiresElevation: false, requiresSecondConfirmation: false, undoable: true, previewToken: 'token-1' };

async function answer(method: string, input: Record<string, unknown>): Promise<PreloadReply> {
  calls.push({ method, input });
  if (method === 'cancel') {
    const release = held.get(String(input.runId));
    if (!release) return { ok: true, value: { cancelled: false } };
    held.delete(String(input.runId));
    release({ ok: false, error: { code: 'cancelled', message: 'The preview was cancelled; nothing was changed.' } });
    return { ok: true, value: { cancelled: true } };
  }
  if (method === 'previewFix') return new Promise((resolve) => held.set(String(input.runId), resolve));
  if (method === 'applyFix') return { ok: true, value: { fixId: String(input.fixId), status: 'applied', message: 'Started.' } };
  if (method === 'undoFix') return { ok: true, value: { fixId: 'start-termservice', status: 'undone', message: 'Stopped again.' } };
  return { ok: false, error: { code: 'not-supported', message: method } };
}
const preload = Object.fromEntries(METHOD_NAME_LIST.map((m) => [m, (input: Record<string, unknown>) => answer(m, input)])) as unknown as PreloadApi;
(preload as unknown as { onEvent: PreloadApi['onEvent'] }).onEvent = () => () => undefined;
(globalThis as unknown as { window: { rdpDoctor: PreloadApi } }).window = { rdpDoctor: preload };

const { previewFix, applyFix, undoFix, cancelFixOperation, fixOperationUnderWay } = await import('./fixes');

describe('fix operations', () => {
  it('a preview under way is cancelled by its own run id; nothing is left under way', async () => {
    const previewing = previewFix('start-termservice', {});
    expect(fixOperationUnderWay('start-termservice')).toBe(true);
    expect(await cancelFixOperation('start-termservice')).toBe(true);
    await expect(previewing).rejects.toMatchObject({ code: 'cancelled' });
    expect(fixOperationUnderWay('start-termservice')).toBe(false);
    const sent = calls.find((c) => c.method === 'previewFix')!.input.runId;
    expect(calls.find((c) => c.method === 'cancel')!.input).toEqual({ runId: sent });
    // Nothing under way: nothing to cancel, and the service is not asked.
    const before = calls.length;
    expect(await cancelFixOperation('start-termservice')).toBe(false);
    expect(calls.length).toBe(before);
  });

  it('apply and undo send a fresh, valid run id each time', async () => {
    await applyFix({ fixId: 'start-termservice', params: {}, preview, secondConfirmation: false });
    await undoFix('undo-1', 'start-termservice');
    await undoFix('undo-2', 'start-termservice');
    const ids = calls.filter((c) => c.method === 'applyFix' || c.method === 'undoFix').map((c) => String(c.input.runId));
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9-]{8,64}$/);
    expect(fixOperationUnderWay('start-termservice')).toBe(false);
  });
});
