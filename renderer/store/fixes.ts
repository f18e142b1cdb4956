/**
 * A fix's preview, apply (with the consent from its preview) and undo, through the service. Each
 * call carries a run id of its own, so the one under way for a fix can be cancelled
 * (cancelFixOperation): the service stops the scripts through the signal it holds for that id.
 */
import type { FixOutcome, FixPreview } from '../../shared/contract';
import { getApi } from '../api';
import { newRunId } from '../lib/ids';

type Params = Record<string, string | number | boolean | null>;

/** The run id of the operation under way, by the fix (or undo record) it is for. */
const underWay = new Map<string, string>();

async function tracked<T>(key: string, work: (runId: string) => Promise<T>): Promise<T> {
  const runId = newRunId();
  underWay.set(key, runId);
  try {
    return await work(runId);
  } finally {
    if (underWay.get(key) === runId) underWay.delete(key);
  }
}

export function previewFix(fixId: string, params: Params): Promise<FixPreview> {
  return tracked(fixId, (runId) => getApi().previewFix({ fixId, params, runId }));
}

export function applyFix(request: { fixId: string; params: Params; preview: FixPreview; secondConfirmation: boolean; target?: string }): Promise<FixOutcome> {
  return tracked(request.fixId, (runId) =>
    getApi().applyFix({
      fixId: request.fixId,
      params: request.params,
      consent: { previewToken: request.preview.previewToken, confirmed: true, ...(request.secondConfirmation ? { secondConfirmation: true } : {}) },
      ...(request.target ? { target: request.target } : {}),
      runId,
    }),
  );
}

/** `key`: the fix id, so that the card showing the fix can cancel its undo too. */
export function undoFix(undoId: string, key: string = undoId): Promise<FixOutcome> {
  return tracked(key, (runId) => getApi().undoFix({ undoId, runId }));
}

/** Whether a preview, apply or undo is under way for this fix. */
export function fixOperationUnderWay(fixId: string): boolean {
  return underWay.has(fixId);
}

/** Cancels the preview, apply or undo under way for this fix; false when there was none to cancel. */
export async function cancelFixOperation(fixId: string): Promise<boolean> {
  const runId = underWay.get(fixId);
  if (!runId) return false;
  return (await getApi().cancel({ runId })).cancelled;
}
