/**
 * The "run it by hand" form of a fix script: the very `.ps1` the fix runs, made to stand alone so an
 * administrator can read it, save it and run it on the server. It is built from the same files the
 * runner uses (language-mode.ps1, prelude.ps1, seams.ps1, the fix's own file), so the command a fix
 * shows and what the fix does cannot drift apart:
 *  - the script's own file comes last, byte for byte;
 *  - of the prelude and the seams, every top-level statement is kept and a function only when the
 *    script reaches it (directly or through another kept function); kept text is verbatim;
 *  - the one line that reads the input from the runner's environment is replaced by the input as
 *    data: a JSON object inside a single-quoted here-string, where PowerShell expands nothing.
 * The templates are generated into shared/catalog/fixScripts.generated.ts (the catalogue builds its
 * commands from them; shared/ cannot read files); standalone.test.ts fails when that file is stale.
 */
import LANGUAGE_MODE from './language-mode.ps1';
import PRELUDE_TEXT from './prelude.ps1';
import SEAMS_TEXT from './seams.ps1';
import { SCRIPTS, type ScriptId } from './scripts';

/** A top-level piece of a PowerShell file: a function definition (with the comment lines above it) or anything else. */
export interface PsChunk {
  kind: 'function' | 'statement';
  /** The function's name (kind 'function'). */
  name?: string;
  text: string;
}

/**
 * How far the braces of one line move the nesting depth, ignoring braces inside strings and
 * comments. Enough for our own files: single- and double-quoted strings (doubled quotes and backtick
 * escapes), `#` comments. Here-strings and block comments are not used at the top level of
 * prelude.ps1 / seams.ps1 (the test compares every chunk with PowerShell's own parser).
 */
export function braceDelta(line: string): number {
  let depth = 0;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i]!;
    if (quote === '"' && c === '`') {
      i += 1;
      continue;
    }
    if (quote) {
      if (c === quote) {
        if (line[i + 1] === quote) i += 1;
        else quote = null;
      }
      continue;
    }
    if (c === '#') break;
    if (c === "'" || c === '"') quote = c;
    else if (c === '{') depth += 1;
    else if (c === '}') depth -= 1;
  }
  return depth;
}

const FUNCTION_START = /^function\s+([A-Za-z][\w-]*)/;

/** Splits a file into its top-level chunks, in order; the chunks joined with '\n' are the file again. */
export function splitTopLevel(text: string): PsChunk[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const chunks: PsChunk[] = [];
  let comments: string[] = [];
  let i = 0;
  const flushComments = (): void => {
    if (comments.length > 0) chunks.push({ kind: 'statement', text: comments.join('\n') });
    comments = [];
  };
  while (i < lines.length) {
    const line = lines[i]!;
    if (/^\s*#/.test(line) || line.trim() === '') {
      comments.push(line);
      i += 1;
      continue;
    }
    const body: string[] = [line];
    let depth = braceDelta(line);
    i += 1;
    while (depth > 0 && i < lines.length) {
      body.push(lines[i]!);
      depth += braceDelta(lines[i]!);
      i += 1;
    }
    const name = FUNCTION_START.exec(line)?.[1];
    if (name) {
      chunks.push({ kind: 'function', name, text: [...comments, ...body].join('\n') });
      comments = [];
    } else {
      flushComments();
      chunks.push({ kind: 'statement', text: body.join('\n') });
    }
  }
  flushComments();
  return chunks;
}

const mentions = (text: string, name: string): boolean => new RegExp(`(?<![\\w-])${name.replace(/-/g, '\\-')}(?![\\w-])`, 'i').test(text);

/** The line of the prelude that reads the input from the runner; the standalone form puts the input there as data. */
export const INPUT_LINE = '$in = Read-RdpDoctorInput';
/** Where the input JSON goes in a template. */
export const INPUT_SLOT = '@@INPUT@@';

/** The fix scripts an administrator may run by hand (their own file, with the prelude and seams they use). */
export const HAND_SCRIPTS = [
  'fix-firewall-apply',
  'fix-regenerate-cert',
  'fix-keyfile-acl',
  'fix-reset-machinekeys-acl',
  'fix-rebuild-machinekeys',
  'fix-clear-cert-hash',
  'fix-set-nla',
  'fix-set-security-layer',
  'fix-enable-rdp',
  'fix-start-services',
  'remote-repair',
] as const satisfies readonly ScriptId[];
export type HandScriptId = (typeof HAND_SCRIPTS)[number];

/** The names of the input fields the standalone form fills in itself (not from the catalogue). */
export function generatedFields(scriptId: ScriptId): string[] {
  const shape = (SCRIPTS[scriptId].input as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  return 'undoId' in shape ? ['undoId'] : [];
}

/**
 * The standalone text of a script with INPUT_SLOT where the input JSON goes. The input JSON is one
 * line (JSON.stringify escapes line breaks), so nothing inside it can end the here-string.
 */
export function standaloneTemplate(scriptId: HandScriptId): string {
  const body = SCRIPTS[scriptId].body.replace(/\r\n/g, '\n').replace(/\n+$/, '');
  const pieces = [...splitTopLevel(PRELUDE_TEXT), ...splitTopLevel(SEAMS_TEXT)];
  const functions = pieces.filter((c) => c.kind === 'function');
  const kept = new Set<string>();
  // Everything that always runs: the statements of the prelude and seams (but the input line) and the script.
  let reach = [body, ...pieces.filter((c) => c.kind === 'statement' && c.text !== INPUT_LINE).map((c) => c.text)].join('\n');
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of functions) {
      if (!kept.has(f.name!) && mentions(reach, f.name!)) {
        kept.add(f.name!);
        reach += `\n${f.text}`;
        changed = true;
      }
    }
  }
  const fields = generatedFields(scriptId);
  const input = [
    '# The input, as data: PowerShell expands nothing inside @\' \'@.',
    "$in = ConvertFrom-Json -InputObject @'",
    INPUT_SLOT,
    "'@",
    ...fields.map((f) => `$in | Add-Member -NotePropertyName ${f} -NotePropertyValue ('by-hand-' + (Get-Date).ToString('yyyyMMdd-HHmmss')) -Force`),
  ].join('\n');
  const out: string[] = [
    `# RDP Doctor: the script ${scriptId} as the app runs it, with the parts of its prelude it uses.`,
    '# Run it in Windows PowerShell as administrator. Its last line of output (JSON) says what it changed',
    '# and where it kept the backups (C:\\ProgramData\\RDPDoctor\\Undo).',
    LANGUAGE_MODE.replace(/\n+$/, ''),
  ];
  for (const c of pieces) {
    if (c.kind === 'statement' && c.text === INPUT_LINE) out.push(input);
    else if (c.kind === 'statement' || kept.has(c.name!)) out.push(c.text);
  }
  out.push(body);
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .concat('\n');
}

/** The generated module shared/catalog/fixScripts.generated.ts: one template per script, as JSON strings. */
export function generatedModule(): string {
  const entries = HAND_SCRIPTS.map((id) => `  ${JSON.stringify(id)}: ${JSON.stringify(standaloneTemplate(id))},`);
  return [
    '// Generated by `npm run gen:scripts` from electron/powershell (standalone.ts): do not edit.',
    '// electron/powershell/standalone.test.ts fails when this file is not what the .ps1 files give.',
    `export const INPUT_SLOT = ${JSON.stringify(INPUT_SLOT)};`,
    '',
    'export const FIX_SCRIPT_TEMPLATES = {',
    ...entries,
    '} as const;',
    '',
  ].join('\n');
}
