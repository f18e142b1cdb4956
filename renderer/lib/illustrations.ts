/**
 * The illustrations of the visual walkthrough (assets/illustrations): SVG files emitted as local
 * assets, and index.json's title, alt text, how to open the window, and numbered steps (one per
 * callout in the picture), with light and dark variants. Loaded through import.meta.glob so an
 * unknown id (or a missing file) shows no picture rather than breaking the build.
 */
import { z } from 'zod';

const svgUrls = import.meta.glob<string>('../../assets/illustrations/*.svg', { eager: true, query: '?url', import: 'default' });
const indexFiles = import.meta.glob<unknown>('../../assets/illustrations/index.json', { eager: true, import: 'default' });

const entrySchema = z.object({
  title: z.string(),
  alt: z.string(),
  where: z.string().optional(),
  files: z.object({ default: z.string().optional(), light: z.string().optional(), dark: z.string().optional() }),
  /** How to get to the window shown, before step 1. */
  open: z.string().optional(),
  steps: z.array(z.string()).default([]),
});
const indexSchema = z.object({ illustrations: z.record(z.string(), z.unknown()) });

export interface Illustration {
  id: string;
  title: string;
  alt: string;
  open?: string;
  steps: string[];
  light: string | null;
  dark: string | null;
}

function fileUrl(name: string | undefined): string | null {
  if (!name) return null;
  return svgUrls[`../../assets/illustrations/${name.replace(/^.*[\\/]/, '')}`] ?? null;
}

function loadIndex(): Map<string, Illustration> {
  const map = new Map<string, Illustration>();
  for (const raw of Object.values(indexFiles)) {
    const index = indexSchema.safeParse(raw);
    if (!index.success) continue;
    for (const [id, value] of Object.entries(index.data.illustrations)) {
      const entry = entrySchema.safeParse(value);
      if (!entry.success) continue;
      const e = entry.data;
      const fallback = fileUrl(e.files.default);
      map.set(id, {
        id,
        title: e.title,
        alt: e.alt,
        ...(e.open ? { open: e.open } : {}),
        steps: e.steps,
        light: fileUrl(e.files.light) ?? fallback,
        dark: fileUrl(e.files.dark) ?? fallback,
      });
    }
  }
  return map;
}

const index = loadIndex();

export function findIllustration(id: string | undefined): Illustration | null {
  if (!id) return null;
  const ill = index.get(id);
  return ill && (ill.light || ill.dark) ? ill : null;
}

export function illustrationUrl(ill: Illustration, theme: 'light' | 'dark'): string | null {
  return theme === 'dark' ? (ill.dark ?? ill.light) : (ill.light ?? ill.dark);
}
