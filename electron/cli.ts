/**
 * The command line: `rdp-doctor diagnose | scan | serve`. It talks to the service in-process,
 * through the same validating dispatch as the other transports.
 * Exit codes: 0 no finding of severity error, 1 at least one, 2 bad usage or bad input.
 */
import './cliSetup';
import { randomUUID } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { ServiceError } from '../shared/contract';
import { dispatch, unwrapReply } from '../shared/dispatch';
import { overallVerdict } from '../shared/rules';
import { DEFAULT_RUN_OPTIONS, runOptionsPatchSchema, type CheckResult, type Diagnosis, type Finding } from '../shared/model';
import { CHECK_STEPS, type CheckStepId } from '../shared/steps';
import { formatTarget, parseTarget } from '../shared/target';
import { NOT_WINDOWS_REASON } from '../shared/checks/windows/ids';
import { NET_CHECK_IDS, stabilityDataSchema } from '../shared/checks/net';
import { fixScriptIdOf } from '../shared/catalog/fixScriptId';
import { stageRow, stageRowText } from '../shared/catalog/stages';
import { platformName, plural } from '../shared/words';
import { deadlineHelp } from './engine/deadline';
import { createAppService } from './service/appService';
import type { RdpDoctorService } from './service/service';

/** package.json's version: written in by the build (scripts/build.mjs); read from package.json when run from source. */
export const APP_VERSION: string =
  process.env.RDP_DOCTOR_VERSION ?? (JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;

export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable;
  stdin: Readable;
  env: NodeJS.ProcessEnv;
  /** Resolves when the user asks to stop (serve). */
  stopSignal?: Promise<void>;
  /** Called once serve is listening (tests read the URL from here). */
  onServing?: (url: string) => void;
}

class UsageError extends Error {}

const HELP = `RDP Doctor ${APP_VERSION}: finds why Remote Desktop fails with 0x904 / extended error 0x7.

Usage:
  rdp-doctor diagnose HOST[:PORT] [--json] [--timeout MS] [--attempts N] [--steps LIST] [--no-udp] [--dns-server IP[:PORT]]
  rdp-doctor scan FILE|- [--concurrency N] [--json|--csv] [--timeout MS] [--dns-server IP[:PORT]]
  rdp-doctor serve [--port N]
  rdp-doctor --help | --version

diagnose  every network check against one host; exit 0 when nothing is broken, 1 when a
          finding of severity "error" was made, 2 on bad usage or input.
          --steps takes a comma-separated subset of: ${CHECK_STEPS.join(', ')}
scan      many hosts (one per line, # comments), one result line each.
serve     the wizard in your browser, on 127.0.0.1 only, with a per-run token in the link.

--dns-server asks only the given DNS server(s) (comma-separated) instead of the system resolver.

${deadlineHelp(DEFAULT_RUN_OPTIONS, CHECK_STEPS)}
`;

interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
}

function parseArgs(args: string[], valued: readonly string[], boolean: readonly string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (valued.includes(name)) {
        const value = inline ?? args[++i];
        if (value === undefined || value === '') throw new UsageError(`--${name} needs a value.`);
        flags.set(name, value);
      } else if (boolean.includes(name) && inline === undefined) {
        flags.set(name, true);
      } else {
        throw new UsageError(`Unknown option --${name}.`);
      }
    } else if (arg === '-' || !arg.startsWith('-')) {
      positional.push(arg);
    } else {
      throw new UsageError(`Unknown option ${arg}.`);
    }
  }
  return { positional, flags };
}

function intFlag(parsed: Parsed, name: string, min: number, max: number): number | undefined {
  const raw = parsed.flags.get(name);
  if (raw === undefined) return undefined;
  if (raw === true || !/^\d+$/.test(raw)) throw new UsageError(`--${name} takes a whole number from ${min} to ${max}.`);
  const value = Number(raw);
  if (value < min || value > max) throw new UsageError(`--${name} takes a whole number from ${min} to ${max}.`);
  return value;
}

