/** A fix's preview, apply (with the consent from its preview) and undo, through the service. */
import type { FixOutcome, FixPreview } from '../../shared/contract';
import { getApi } from '../api';

type Params = Record<string, string | number | boolean | null>;

export function previewFix(fixId: string, params: Params): Promise<FixPreview> {
  return getApi().previewFix({ fixId, params });
}

export function applyFix(request: { fixId: string; params: Params; preview: FixPreview; secondConfirmation: boolean; target?: string }): Promise<FixOutcome> {
  return getApi().applyFix({
    fixId: request.fixId,
    params: request.params,
    consent: { previewToken: request.preview.previewToken, confirmed: true, ...(request.secondConfirmation ? { secondConfirmation: true } : {}) },
    ...(request.target ? { target: request.target } : {}),
  });
}

export function undoFix(undoId: string): Promise<FixOutcome> {
  return getApi().undoFix({ undoId });
}
