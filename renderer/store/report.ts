/**
 * Which stored diagnosis a report is made from. A reopened diagnosis, or a session with one step run,
 * is one stored diagnosis. A session of several step runs is several: the service combines them
 * when it offers `combineDiagnoses` (not in the contract yet); until then the report covers the
 * most recent step run, and the summary says so.
 */
import type { Diagnosis } from '../../shared/model';
import { getApi } from '../api';
import type { CombinedDiagnosis } from './combine';

type Combiner = (input: { ids: string[] }) => Promise<Diagnosis>;

const combined = new Map<string, string>();

export function combinerAvailable(): boolean {
  return typeof (getApi() as unknown as { combineDiagnoses?: unknown }).combineDiagnoses === 'function';
}

export interface ReportSource {
  diagnosisId: string;
  /** False when the report covers only part of what the summary shows. */
  complete: boolean;
}

export async function reportSource(view: CombinedDiagnosis): Promise<ReportSource> {
  const ids = view.parts.map((p) => p.id);
  if (ids.length === 1) return { diagnosisId: ids[0]!, complete: true };
  const key = ids.join(',');
  const known = combined.get(key);
  if (known) return { diagnosisId: known, complete: true };
  const api = getApi() as unknown as { combineDiagnoses?: Combiner };
  if (typeof api.combineDiagnoses === 'function') {
    const d = await api.combineDiagnoses({ ids });
    combined.set(key, d.id);
    return { diagnosisId: d.id, complete: true };
  }
  const latest = view.parts.reduce((a, b) => (a.createdAt >= b.createdAt ? a : b));
  return { diagnosisId: latest.id, complete: false };
}