function dnsServersFlag(parsed: Parsed): string[] | undefined {
  const raw = parsed.flags.get('dns-server');
  if (raw === undefined || raw === true) return undefined;
  const list = raw.split(',').map((s) => s.trim());
  const check = runOptionsPatchSchema.safeParse({ dnsServers: list });
  if (!check.success) throw new UsageError(check.error.issues[0]?.message ?? 'Invalid --dns-server.');
  return list;
}

function defaultDataDir(env: NodeJS.ProcessEnv): string {
  if (env.RDP_DOCTOR_DATA_DIR) return env.RDP_DOCTOR_DATA_DIR;
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'RDP Doctor');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'RDP Doctor');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'RDP Doctor');
}

// ---- human output -----------------------------------------------------------------------------

/**
 * Text from the input file, the command line or a server, made safe for a terminal: control
 * characters (C0 but tab, DEL, C1: escape sequences, bells, carriage returns), line and paragraph
 * separators and bidirectional overrides are removed, so nothing printed can move the cursor,
 * recolour, retitle the window or reorder what is shown. A tab becomes a space.
 */
export function terminalSafe(text: string): string {
  return text.replace(/\t/g, ' ').replace(TERMINAL_UNSAFE, '');
}
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** What JSON.stringify leaves unescaped of TERMINAL_UNSAFE (it escapes C0 itself; its own line breaks stay). */
const JSON_RAW_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON for a terminal: the same data, with the characters JSON.stringify leaves raw (DEL, C1, bidi) escaped. */
export function terminalJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(JSON_RAW_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

type Paint = (code: number, text: string) => string;
const paintWith = (colour: boolean): Paint => (code, text) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);

const STATUS_LABEL: Record<CheckResult['status'], [string, number]> = {
  pass: ['PASS', 32],
  warn: ['WARN', 33],
  fail: ['FAIL', 31],
  skipped: ['SKIP', 90],
  error: ['ERR ', 35],
};
const SEVERITY_LABEL: Record<Finding['severity'], [string, number]> = { error: ['error  ', 31], warning: ['warning', 33], info: ['info   ', 36] };

/**
 * The whole next action: its title, then every line of its first command (a script is not cut to one
 * line). A fix's whole script (a hundred lines and more) is named, with where to get it, instead.
 */
function nextActionLines(next: Finding['fixes'][number]): string[] {
  const lines = [`         next: ${terminalSafe(next.title)}`];
  const command = next.commands[0];
  if (!command) return lines;
  const script = fixScriptIdOf(command.text);
  if (script) {
    lines.push(`           the script ${script} (${command.text.split('\n').length} lines): in the --json output, and in the wizard (rdp-doctor serve) to copy or save`);
    return lines;
  }
  for (const line of command.text.split('\n')) lines.push(`           ${terminalSafe(line)}`);
  return lines;
}

/** Where each connection of the repeated handshakes ended: a row of stages, and for a failed one the stage in plain words and IT detail. */
function stageLines(check: CheckResult, paint: (code: number, text: string) => string): string[] {
  if (check.id !== NET_CHECK_IDS.stability) return [];
  const parsed = stabilityDataSchema.safeParse(check.data);
  if (!parsed.success) return [];
  const out: string[] = [];
  for (const row of parsed.data.attempts.map(stageRow)) {
    out.push(`        #${String(row.n).padEnd(3)}${stageRowText(row)}${row.ok ? '' : `  ${paint(31, `ended at ${row.cells.find((c) => c.state === 'failed')?.label ?? row.failedAt ?? ''}`)}`}`);
    if (!row.ok) out.push(`             ${row.plain}`, `             ${paint(90, terminalSafe(row.detail))}`);
  }
  return out;
}

