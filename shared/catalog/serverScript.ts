/**
 * How a fix on the remote computer is done by hand: signed in there as an administrator, in
 * PowerShell, running the very script the fix runs (fixScripts.ts), labelled as such.
 */
import type { FixSuggestion } from '../model';
import { fix, type FixContext, type FixSpec } from './fix';
import { fixScriptCommand, type FixScriptId, type FixScriptInput } from './fixScripts';
import { sharedText } from './fixTexts';

/** The first step of a fix carried out at the remote computer. */
export const ON_SERVER = sharedText('onServer');

const SCRIPT_NOTE = 'the script the fix runs';

/** The label of a command that is the fix's own script. */
export const scriptLabel = (what: string): string => `${what} (${SCRIPT_NOTE})`;

export interface ServerScriptFixSpec extends Omit<FixSpec, 'where' | 'steps' | 'commands'> {
  /** The steps after opening PowerShell at the remote computer (ON_SERVER comes first). */
  steps: string[];
  /** The one command: the script the fix runs, with its input. */
  run: { what: string; scriptId: FixScriptId; input: FixScriptInput };
}

/** A fix at the remote computer whose whole manual form is: open PowerShell there, run the fix's script. */
export function serverScriptFix(ctx: FixContext, spec: ServerScriptFixSpec): FixSuggestion {
  const { steps, run, ...rest } = spec;
  return fix(ctx, { ...rest, where: 'server', steps: [ON_SERVER, ...steps], commands: [fixScriptCommand(scriptLabel(run.what), run.scriptId, run.input)] });
}
