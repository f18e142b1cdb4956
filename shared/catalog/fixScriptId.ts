/**
 * Which fix script a command text is, by its first line (written by electron/powershell/standalone.ts):
 * light enough for the renderer, which shows the scripts but never builds them (fixScripts.ts does).
 */
const HEADER = /^# RDP Doctor: the script ([a-z-]+) as the app runs it/;

/** The script id a standalone script text names in its first line, or null for any other text. */
export function fixScriptIdOf(text: string): string | null {
  return HEADER.exec(text)?.[1] ?? null;
}
