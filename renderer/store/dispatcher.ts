/**
 * What spans several stores, in one place (as GitHub Desktop's dispatcher): no store reaches into
 * another. A finished run updates the recent targets and the history list; opening or deleting a
 * saved diagnosis updates the wizard; an applied fix is recorded and its step checked again (its own
 * checks only).
 */
import type { FixPreview } from '../../shared/contract';
import type { Finding, FixSuggestion } from '../../shared/model';
import { formatTarget } from '../../shared/target';
import { fixParams } from '../lib/fixParams';
import { applyFix, undoFix } from './fixes';
import { useHistory } from './history';
import { announce } from './notices';
import { useSettings } from './settings';
import { onRunFinished, targetLabel, useWizard } from './wizard';

let connected = false;

/** Wire the stores' reactions to each other once (main.tsx). */
export function connectStores(): void {
  if (connected) return;
  connected = true;
  onRunFinished((diagnosis) => {
    useSettings.getState().noteRecentTarget(targetLabel(diagnosis.target));
    // The session's entry was saved (or updated) by the service: show it where the list is shown.
    if (useHistory.getState().loaded) void useHistory.getState().load();
  });
}

export async function openSavedDiagnosis(id: string): Promise<void> {
  const diagnosis = await useHistory.getState().get(id);
  if (diagnosis) useWizard.getState().openSaved(diagnosis);
}

export async function deleteSavedDiagnosis(id: string): Promise<void> {
  const deleted = await useHistory.getState().remove(id);
  if (deleted && useWizard.getState().viewing?.id === id) useWizard.getState().closeSaved();
}

/** Apply a previewed fix; when it applied, the step of its finding checks again (its own checks only). */
export async function applyFixAndCheck(fix: FixSuggestion, finding: Finding, preview: FixPreview, secondConfirmation: boolean): Promise<void> {
  const target = useWizard.getState().target;
  const outcome = await applyFix({ fixId: fix.id, params: fixParams(fix), preview, secondConfirmation, ...(target ? { target: formatTarget(target) } : {}) });
  useWizard.getState().recordFix({ fixId: fix.id, title: fix.title, step: finding.step, findingId: finding.id, outcome });
  announce(`${fix.title}: ${outcome.message}`);
  if (outcome.status === 'applied') void useWizard.getState().runStep(finding.step, true);
}

/** Undo an applied fix; "Check again" on its outcome then checks the step. */
export async function undoFixRecorded(fix: FixSuggestion, finding: Finding, undoId: string): Promise<void> {
  const outcome = await undoFix(undoId, fix.id);
  useWizard.getState().recordFix({ fixId: fix.id, title: fix.title, step: finding.step, findingId: finding.id, outcome });
  announce(`${fix.title}: ${outcome.message}`);
}
