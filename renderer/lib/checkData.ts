/** Read a check's `data` with its schema from shared/checks; data that does not fit is left out. */
import type { z } from 'zod';
import type { CheckResult } from '../../shared/model';

export interface Parsed<T> {
  result: CheckResult;
  data: T;
}

export function parseChecks<S extends z.ZodType>(results: readonly CheckResult[], id: string, schema: S): Parsed<z.infer<S>>[] {
  const out: Parsed<z.infer<S>>[] = [];
  for (const result of results) {
    if (result.id !== id) continue;
    const parsed = schema.safeParse(result.data);
    if (parsed.success) out.push({ result, data: parsed.data });
  }
  return out;
}

export function firstCheck<S extends z.ZodType>(results: readonly CheckResult[], id: string, schema: S): Parsed<z.infer<S>> | null {
  return parseChecks(results, id, schema)[0] ?? null;
}
