/**
 * Keeping IT terms out of plain words where the text comes from elsewhere (a step's headline is made
 * from what the checks saw): parts in brackets that carry IT terms go, then sentences that still do;
 * when nothing is left, the fallback. The rule itself is shared/catalog/plainWords.ts.
 */
import { itTermsIn } from '../../shared/catalog/plainWords';
import type { StepVerdict } from '../../shared/model';
import { nothingToCheck } from '../../shared/report/view';

const clean = (text: string): boolean => itTermsIn(text).length === 0;

export function plainSentence(text: string, fallback: string): string {
  if (clean(text)) return text;
  const unbracketed = text.replace(/\s*\(([^()]*)\)/g, (whole, inner: string) => (clean(inner) ? whole : '')).replace(/\s+([.,;:])/g, '$1');
  if (clean(unbracketed)) return unbracketed;
  const sentences = unbracketed.split(/(?<=[.!?])\s+/);
  const kept = sentences
    .map((s) => s.trim())
    .filter((s) => s && clean(s))
    .map((s) => s.replace(/^(?:But|And|So)\s+(\w)/, (_, c: string) => c.toUpperCase()));
  return kept.length > 0 ? kept.join(' ') : fallback;
}

export const PLAIN_FALLBACK: Record<StepVerdict['verdict'], string> = {
  pass: 'Nothing here stops Remote Desktop.',
  warn: 'Remote Desktop can work, with a risk worth fixing.',
  fail: 'Something here stops Remote Desktop from connecting.',
  'not-checked': 'This could not be checked.',
  cancelled: 'The checks were cancelled.',
};

/** A step with nothing to check for this target: nothing was left unchecked. */
export const PLAIN_NOTHING_TO_CHECK = 'There is nothing to check here for this computer.';

/** A step's headline in plain words. */
export function plainHeadline(verdict: Pick<StepVerdict, 'verdict' | 'headline' | 'nothingToCheck'>): string {
  return plainSentence(verdict.headline, nothingToCheck(verdict) ? PLAIN_NOTHING_TO_CHECK : PLAIN_FALLBACK[verdict.verdict]);
}