export function formatHuman(d: Diagnosis, colour: boolean): string {
  const paint = paintWith(colour);
  const lines: string[] = [paint(1, `RDP Doctor: ${terminalSafe(formatTarget(d.target))}`), ''];
  // The Windows checks off Windows: one line for all of them, not one each.
  const notHere = d.checks.filter((c) => c.reason === NOT_WINDOWS_REASON);
  const shown = d.checks.filter((c) => c.reason !== NOT_WINDOWS_REASON);
  const idWidth = Math.max(16, ...shown.map((c) => c.id.length));
  for (const check of shown) {
    const [label, code] = STATUS_LABEL[check.status];
    const where = check.address && check.address !== d.target.host ? ` [${terminalSafe(check.address)}]` : '';
    const why = check.reason && check.reason !== check.summary ? ` (${terminalSafe(check.reason)})` : '';
    lines.push(`${paint(code, label)}  ${terminalSafe(check.id).padEnd(idWidth)}${where} ${terminalSafe(check.summary)}${why}  ${paint(90, `${Math.round(check.durationMs)} ms`)}`);
    lines.push(...stageLines(check, paint));
  }
  if (notHere.length > 0) {
    const [label, code] = STATUS_LABEL.skipped;
    lines.push(`${paint(code, label)}  ${plural(notHere.length, 'Windows check')}: not applicable on ${platformName(d.platform)}`);
  }
  lines.push('');
  if (d.findings.length === 0) {
    lines.push(paint(32, d.cancelled ? 'Cancelled: no findings so far.' : 'No problems found.'));
  } else {
    lines.push(paint(1, 'Findings:'));
    for (const f of d.findings) {
      const [label, code] = SEVERITY_LABEL[f.severity];
      lines.push(`${paint(code, label)}  ${terminalSafe(f.id)}: ${terminalSafe(f.title)}${f.address ? ` [${terminalSafe(f.address)}]` : ''}`);
      const next = f.fixes[0];
      if (next) lines.push(...nextActionLines(next));
    }
  }
  const verdict = overallVerdict(d);
  lines.push('', `Verdict: ${verdict}  (${Math.round(d.durationMs)} ms)`);
  return `${lines.join('\n')}\n`;
}

// ---- commands ---------------------------------------------------------------------------------------

function exitCodeFor(d: Diagnosis): number {
  return d.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

async function callDiagnose(service: RdpDoctorService, request: Record<string, unknown>): Promise<Diagnosis> {
  const reply = await dispatch(service, 'diagnose', request, { transport: 'in-process' });
  return unwrapReply(reply) as Diagnosis;
}

/** Settings or undo records that had to be moved aside: one line each on stderr, after the results. */
async function tellStoreProblems(service: RdpDoctorService, io: CliIo): Promise<void> {
  const reply = await dispatch(service, 'storeProblems', {}, { transport: 'in-process' });
  if (!reply.ok) return;
  for (const problem of (reply.value as { problems: string[] }).problems) io.stderr.write(`rdp-doctor: note: ${terminalSafe(problem)}\n`);
}

async function diagnoseCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, ['timeout', 'attempts', 'steps', 'dns-server'], ['json', 'no-udp']);
  const dnsServers = dnsServersFlag(parsed);
  if (parsed.positional.length !== 1) throw new UsageError('diagnose takes exactly one HOST[:PORT].');
  const input = parsed.positional[0]!;
  const target = parseTarget(input);
  if (!target.ok) throw new UsageError(target.reason);
  const timeoutMs = intFlag(parsed, 'timeout', 200, 60_000);
  const attempts = intFlag(parsed, 'attempts', 1, 50);
  let steps: CheckStepId[] | undefined;
  const stepsFlag = parsed.flags.get('steps');
  if (typeof stepsFlag === 'string') {
    const list = stepsFlag.split(',').map((s) => s.trim());
    const bad = list.find((s) => !(CHECK_STEPS as readonly string[]).includes(s));
    if (bad !== undefined) throw new UsageError(`Unknown step "${bad}": use ${CHECK_STEPS.join(', ')}.`);
    steps = list as CheckStepId[];
  }
  const service = createAppService({ appVersion: APP_VERSION, dataDir: defaultDataDir(io.env) });
  const diagnosis = await callDiagnose(service, {
    runId: randomUUID(),
    target: input,
    save: false,
    ...(steps ? { steps } : {}),
    options: {
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(attempts !== undefined ? { attempts } : {}),
      ...(parsed.flags.has('no-udp') ? { udp: false } : {}),
      ...(dnsServers ? { dnsServers } : {}),
    },
  });
  if (parsed.flags.has('json')) io.stdout.write(`${terminalJson(diagnosis, 2)}\n`);
  else io.stdout.write(formatHuman(diagnosis, Boolean(io.stdout.isTTY) && !io.env.NO_COLOR));
  await tellStoreProblems(service, io);
  return exitCodeFor(diagnosis);
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > 10_000_000) throw new UsageError('The target list is larger than 10 MB.');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function csvField(value: string): string {
  // Quote always; neutralise spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export interface ScanRow {
  input: string;
  target?: { host: string; port: number };
  verdict: string;
  errors: string[];
  warnings: string[];
  durationMs: number;
  problem?: string;
}

