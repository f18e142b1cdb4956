/** The time left while a check waits for an answer (a filtered port waits for the whole timeout). */
export interface Waiting {
  /** 0..1 of the wait used so far. */
  fraction: number;
  /** "up to 4 s left". */
  text: string;
}

/** How far a check that waits for an answer is into its timeout, and the time left, in words. Pure. */
export function waitingFor(startedAt: number | undefined, timeoutMs: number, now: number): Waiting | null {
  if (startedAt === undefined || timeoutMs <= 0) return null;
  const elapsed = now - startedAt;
  // Only once the wait shows: most checks answer within a second.
  if (elapsed < 1000) return null;
  const left = Math.max(0, timeoutMs - elapsed);
  return { fraction: elapsed / timeoutMs, text: left > 0 ? `up to ${Math.ceil(left / 1000)} s left` : 'finishing' };
}
