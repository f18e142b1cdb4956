/**
 * The tie between a fix's preview and what its script does (issue 10.5), TypeScript side (tests only).
 * Each fixture electron/powershell/testing/preview/<fix>.<scenario>.json holds one machine in two forms
 * (`machine`, as FakeMachine.psm1 loads it for the Pester test fixes/preview.Tests.ps1; `checks`, the
 * recorded output of the checks describe() reads), the fix's `params` and the script `input` apply()
 * sends, and the `changes` expected as (kind, location). The Pester test runs the script for real and
 * normalizes what it did; previewFixtures.test.ts runs describe() and normalizes its changes with
 * the rules below. Both must equal the fixture's list exactly. The Pester test also runs the checks
 * that work on the fake machine and compares what describe() reads with `checks`, so the two forms
 * of the machine cannot drift apart.
 *
 * Normalization of a preview change's location (the PowerShell twin: testing/PreviewChanges.ps1):
 *   registry     a registry value: "...HKLM\Key\Name" (from the HKLM\ or HKLM:\ path to the end of the
 *                location, the provider colon dropped; text before it, such as the WMI method, is how)
 *   firewall     "Windows Firewall inbound rule <Name>" -> the rule's Name
 *   certificate  "Cert:\LocalMachine\<store>\<thumbprint>" -> "<store>\<thumbprint>"
 *   service      "Service <name>" -> the name; "Services A, B, C" -> each name
 *   file         "C:\path" (optionally "... and every file in it") -> the path
 * The result is the sorted list of distinct "kind location" lines; a path inside a folder that is also
 * in the list counts as that folder. A location none of the rules reads is an error, so a preview
 * can never hide a change behind wording these rules do not know.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { ScriptId } from '../../powershell/scripts';
import type { FixChange } from '../types';

export const PREVIEW_KINDS = ['registry', 'firewall', 'certificate', 'service', 'file'] as const;
export type PreviewKind = (typeof PREVIEW_KINDS)[number];

const here = path.dirname(fileURLToPath(import.meta.url));
export const POWERSHELL_DIR = path.join(here, '../../powershell');
export const PREVIEW_FIXTURE_DIR = path.join(POWERSHELL_DIR, 'testing', 'preview');

const RULES: { pattern: RegExp; kind: PreviewKind; locations: (m: RegExpMatchArray) => string[] }[] = [
  { pattern: /(HK(?:LM|CU|EY_[A-Z_]+)):?\\(.+)$/, kind: 'registry', locations: (m) => [`${m[1]}\\${m[2]}`] },
  { pattern: /^Windows Firewall inbound rule ([A-Za-z0-9._-]+)$/, kind: 'firewall', locations: (m) => [m[1]!] },
  { pattern: /^Cert:\\LocalMachine\\(.+\\[0-9A-F]{40})$/, kind: 'certificate', locations: (m) => [m[1]!] },
  { pattern: /^Services? ([A-Za-z0-9_]+(?:, [A-Za-z0-9_]+)*)$/, kind: 'service', locations: (m) => m[1]!.split(', ') },
  { pattern: /^([A-Za-z]:\\[^<>|"]+?)(?: and every file in it)?$/, kind: 'file', locations: (m) => [m[1]!.replace(/\\+$/, '')] },
];

/** One preview location as its (kind, location) entries; throws for a location no rule reads. */
export function normalizeLocation(location: string | undefined): { kind: PreviewKind; location: string }[] {
  for (const rule of RULES) {
    const m = location?.match(rule.pattern);
    if (m) return rule.locations(m).map((l) => ({ kind: rule.kind, location: l }));
  }
  throw new Error(`previewFixtures: no normalization rule for the location ${JSON.stringify(location)}`);
}

const under = (p: string, folder: string) => p.toLowerCase().startsWith(`${folder.toLowerCase()}\\`);

/** A preview's changes as sorted distinct "kind location" lines (a path inside a listed folder counts as the folder). */
export function normalizeChanges(changes: readonly Pick<FixChange, 'location'>[]): string[] {
  const entries = changes.flatMap((c) => normalizeLocation(c.location));
  const folders = entries.filter((e) => e.kind === 'file').map((e) => e.location);
  const kept = entries.filter((e) => e.kind !== 'file' || !folders.some((f) => under(e.location, f)));
  return [...new Set(kept.map((e) => `${e.kind} ${e.location}`))].sort();
}

const fixtureSchema = z.object({
  fix: z.string(),
  scenario: z.string(),
  description: z.string(),
  /** The fix script, relative to electron/powershell (the Pester test runs it). */
  script: z.string().regex(/^fixes\/[a-z0-9-]+\.ps1$/),
  params: z.record(z.string(), z.unknown()),
  input: z.record(z.string(), z.unknown()),
  /** Recorded output of the checks describe() reads, by script id. */
  checks: z.record(z.string(), z.unknown()),
  /** The machine as FakeMachine.psm1 loads it (read by testing/PreviewChanges.ps1 only). */
  machine: z.record(z.string(), z.unknown()),
  changes: z.array(z.object({ kind: z.enum(PREVIEW_KINDS), location: z.string().min(1) })),
});
export type PreviewFixture = z.infer<typeof fixtureSchema>;

/** Every fixture, by file name without .json; the name must be <fix>.<scenario>. */
export function loadPreviewFixtures(dir: string = PREVIEW_FIXTURE_DIR): { name: string; fixture: PreviewFixture }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const fixture = fixtureSchema.parse(JSON.parse(readFileSync(path.join(dir, f), 'utf8')));
      const name = f.slice(0, -'.json'.length);
      if (name !== `${fixture.fix}.${fixture.scenario}`) throw new Error(`previewFixtures: ${f} holds ${fixture.fix}.${fixture.scenario}`);
      return { name, fixture };
    });
}

/** The fixture's expected changes in the same form as normalizeChanges. */
export function expectedChanges(fixture: PreviewFixture): string[] {
  return [...new Set(fixture.changes.map((c) => `${c.kind} ${c.location}`))].sort();
}

/** The recorded check outputs as the answers of a scripted executor (stdout: the check's JSON line). */
export function checkAnswers(fixture: PreviewFixture): Partial<Record<ScriptId, string>> {
  return Object.fromEntries(Object.entries(fixture.checks).map(([id, out]) => [id, JSON.stringify(out)]));
}

/** The text of the fixture's script file (compared with the body of the script id apply() runs). */
export function fixtureScriptText(fixture: PreviewFixture): string {
  return readFileSync(path.join(POWERSHELL_DIR, fixture.script), 'utf8');
}
