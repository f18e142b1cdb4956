/**
 * Which stored diagnosis a report is made from. A reopened diagnosis, or a session with one step run
 * and nothing skipped, is one stored diagnosis. Otherwise the service's `combineDiagnoses` saves one
 * session diagnosis over the step runs with the user's skip reasons (the history then hides its
 * parts), and the report is made from that.
 */
import type { CheckStepId } from '../../shared/steps';
import { getApi } from '../api';
import type { CombinedDiagnosis } from './combine';

export interface ReportSkip {
  step: CheckStepId;
  reason: string;
}

const combined = new Map<string, Promise<string>>();

export interface ReportSource {
  diagnosisId: string;
}

/** The skip reasons of this session in step order, as `combineDiagnoses` takes them. */
export function skipList(skips: Partial<Record<CheckStepId, { reason: string }>>, order: readonly CheckStepId[]): ReportSkip[] {
  const out: ReportSkip[] = [];
  for (const step of order) {
    const reason = skips[step]?.reason.trim();
    if (reason) out.push({ step, reason: reason.slice(0, 500) });
  }
  return out;
}

export async function reportSource(view: CombinedDiagnosis, skips: ReportSkip[] = []): Promise<ReportSource> {
  const ids = view.parts.map((p) => p.id);
  if (ids.length === 1 && skips.length === 0) return { diagnosisId: ids[0]! };
  const key = JSON.stringify({ ids: [...ids].sort(), skips });
  // The promise is kept, so the summary's own save and an export at the same time make one entry.
  let pending = combined.get(key);
  if (!pending) {
    pending = getApi()
      .combineDiagnoses({ ids, ...(skips.length > 0 ? { skips } : {}) })
      .then((d) => d.id);
    combined.set(key, pending);
    pending.catch(() => combined.delete(key)); // a failure is not remembered: the next try asks again
  }
  return { diagnosisId: await pending };
}
