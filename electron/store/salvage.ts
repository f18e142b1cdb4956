/**
 * Keeping what can be read of a stored file that fails its schema, so a corrupt file costs only
 * its broken parts: the fields of an object that still validate, the items of a list that do.
 */
import type { z } from 'zod';

/** The top-level fields of `raw` that pass their own schema; the names of those kept and dropped. */
export function salvageFields<S extends z.ZodObject>(schema: S, raw: unknown): { value: Record<string, unknown>; kept: string[]; dropped: string[] } {
  const value: Record<string, unknown> = {};
  const kept: string[] = [];
  const dropped: string[] = [];
  const source = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    if (!(key in source)) continue;
    const parsed = field.safeParse(source[key]);
    if (parsed.success) {
      value[key] = parsed.data;
      kept.push(key);
    } else {
      dropped.push(key);
    }
  }
  return { value, kept, dropped };
}

/** The items of `raw` (a list) that pass `item`; how many there were. */
export function salvageItems<T>(item: z.ZodType<T>, raw: unknown): { items: T[]; total: number } {
  if (!Array.isArray(raw)) return { items: [], total: 0 };
  const items: T[] = [];
  for (const entry of raw) {
    const parsed = item.safeParse(entry);
    if (parsed.success) items.push(parsed.data);
  }
  return { items, total: raw.length };
}
