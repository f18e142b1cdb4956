/**
 * The words of every Windows finding, from one data file (findingTexts.json, keyed by finding id),
 * validated with zod when this module loads. A rule file keeps what decides a finding (id, severity,
 * step: windowsFindingDefinition in finding.ts) and takes its words from here. {name} placeholders
 * in plain, detail and forIt are filled by the catalogue's buildFinding; the title is shown as written.
 */
import { z } from 'zod';
import { findingSchema } from '../../model';
import data from './findingTexts.json';

/** The words of one finding: the text fields of a finding (model.ts), nothing else. */
const wordsSchema = findingSchema.pick({ title: true, plain: true, detail: true, forIt: true }).strict();
export type WindowsFindingWords = z.infer<typeof wordsSchema>;

export const findingTextsSchema = z
  .object({
    $comment: z.string().optional(),
    findings: z.record(findingSchema.shape.id.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/), wordsSchema),
  })
  .strict();

export type WindowsFindingTextId = keyof (typeof data)['findings'];

/** The parsed file: a mistake in it fails here, when the rules load, not on a finding card. */
export const WINDOWS_FINDING_TEXTS = findingTextsSchema.parse(data);

/** The words of finding `id` (tsc checks the id; a file without it throws). */
export function windowsFindingText(id: WindowsFindingTextId): WindowsFindingWords {
  const words = WINDOWS_FINDING_TEXTS.findings[id];
  if (!words) throw new Error(`findingTexts.json: no finding "${id}"`);
  return { title: words.title, plain: words.plain, detail: words.detail, ...(words.forIt !== undefined ? { forIt: words.forIt } : {}) };
}

/** Throws unless the file has an entry for every one of these finding ids and no other. */
export function assertFindingTextsCover(ids: readonly string[]): void {
  const known = new Set(ids);
  const keys = Object.keys(WINDOWS_FINDING_TEXTS.findings);
  const unknown = keys.filter((key) => !known.has(key));
  const missing = ids.filter((id) => !Object.hasOwn(WINDOWS_FINDING_TEXTS.findings, id));
  if (unknown.length) throw new Error(`findingTexts.json: no Windows finding ${unknown.map((k) => `"${k}"`).join(', ')}`);
  if (missing.length) throw new Error(`findingTexts.json: no words for ${missing.map((k) => `"${k}"`).join(', ')}`);
}