async function scanCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, ['concurrency', 'timeout', 'dns-server'], ['json', 'csv']);
  const dnsServers = dnsServersFlag(parsed);
  if (parsed.positional.length !== 1) throw new UsageError('scan takes one FILE, or - for standard input.');
  if (parsed.flags.has('json') && parsed.flags.has('csv')) throw new UsageError('Choose one of --json and --csv.');
  const concurrency = intFlag(parsed, 'concurrency', 1, 500) ?? 20;
  const timeoutMs = intFlag(parsed, 'timeout', 200, 60_000);
  const source = parsed.positional[0]!;
  let text: string;
  try {
    text = source === '-' ? await readAll(io.stdin) : await fs.readFile(source, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`Cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  const inputs = text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter((l) => l !== '');
  if (inputs.length === 0) throw new UsageError(`No targets in ${source === '-' ? 'standard input' : source}.`);
  if (inputs.length > 100_000) throw new UsageError('At most 100000 targets per scan.');

  const format = parsed.flags.has('json') ? 'json' : parsed.flags.has('csv') ? 'csv' : 'text';
  const service = createAppService({ appVersion: APP_VERSION, dataDir: defaultDataDir(io.env), maxConcurrentRuns: concurrency });
  const paint = paintWith(format === 'text' && Boolean(io.stdout.isTTY) && !io.env.NO_COLOR);
  if (format === 'csv') io.stdout.write('target,host,port,verdict,errors,warnings,duration_ms,problem\n');
  let worst = 0;
  // Results are streamed: each line is written as its target finishes and nothing of it is kept. A
  // reader slower than the scan holds the workers back (backpressure) instead of queueing lines in memory.
  const emit = (line: string): Promise<void> | void => {
    if (io.stdout.write(line)) return;
    return new Promise<void>((resolve) => {
      const done = (): void => {
        io.stdout.off('drain', done);
        io.stdout.off('close', done);
        io.stdout.off('error', done);
        resolve();
      };
      io.stdout.once('drain', done);
      io.stdout.once('close', done);
      io.stdout.once('error', done);
    });
  };
  const write = (row: ScanRow): Promise<void> | void => {
    if (format === 'json') return emit(`${terminalJson(row)}\n`);
    else if (format === 'csv') {
      return emit(
        [row.input, row.target?.host ?? '', String(row.target?.port ?? ''), row.verdict, row.errors.join(' '), row.warnings.join(' '), String(Math.round(row.durationMs)), row.problem ?? '']
          .map((field) => csvField(terminalSafe(field)))
          .join(',') + '\n',
      );
    } else {
      const colour = row.verdict === 'healthy' ? 32 : row.verdict === 'risks' ? 33 : 31;
      const detail = row.problem ?? [...row.errors, ...row.warnings].join(', ');
      return emit(`${terminalSafe(row.input).padEnd(28)} ${paint(colour, row.verdict.padEnd(10))} ${terminalSafe(detail)}\n`);
    }
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < inputs.length) {
      const input = inputs[next++]!;
      const parsedTarget = parseTarget(input);
      if (!parsedTarget.ok) {
        worst = Math.max(worst, 1);
        await write({ input, verdict: 'invalid', errors: [], warnings: [], durationMs: 0, problem: parsedTarget.reason });
        continue;
      }
      try {
        const d = await callDiagnose(service, {
          runId: randomUUID(),
          target: input,
          save: false,
          steps: ['reachability', 'certificate', 'security'],
          options: { udp: false, windows: false, attempts: 1, ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(dnsServers ? { dnsServers } : {}) },
        });
        worst = Math.max(worst, exitCodeFor(d));
        await write({
          input,
          target: { host: d.target.host, port: d.target.port },
          verdict: overallVerdict(d),
          errors: d.findings.filter((f) => f.severity === 'error').map((f) => f.id),
          warnings: d.findings.filter((f) => f.severity === 'warning').map((f) => f.id),
          durationMs: d.durationMs,
        });
      } catch (error) {
        worst = Math.max(worst, 1);
        await write({ input, verdict: 'error', errors: [], warnings: [], durationMs: 0, problem: (error as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, inputs.length) }, worker));
  await tellStoreProblems(service, io);
  return worst;
}

async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, ['port'], []);
  if (parsed.positional.length !== 0) throw new UsageError('serve takes no arguments besides --port.');
  const port = intFlag(parsed, 'port', 0, 65535) ?? 0;
  const staticDir = io.env.RDP_DOCTOR_RENDERER_DIR ?? path.join(__dirname, 'renderer');
  try {
    await fs.access(path.join(staticDir, 'index.html'));
  } catch {
    io.stderr.write(`The wizard is not built (${terminalSafe(staticDir)} has no index.html): run \`npm run build\` first.\n`);
    return 2;
  }
  const service = createAppService({ appVersion: APP_VERSION, dataDir: defaultDataDir(io.env) });
  // Loaded here: only `serve` needs the HTTP bridge, and every other command starts faster without it.
  const { startBridge } = await import('./transports/bridge');
  let bridge;
  try {
    bridge = await startBridge({ service, staticDir, port });
  } catch (error) {
    throw new UsageError(`Cannot listen on 127.0.0.1:${port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  io.stdout.write(`RDP Doctor is serving the wizard at ${bridge.openUrl}\nOpen that link in a browser on this computer (it only answers on 127.0.0.1). Press Ctrl+C to stop.\n`);
  io.onServing?.(bridge.openUrl);
  await (io.stopSignal ??
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }));
  await bridge.close();
  return 0;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'diagnose':
        return await diagnoseCommand(rest, io);
      case 'scan':
        return await scanCommand(rest, io);
      case 'serve':
        return await serveCommand(rest, io);
      case '--version':
      case 'version':
        io.stdout.write(`${APP_VERSION}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout.write(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`Unknown command "${command}": use diagnose, scan or serve (see --help).`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error instanceof ServiceError && error.code === 'invalid-input')) {
      io.stderr.write(`rdp-doctor: ${terminalSafe(error.message.split('\n')[0] ?? '')}\n`);
      return 2;
    }
    io.stderr.write(`rdp-doctor: ${terminalSafe((error as Error).message.split('\n')[0] ?? '')}\n`);
    return 1;
  }
}

/** Entry point of bin/rdp-doctor.cjs. */
export function main(): void {
  void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }).then((code) => {
    process.exitCode = code;
  });
}
