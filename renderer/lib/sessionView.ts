/** The diagnosis this session shows: a reopened one, or the session's one diagnosis of the target. */
import type { Diagnosis } from '../../shared/model';
import { useWizard } from '../store/wizard';

export function useShownDiagnosis(): Diagnosis | null {
  return useWizard((s) => s.viewing ?? s.diagnosis);
}
