/**
 * Diagnosis history: one JSON file per diagnosis in `<dataDir>/history`, named by its id, written
 * atomically. Listing reads them back; an item that cannot be read (not JSON, fails the schema, an id
 * that is not its file name, a folder) is moved aside and reported once, and the rest is listed.
 * Temporary files left by a killed write are removed when the history is listed.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ServiceError } from '../../shared/contract';
import { diagnosisSchema, type Diagnosis, type HistoryEntry } from '../../shared/model';
import { notChecked } from '../../shared/diagnosis/combine';
import { overallVerdict } from '../../shared/rules';
import { SerialQueue, readJsonFile, removeStaleTemporaries, writeJsonFile, type ReadJsonResult } from './atomicFile';

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_HISTORY = 200;

export function historyEntry(d: Diagnosis): HistoryEntry {
  return {
    id: d.id,
    createdAt: d.createdAt,
    input: d.input,
    target: d.target,
    verdict: overallVerdict(d),
    errors: d.findings.filter((f) => f.severity === 'error').length,
    warnings: d.findings.filter((f) => f.severity === 'warning').length,
    findingIds: d.findings.map((f) => f.id),
    notChecked: notChecked(d),
  };
}

export class HistoryStore {
  private readonly dir: string;
  private readonly queue = new SerialQueue();

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'history');
  }

  private file(id: string): string {
    if (!ID_RE.test(id)) throw new ServiceError('invalid-input', 'That history entry id is not valid.');
    return path.join(this.dir, `${id}.json`);
  }

  save(diagnosis: Diagnosis): Promise<void> {
    return this.queue.run(async () => {
      await writeJsonFile(this.file(diagnosis.id), diagnosis);
      await this.prune();
    });
  }

  /** Read one file; its id must be its name (or delete would remove another diagnosis than the one listed). */
  private read(file: string): Promise<ReadJsonResult<Diagnosis>> {
    const expected = path.basename(file, '.json');
    return readJsonFile(file, diagnosisSchema, {
      check: (d) => (d.id === expected ? null : `its id "${d.id.slice(0, 64)}" is not its file name`),
    });
  }

  get(id: string): Promise<Diagnosis> {
    return this.queue.run(() => this.getNow(id));
  }

  private async getNow(id: string): Promise<Diagnosis> {
    const read = await this.read(this.file(id));
    if (read.status === 'ok') return read.value;
    if (read.status === 'missing') throw new ServiceError('not-found', 'That diagnosis is no longer in the history.');
    throw new ServiceError('not-found', `That diagnosis could not be read (${read.problem}); the file was moved to ${read.movedTo}.`);
  }

  /** One diagnosis, or undefined when there is none by that id (or it cannot be read). */
  find(id: string): Promise<Diagnosis | undefined> {
    return this.queue.run(async () => {
      const read = await this.read(this.file(id));
      return read.status === 'ok' ? read.value : undefined;
    });
  }

  delete(id: string): Promise<boolean> {
    return this.queue.run(async () => {
      try {
        await fs.unlink(this.file(id));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw error;
      }
    });
  }

  /** Newest first, with a line for every file that had to be moved aside. */
  list(): Promise<{ entries: HistoryEntry[]; problems: string[] }> {
    return this.queue.run(async () => {
      await removeStaleTemporaries(this.dir);
      const names = await this.names();
      const entries: HistoryEntry[] = [];
      const problems: string[] = [];
      const absorbed = new Set<string>();
      for (const name of names) {
        let read: ReadJsonResult<Diagnosis>;
        try {
          read = await this.read(path.join(this.dir, name));
        } catch (error) {
          // Unreadable where it lies (permissions): left in place, reported, the rest still listed.
          problems.push(`The history file ${name} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
          continue;
        }
        if (read.status === 'ok') {
          entries.push(historyEntry(read.value));
          for (const part of read.value.parts ?? []) absorbed.add(part);
        }
        else if (read.status === 'corrupt') {
          problems.push(`A history file could not be read (${read.problem}); it was moved aside to ${read.movedTo}.`);
        }
      }
      // Step runs that a combined session diagnosis stands for are listed through it, not again.
      const listed = entries.filter((e) => !absorbed.has(e.id));
      listed.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return { entries: listed, problems };
    });
  }

  private async names(): Promise<string[]> {
    try {
      return (await fs.readdir(this.dir)).filter((n) => n.endsWith('.json') && ID_RE.test(n.slice(0, -5)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  /** Keep the newest MAX_HISTORY files (by modification time). */
  private async prune(): Promise<void> {
    const names = await this.names();
    if (names.length <= MAX_HISTORY) return;
    const stats = await Promise.all(names.map(async (n) => ({ n, t: (await fs.stat(path.join(this.dir, n))).mtimeMs })));
    stats.sort((a, b) => b.t - a.t);
    for (const old of stats.slice(MAX_HISTORY)) await fs.rm(path.join(this.dir, old.n), { force: true });
  }
}
