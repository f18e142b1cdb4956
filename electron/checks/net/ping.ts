/**
 * One don't-fragment ping: run the system's `ping` (fixed path, fixed arguments from
 * shared/checks/ping.ts, no shell, bounded by a timer of ours and the run's signal) and read what it
 * printed. The reading is pure and made for every system's output, in English and in other
 * languages where we can: a reply is a line with a TTL (every Windows language writes "TTL="), the
 * rest by the words ping uses and its exit code.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pingCommand, type PingPlatform } from '../../../shared/checks/ping';
import { now, since } from './io';

/** What one packet met. */
export type PingOutcome =
  /** An echo reply came back: this size crosses the path. */
  | 'reply'
  /** Too big, and something said so: this computer's own interface, or a router's ICMP "fragmentation needed" / "packet too big". */
  | 'too-big'
  /** Nothing came back within the wait: lost on the way (or echo is blocked). */
  | 'no-reply'
  /** A router or the host said the destination cannot be reached. */
  | 'unreachable'
  /** ping did not run or could not send (missing, not permitted, bad arguments). */
  | 'error';

export interface PingReading {
  outcome: PingOutcome;
  /** The MTU the message named, when it named one. */
  mtu?: number;
  /** too-big: the limit is this computer's own interface (not the path). */
  local?: boolean;
  /** The line that decided it (trimmed, at most 200 characters). */
  line?: string;
}

export interface PingOutput {
  stdout: string;
  stderr: string;
  /** null when it was stopped by a signal or did not start. */
  exitCode: number | null;
}

const TTL_LINE = /\bttl\s*[=:]\s*\d+/i;
const TOO_BIG = /frag(?:mentation)?\s+needed|needs?\s+to\s+be\s+fragmented|message\s+too\s+long|packet\s+too\s+big|fragmentiert|fragmenter|fragmentado|frammentato|DF[- ]?(?:flag|bit|set|gesetzt|d[ée]fini)/i;
const LOCAL = /local\s+error|sendmsg|sendto|message\s+too\s+long/i;
const UNREACHABLE = /unreachable|unerreichbar|inaccessible|inalcanzable|irraggiungibile|no\s+route\s+to\s+host/i;
const NOT_RUN = /unknown\s+host|name\s+or\s+service\s+not\s+known|cannot\s+resolve|bad\s+(?:value|number|timing|packet)|invalid|usage:|operation\s+not\s+permitted|permission\s+denied|ungültig|non\s+valide/i;
const MTU_VALUE = /mtu\s*(?:=|:|\s)\s*(\d{3,5})/i;

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

function clipLine(line: string): string {
  return line.slice(0, 200);
}

/**
 * What one `ping` run says about its one packet. Pure: Windows, macOS and Linux output, exit codes
 * as each system uses them (Windows: 0 even for "destination host unreachable"; macOS: 2 for no reply).
 */
export function readPingOutput(platform: PingPlatform, output: PingOutput): PingReading {
  const all = [...lines(output.stdout), ...lines(output.stderr)];
  // A "reply" that is really a router's message (macOS prints "frag needed" lines with byte counts, never a TTL=).
  const reply = all.find((l) => TTL_LINE.test(l) && !TOO_BIG.test(l) && !UNREACHABLE.test(l));
  if (reply) return { outcome: 'reply', line: clipLine(reply) };
  const tooBig = all.find((l) => TOO_BIG.test(l));
  if (tooBig) {
    const mtu = MTU_VALUE.exec(tooBig);
    const local = platform !== 'win32' && LOCAL.test(tooBig);
    return { outcome: 'too-big', ...(mtu ? { mtu: Number(mtu[1]) } : {}), ...(local ? { local: true } : {}), line: clipLine(tooBig) };
  }
  const unreachable = all.find((l) => UNREACHABLE.test(l));
  if (unreachable) return { outcome: 'unreachable', line: clipLine(unreachable) };
  const notRun = all.find((l) => NOT_RUN.test(l));
  if (notRun) return { outcome: 'error', line: clipLine(notRun) };
  // Linux exits 2 and macOS 64+ when ping itself failed; 1 (Linux, Windows) and 2 (macOS) mean no reply.
  if (output.exitCode === null) return { outcome: 'error', line: 'ping did not finish' };
  const failedToRun = platform === 'linux' ? output.exitCode >= 2 : platform === 'darwin' ? output.exitCode >= 64 : output.exitCode > 1;
  if (failedToRun) return { outcome: 'error', line: clipLine(all.at(-1) ?? `exit code ${output.exitCode}`) };
  return { outcome: 'no-reply', line: clipLine(all.find((l) => /packet|paket|paquet|timed out|timeout|zeitüberschreitung|d[ée]lai/i.test(l)) ?? `exit code ${output.exitCode}`) };
}

/** Where the system's ping lives (fixed paths: never looked up on PATH). */
export function pingExecutable(platform: PingPlatform, exists: (path: string) => boolean = existsSync): string | null {
  const candidates =
    platform === 'win32'
      ? [`${process.env.SystemRoot ?? 'C:\\Windows'}\\System32\\PING.EXE`, 'C:\\Windows\\System32\\PING.EXE']
      : platform === 'darwin'
        ? ['/sbin/ping']
        : ['/usr/bin/ping', '/bin/ping', '/usr/sbin/ping', '/sbin/ping'];
  return candidates.find((path) => exists(path)) ?? null;
}

export interface PingProbe extends PingReading {
  payload: number;
  durationMs: number;
}

export interface RunPingOptions {
  platform: PingPlatform;
  /** How long to wait for the reply (ping's own wait); our timer adds a margin and kills it after. */
  waitMs: number;
  signal?: AbortSignal;
  /** The ping program (default: pingExecutable). */
  executable?: string;
}

/** Send one don't-fragment echo of `payload` bytes to `address`. Never throws. */
export function runPing(address: string, payload: number, options: RunPingOptions): Promise<PingProbe> {
  const started = now();
  const command = pingCommand(options.platform, address, payload, options.waitMs);
  const done = (reading: PingReading): PingProbe => ({ ...reading, payload, durationMs: since(started) });
  if (!command) return Promise.resolve(done({ outcome: 'error', line: `no don't-fragment ping for ${address} on ${options.platform}` }));
  const file = options.executable ?? pingExecutable(options.platform);
  if (!file) return Promise.resolve(done({ outcome: 'error', line: 'the system ping program was not found' }));
  if (options.signal?.aborted) return Promise.resolve(done({ outcome: 'error', line: 'cancelled' }));
  return new Promise((resolve) => {
    // Our bound: ping's own wait plus a margin for starting it; the child is killed after that.
    const child = execFile(
      file,
      command.args,
      {
        shell: false,
        windowsHide: true,
        timeout: options.waitMs + 2000,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024,
        encoding: 'utf8',
        ...(options.signal ? { signal: options.signal } : {}),
        // English where the system lets us choose (Linux, macOS); Windows speaks its own language.
        env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      },
      (error, stdout, stderr) => {
        const code = error && typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : error ? null : 0;
        if (error && code === null) {
          const name = (error as { code?: unknown }).code;
          const why = options.signal?.aborted ? 'cancelled' : name === 'ENOENT' ? 'the system ping program was not found' : (error as { killed?: boolean }).killed ? `ping did not finish within ${options.waitMs + 2000} ms` : error.message.split('\n')[0]!;
          resolve(done({ outcome: 'error', line: clipLine(why) }));
          return;
        }
        resolve(done(readPingOutput(options.platform, { stdout: String(stdout), stderr: String(stderr), exitCode: code })));
      },
    );
    child.on('error', () => undefined);
  });
}
