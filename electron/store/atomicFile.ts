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
  | { status: 'corrupt'; movedTo: string; problem: string };

/**
 * Read and validate a JSON file. A file that does not parse or fails the schema is renamed to
 * `NAME.corrupt-TIMESTAMP` beside it, and the caller is told where it went.
 */
export async function readJsonFile<T>(file: string, schema: ZodType<T>): Promise<ReadJsonResult<T>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    throw error;
  }
  let problem: string;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return { status: 'ok', value: parsed.data };
    problem = parsed.error.issues[0]?.message ?? 'does not match the expected format';
  } catch (error) {
    problem = `not valid JSON (${(error as Error).message.split('\n')[0]})`;
  }
  const movedTo = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await fs.rename(file, movedTo);
  return { status: 'corrupt', movedTo, problem };
}

export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
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
