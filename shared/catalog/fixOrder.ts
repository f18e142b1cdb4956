/**
 * The order fixes are offered in, and who can act on each: repairs first, least invasive first among
 * them; for a remote worker what they can do on their own computer first. Light enough for the
 * renderer, which orders the fixes it shows but never builds them.
 */
import type { FixPurpose, FixSuggestion, Invasiveness } from '../model';

/** The same fix with another purpose for one finding (what repairs one cause only works around another). */
export function withPurpose(fix: FixSuggestion, purpose: FixPurpose): FixSuggestion {
  const { purpose: _old, ...rest } = fix;
  return purpose === 'repair' ? rest : { ...rest, purpose };
}

/** Who reads the options: a remote worker on their own computer (plain words), or IT staff. */
export type FixAudience = 'plain' | 'it';

const PURPOSE_RANK: Record<FixPurpose, number> = { repair: 0, workaround: 1, investigate: 2 };
const INVASIVENESS_RANK: Record<Invasiveness, number> = { none: 0, low: 1, medium: 2, high: 3 };

/** A fix's purpose (a fix that says none is a repair). */
export function purposeOf(fix: Pick<FixSuggestion, 'purpose'>): FixPurpose {
  return fix.purpose ?? 'repair';
}

/**
 * A fix the audience can carry out themselves and that gets them connected: for IT any repair or
 * workaround; for a remote worker only one on their own computer.
 */
export function actionableBy(fix: Pick<FixSuggestion, 'purpose' | 'where'>, audience: FixAudience): boolean {
  if (purposeOf(fix) === 'investigate') return false;
  return audience === 'it' || fix.where === 'client';
}

/**
 * The order options are offered in: first what repairs the cause for this audience, least invasive
 * first among those; then what works around it; reading logs and testing by hand last (they are a
 * step of a repair, not the first thing to do). IT: repairs anywhere. A remote worker: what they can
 * do on this computer first, then the rest in IT's order (for the report they send). Equal ranks keep
 * the catalogue's order; duplicates (same id) are dropped.
 */
export function orderFixes(fixes: ReadonlyArray<FixSuggestion | null | undefined>, audience: FixAudience = 'it'): FixSuggestion[] {
  const seen = new Set<string>();
  const mine = (f: FixSuggestion) => (audience === 'plain' && !actionableBy(f, 'plain') ? 1 : 0);
  return fixes
    .filter((f): f is FixSuggestion => Boolean(f))
    .map((f, index) => ({ f, index }))
    .sort(
      (a, b) =>
        mine(a.f) - mine(b.f) ||
        PURPOSE_RANK[purposeOf(a.f)] - PURPOSE_RANK[purposeOf(b.f)] ||
        INVASIVENESS_RANK[a.f.invasiveness] - INVASIVENESS_RANK[b.f.invasiveness] ||
        a.index - b.index,
    )
    .map(({ f }) => f)
    .filter((f) => (seen.has(f.id) ? false : (seen.add(f.id), true)));
}
