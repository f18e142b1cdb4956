/**
 * Files the app writes (history, settings, undo records, reports) go through here:
 * write to a temporary file in the same folder, flush it to disk, then rename over the target,
 * so a crash leaves either the old file or the new one, never half of one.
 * A file that cannot be read back is moved aside (never silently emptied) and reported.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ZodType } from 'zod';

export async function writeFileAtomic(file: string, content: string | Uint8Array, mode = 0o600): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'wx', mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
  // Make the rename itself durable where the platform allows syncing a directory.
  if (process.platform !== 'win32') {
    const dirHandle = await fs.open(dir, 'r').catch(() => null);
    if (dirHandle) {
      await dirHandle.sync().catch(() => undefined);
      await dirHandle.close();
    }
  }
}

export type ReadJsonResult<T> =
  | { status: 'ok'; value: T }
  | { status: 'missing' }
  /** Moved aside; `salvaged` is what could still be read from it, when the caller can keep a part. */
  | { status: 'corrupt'; movedTo: string; problem: string; salvaged?: T };

export interface ReadJsonOptions<T> {
  /** Given the parsed JSON that failed the schema, what of it can be kept (null: nothing). */
  salvage?: (raw: unknown) => T | null;
  /** A further check the schema cannot make (such as an id matching the file name): the problem, or null. */
  check?: (value: T) => string | null;
}

/** Where a file that cannot be read is moved: beside it, so nothing is lost and nothing reads it again. */
export function asideName(file: string, now = new Date()): string {
  return `${file}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
}

/**
 * Read and validate a JSON file. A file that does not parse, fails the schema or the check, or is a
 * folder, is renamed to `NAME.corrupt-TIMESTAMP-RANDOM` beside it, and the caller is told where it
 * went. When another reader moved it first, it is `missing` here: that reader reports it, once.
 */
export async function readJsonFile<T>(file: string, schema: ZodType<T>, options: ReadJsonOptions<T> = {}): Promise<ReadJsonResult<T>> {
  let text: string | null = null;
  let problem: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { status: 'missing' };
    if (code !== 'EISDIR') throw error;
  }
  let salvaged: T | null = null;
  if (text === null) {
    problem = 'it is a folder, not a file';
  } else {
    try {
      const raw: unknown = JSON.parse(text);
      const parsed = schema.safeParse(raw);
      if (parsed.success) {
        const mismatch = options.check?.(parsed.data) ?? null;
        if (mismatch === null) return { status: 'ok', value: parsed.data };
        problem = mismatch;
      } else {
        problem = parsed.error.issues[0]?.message ?? 'does not match the expected format';
        salvaged = options.salvage?.(raw) ?? null;
      }
    } catch (error) {
      problem = `not valid JSON (${(error as Error).message.split('\n')[0]})`;
    }
  }
  const movedTo = asideName(file);
  try {
    await fs.rename(file, movedTo);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    throw error;
  }
  return { status: 'corrupt', movedTo, problem, ...(salvaged !== null ? { salvaged } : {}) };
}

const TEMPORARY_RE = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove the temporary files writeFileAtomic leaves when its process is killed mid-write: those of a
 * process that is no longer running, and any older than an hour (its process id may have been reused).
 * A write under way (its process alive, the file recent) is left alone. Returns how many were removed.
 */
export async function removeStaleTemporaries(dir: string, now = Date.now()): Promise<number> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const match = TEMPORARY_RE.exec(name);
    if (!match) continue;
    const file = path.join(dir, name);
    const stat = await fs.stat(file).catch(() => null);
    if (!stat?.isFile()) continue;
    const pid = Number(match[1]);
    if (processAlive(pid) && now - stat.mtimeMs < 3_600_000) continue;
    await fs.rm(file, { force: true });
    removed += 1;
  }
  return removed;
}

export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** A store that may have moved an unreadable file aside: what it found, each problem handed out once. */
export interface ProblemSource {
  takeProblems(): Promise<string[]>;
}

/** Serialises async operations on one resource (a file) within this process. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
