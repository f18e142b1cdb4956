import type { FixSuggestion } from '../../shared/model';
import { INVASIVENESS_LABEL, WHERE_LABEL } from '../../shared/report/view';

export type FixParams = Record<string, string | number | boolean | null>;

/** The parameters of a suggested fix in the shape the fix requests accept (primitive values only). */
export function fixParams(fix: Pick<FixSuggestion, 'params'>): FixParams {
  const out: FixParams = {};
  for (const [key, value] of Object.entries(fix.params ?? {})) {
    if (value === null || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
    else if (typeof value === 'string') out[key] = value.slice(0, 2000);
  }
  return out;
}

const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** "On the remote computer": the report's words, as a badge. */
export const placeLabel = (where: FixSuggestion['where']): string => capital(WHERE_LABEL[where]);
export const invasivenessLabel = (level: FixSuggestion['invasiveness']): string => capital(INVASIVENESS_LABEL[level]);
