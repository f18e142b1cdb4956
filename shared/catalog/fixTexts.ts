/**
 * The words of every fix, from one data file (fixTexts.json, keyed by fix id), validated with zod
 * when this module loads. A builder keeps only what it computes (commands, params, which variant,
 * the values for the {name} placeholders) and takes its words with fixText().
 *
 * In the file: "shared" holds texts several fixes use (reached as placeholders, e.g. {onServer});
 * "stepLists" step lists several fixes use (a step {"list": name} stands for the whole list); a fix's
 * "variants" override its fields and may add placeholder values ("vars").
 */
import { z } from 'zod';
import { fixSuggestionSchema } from '../model';
import { fillPlaceholders, PLACEHOLDER, type TemplateVars } from './build';
import data from './fixTexts.json';

const stepSchema = z.union([z.string().min(1), z.object({ list: z.string() }).strict()]);

/**
 * The words of one fix once base and variants are merged: the fields of a fix card but its commands
 * (model.ts), and for a fix the app can make, what its undo puts back (`restores`, shown in the undo list).
 */
const wordsSchema = fixSuggestionSchema
  .pick({ title: true, plain: true, where: true, invasiveness: true, purpose: true, risk: true, illustration: true })
  .extend({ steps: z.array(stepSchema).min(1), restores: z.string().min(1).max(2000).optional() })
  .strict();

const partialWords = wordsSchema.partial();
const variantSchema = partialWords.extend({ vars: z.record(z.string(), z.string()).optional() }).strict();
const entrySchema = partialWords.extend({ variants: z.record(z.string(), variantSchema).optional() }).strict();

export const fixTextsSchema = z
  .object({
    $comment: z.string().optional(),
    shared: z.record(z.string(), z.string()),
    stepLists: z.record(z.string(), z.array(z.string().min(1)).min(1)),
    fixes: z.record(z.string(), entrySchema),
  })
  .strict()
  .superRefine((texts, issue) => {
    for (const [id, entry] of Object.entries(texts.fixes)) {
      const steps = [entry.steps ?? [], ...Object.values(entry.variants ?? {}).map((v) => v.steps ?? [])].flat();
      for (const step of steps) if (typeof step !== 'string' && !(step.list in texts.stepLists)) issue.addIssue({ code: 'custom', message: `${id}: no step list "${step.list}"`, path: ['fixes', id] });
    }
  });

type Data = typeof data;
export type FixTextId = keyof Data['fixes'];
/** The variant names a fix's entry defines (never for a fix without variants). */
export type FixTextVariant<I extends FixTextId> = Data['fixes'][I] extends { variants: infer V } ? keyof V & string : never;

/** The parsed file: a mistake in it fails here, when the catalogue loads, not on a fix card. */
export const FIX_TEXTS = fixTextsSchema.parse(data);

/** The shared texts by name: {name} in any fix text. */
export const sharedText = (name: string): string => {
  const text = FIX_TEXTS.shared[name];
  if (text === undefined) throw new Error(`fixTexts.json: no shared text "${name}"`);
  return text;
};

/** The placeholder names a text uses. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

export interface FixWords extends Omit<z.infer<typeof wordsSchema>, 'steps' | 'restores'> {
  id: FixTextId;
  steps: string[];
}

/**
 * Fix `id`'s entry with its variants applied in order, and a filler for its placeholders from `vars`,
 * the variants' values and the shared texts. A placeholder without a value is a mistake in the
 * catalogue: it throws (the builders' tests call every builder and variant).
 */
function merged(id: string, vars: TemplateVars, variants: readonly string[]): { words: z.infer<typeof partialWords>; fill: (text: string) => string } {
  const entry = FIX_TEXTS.fixes[id];
  if (!entry) throw new Error(`fixTexts.json: no fix "${id}"`);
  const { variants: defined, ...base } = entry;
  let words: z.infer<typeof partialWords> = base;
  let values: TemplateVars = { ...FIX_TEXTS.shared };
  for (const name of variants) {
    const variant = defined?.[name];
    if (!variant) throw new Error(`fixTexts.json: ${id} has no variant "${name}"`);
    const { vars: variantVars, ...fields } = variant;
    words = { ...words, ...fields };
    values = { ...values, ...variantVars };
  }
  values = { ...values, ...vars };
  // A value is written as given: an empty one (a rule or adapter without a name) stays empty.
  const fill = (text: string): string =>
    fillPlaceholders(text, (name) => {
      const value = Object.hasOwn(values, name) ? values[name] : undefined;
      if (value === undefined) throw new Error(`fixTexts.json: ${id} needs a value for {${name}}`);
      return String(value);
    });
  return { words, fill };
}

/** The words of fix `id` for its card, its variants applied in order and its placeholders filled. */
export function fixText<I extends FixTextId>(id: I, vars: TemplateVars = {}, ...variants: FixTextVariant<I>[]): FixWords {
  const { words: entry, fill } = merged(id, vars, variants);
  const words = wordsSchema.parse(entry);
  const steps = words.steps.flatMap((step) => (typeof step === 'string' ? [step] : FIX_TEXTS.stepLists[step.list]!));
  return {
    id,
    title: fill(words.title),
    plain: fill(words.plain),
    where: words.where,
    invasiveness: words.invasiveness,
    ...(words.purpose ? { purpose: words.purpose } : {}),
    risk: fill(words.risk),
    steps: steps.map(fill),
    ...(words.illustration ? { illustration: words.illustration } : {}),
  };
}

/**
 * One of fix `id`'s words, variants applied and only its own placeholders filled (the others may need
 * values the caller does not have). A fix without those words is a mistake: it throws.
 */
export function fixWord(id: FixTextId, field: 'title' | 'restores', vars: TemplateVars = {}, ...variants: readonly string[]): string {
  const { words, fill } = merged(id, vars, variants);
  const text = words[field];
  if (text === undefined) throw new Error(`fixTexts.json: ${id} has no "${field}" words${variants.length > 0 ? ` (variants ${variants.join(', ')})` : ''}`);
  return fill(text);
}

/** What undoing fix `id` puts back, in the undo list's words (its "restores"). */
export const fixRestores = (id: FixTextId, vars: TemplateVars = {}, ...variants: readonly string[]): string => fixWord(id, 'restores', vars, ...variants);
