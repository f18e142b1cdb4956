/**
 * The dispatcher ties the stores together (none reaches into another): a finished run updates the
 * recent targets and a shown history list; opening and deleting a saved diagnosis updates the
 * wizard; an applied fix is recorded and only its step is checked again.
 */
import { describe, expect, it } from 'vitest';
import { combineDiagnosis } from '../../shared/diagnosis/combine';
import { METHOD_NAME_LIST, type PreloadApi, type PreloadReply } from '../../shared/methodNames';
import { DEFAULT_RUN_OPTIONS, type Diagnosis, type Finding, type FixSuggestion } from '../../shared/model';
import { NOW, healthyChecks } from '../../shared/rules/testing/netFixtures';
import { CHECK_STEPS, type CheckStepId } from '../../shared/steps';
import { parseTarget } from '../../shared/target';

const calls: { method: string; input: Record<string, unknown> }[] = [];
let saved: Diagnosis | undefined;

function diagnosisFor(target: string, steps: readonly CheckStepId[], id = 'saved-1'): Diagnosis {
  const parsed = parseTarget(target);
  if (!parsed.ok) throw new Error(target);
  return combineDiagnosis({
    stamp: { id, createdAt: NOW.toISOString(), appVersion: 't', platform: 'linux' },
    context: { platform: 'linux', targetIsLocal: false, now: NOW },
    run: { target: parsed.target, steps, options: DEFAULT_RUN_OPTIONS, checks: healthyChecks().filter((c) => steps.includes(c.step)), durationMs: 1, interruptedSteps: [], cancelled: false },
  });
}

async function answer(method: string, input: Record<string, unknown>): Promise<PreloadReply> {
  calls.push({ method, input });
  switch (method) {
    case 'diagnose':
      return { ok: true, value: diagnosisFor(String(input.target), (input.steps as CheckStepId[] | undefined) ?? CHECK_STEPS, 'session-1') };
    case 'listHistory':
      return { ok: true, value: { entries: [], problems: [] } };
    case 'getDiagnosis':
      return { ok: true, value: saved };
    case 'deleteDiagnosis':
      return { ok: true, value: { deleted: true } };
    case 'applyFix':
      return { ok: true, value: { fixId: String(input.fixId), status: 'applied', message: 'done' } };
    default:
      return { ok: false, error: { code: 'not-supported', message: method } };
  }
}

const preload = Object.fromEntries(METHOD_NAME_LIST.map((m) => [m, (input: Record<string, unknown>) => answer(m, input)])) as unknown as PreloadApi;
(preload as unknown as { onEvent: PreloadApi['onEvent'] }).onEvent = () => () => undefined;
(globalThis as unknown as { window: { rdpDoctor: PreloadApi } }).window = { rdpDoctor: preload };

const { connectStores, openSavedDiagnosis, deleteSavedDiagnosis, applyFixAndCheck } = await import('./dispatcher');
const { useWizard } = await import('./wizard');
const { useSettings } = await import('./settings');
const { useHistory } = await import('./history');

connectStores();

describe('dispatcher', () => {
  it('after a run: the target joins the recent list and a shown history list reloads', async () => {
    useHistory.setState({ loaded: true });
    useWizard.getState().setTargetInput('10.20.30.40:3390');
    useWizard.getState().start();
    for (let i = 0; i < 100 && useWizard.getState().diagnosis === null; i++) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 10));
    expect(useSettings.getState().recentTargets[0]).toBe('10.20.30.40:3390');
    expect(calls.filter((c) => c.method === 'listHistory')).toHaveLength(1);
  });

  it('opens a saved diagnosis in the wizard, and closes it when it is deleted', async () => {
    saved = diagnosisFor('pc-9', CHECK_STEPS);
    await openSavedDiagnosis(saved.id);
    expect(useWizard.getState().viewing?.id).toBe(saved.id);
    expect(useWizard.getState().current).toBe('summary');
    await deleteSavedDiagnosis(saved.id);
    expect(useWizard.getState().viewing).toBeNull();
  });

  it('an applied fix is recorded and only the step of its finding is checked again', async () => {
    const before = calls.filter((c) => c.method === 'diagnose').length;
    const fix = { id: 'write-rdp-file', title: 'Write the file', params: {} } as unknown as FixSuggestion;
    const finding = { id: 'address-fails', step: 'addressing' } as unknown as Finding;
    await applyFixAndCheck(fix, finding, { previewToken: 'token-1' } as never, false);
    expect(useWizard.getState().fixes.at(-1)).toMatchObject({ fixId: 'write-rdp-file', step: 'addressing', outcome: { status: 'applied' } });
    for (let i = 0; i < 100 && calls.filter((c) => c.method === 'diagnose').length === before; i++) await new Promise((r) => setTimeout(r, 5));
    expect(calls.filter((c) => c.method === 'diagnose').at(-1)!.input.steps).toEqual(['addressing']);
  });
});
