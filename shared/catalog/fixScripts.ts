/**
 * The commands a Windows fix shows "to run by hand": the script the fix itself runs, in its
 * standalone form (electron/powershell/standalone.ts builds the templates from the .ps1 files into
 * fixScripts.generated.ts). The input goes in as data: one line of JSON inside a single-quoted
 * here-string, where PowerShell expands nothing, so no value can become code.
 */
import type { FixCommand } from '../model';
import { powershellCommand } from './commandText';
import { FIX_SCRIPT_TEMPLATES, INPUT_SLOT } from './fixScripts.generated';
import { fixScriptIdOf } from './fixScriptId';

export type FixScriptId = keyof typeof FIX_SCRIPT_TEMPLATES;
export type FixScriptInput = Record<string, string | number | boolean | null | readonly string[]>;

/** The standalone script text with its input. */
export function fixScriptText(scriptId: FixScriptId, input: FixScriptInput): string {
  // JSON.stringify escapes line breaks: the data stays one line, which cannot end the here-string.
  return FIX_SCRIPT_TEMPLATES[scriptId].replace(INPUT_SLOT, () => JSON.stringify(input));
}

/** A fix card's command: the script the fix runs, with the input it would run with. */
export function fixScriptCommand(label: string, scriptId: FixScriptId, input: FixScriptInput): FixCommand {
  return powershellCommand(label, fixScriptText(scriptId, input));
}

const DATA = /\n\$in = ConvertFrom-Json -InputObject @'\n(.*)\n'@\n/;

/** Which script a command text is and the input it carries (null for any other text). */
export function readFixScript(text: string): { scriptId: FixScriptId; input: FixScriptInput } | null {
  const id = fixScriptIdOf(text);
  const data = DATA.exec(text)?.[1];
  if (!id || !(id in FIX_SCRIPT_TEMPLATES) || data === undefined) return null;
  const scriptId = id as FixScriptId;
  const input = JSON.parse(data) as FixScriptInput;
  return fixScriptText(scriptId, input) === text ? { scriptId, input } : null;
}
