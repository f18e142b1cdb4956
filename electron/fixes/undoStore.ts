/**
 * Undo records, one JSON file (<dataDir>/undo/undo-records.json) written atomically.
 * A record is written BEFORE a change is made (state "pending", with the before-values the preview
 * showed), completed with the undo payload after the change ("applied"), marked "failed" when the
 * change failed, and "undone" after undo. Client-side backups go to <dataDir>/undo/<undoId>/;
 * server-side ones to C:\ProgramData\RDPDoctor\Undo\<undoId> (administrators only).
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { fixChangeSchema, undoRecordSchema, type UndoRecord } from '../../shared/contract';
import { SerialQueue, readJsonFile, writeJsonFile, type ProblemSource } from '../store/atomicFile';
import { salvageItems } from '../store/salvage';

export const storedUndoRecordSchema = undoRecordSchema.extend({
  state: z.enum(['pending', 'applied', 'failed', 'undone']),
  where: z.enum(['client', 'server']),
  params: z.record(z.string(), z.unknown()),
  /** What apply returned for undo (JSON); absent until applied. */
  payload: z.unknown().optional(),
  /** Client-side backup folder of this change. */
  undoDir: z.string(),
  /** The preview's changes with their before-values, as recorded before the change. */
  changes: z.array(fixChangeSchema),
  message: z.string().optional(),
  appliedAt: z.string().optional(),
  undoneAt: z.string().optional(),
});
export type StoredUndoRecord = z.infer<typeof storedUndoRecordSchema>;

const fileSchema = z.object({ version: z.literal(1), records: z.array(storedUndoRecordSchema) });

export interface BeginUndo {
  fixId: string;
  title: string;
  where: 'client' | 'server';
  restores: string;
  params: Record<string, unknown>;
  changes: z.infer<typeof fixChangeSchema>[];
}

export class UndoStore implements ProblemSource {
  readonly dir: string;
  readonly file: string;
  private readonly queue = new SerialQueue();
  /** What was found when the file could not be read and was moved aside; handed out once by takeProblems. */
  private problems: string[] = [];

  constructor(dataDir: string, private readonly now: () => Date = () => new Date()) {
    this.dir = path.join(dataDir, 'undo');
    this.file = path.join(this.dir, 'undo-records.json');
  }

  /** The records; from a file that cannot be read, the records that still validate, written back (the file kept aside). */
  private async load(): Promise<StoredUndoRecord[]> {
    let total = 0;
    const read = await readJsonFile(this.file, fileSchema, {
      salvage: (raw) => {
        const list = raw !== null && typeof raw === 'object' ? (raw as { records?: unknown }).records : undefined;
        const salvaged = salvageItems(storedUndoRecordSchema, list);
        total = salvaged.total;
        return { version: 1 as const, records: salvaged.items };
      },
    });
    if (read.status === 'ok') return read.value.records;
    if (read.status === 'missing') return [];
    const records = read.salvaged?.records ?? [];
    const lost = total - records.length;
    this.problems.push(
      `The list of changes RDP Doctor can undo could not be read (${read.problem}): the file was moved to ${read.movedTo}. ` +
        (lost > 0 || records.length === 0
          ? `${records.length} of ${total} undo records were kept; the others can no longer be undone from the app, and what they changed is in that file.`
          : `All ${total} undo records were kept.`),
    );
    await this.save(records);
    return records;
  }

  /** Reads the file (so a corrupt one is found now) and hands out what was found, once. */
  takeProblems(): Promise<string[]> {
    return this.queue.run(async () => {
      await this.load();
      const problems = this.problems;
      this.problems = [];
      return problems;
    });
  }

  private async save(records: StoredUndoRecord[]): Promise<void> {
    await writeJsonFile(this.file, { version: 1, records });
  }

  private update(undoId: string, change: (r: StoredUndoRecord) => StoredUndoRecord): Promise<StoredUndoRecord> {
    return this.queue.run(async () => {
      const records = await this.load();
      const index = records.findIndex((r) => r.undoId === undoId);
      if (index < 0) throw new Error(`No undo record ${undoId}.`);
      const next = storedUndoRecordSchema.parse(change(records[index]!));
      records[index] = next;
      await this.save(records);
      return next;
    });
  }

  /** Written before the change: the record exists even if the app dies half-way. */
  begin(entry: BeginUndo): Promise<StoredUndoRecord> {
    return this.queue.run(async () => {
      const undoId = randomUUID();
      const undoDir = path.join(this.dir, undoId);
      await fs.mkdir(undoDir, { recursive: true, mode: 0o700 });
      const record = storedUndoRecordSchema.parse({
        undoId,
        fixId: entry.fixId,
        title: entry.title.slice(0, 200),
        createdAt: this.now().toISOString(),
        undone: false,
        restores: entry.restores.slice(0, 2000),
        state: 'pending',
        where: entry.where,
        params: entry.params,
        undoDir,
        changes: entry.changes.slice(0, 50),
      });
      const records = await this.load();
      records.push(record);
      await this.save(records);
      return record;
    });
  }

  complete(undoId: string, payload: unknown, message: string): Promise<StoredUndoRecord> {
    return this.update(undoId, (r) => ({ ...r, state: 'applied', payload: JSON.parse(JSON.stringify(payload ?? null)) as unknown, message: message.slice(0, 2000), appliedAt: this.now().toISOString() }));
  }

  /**
   * The change failed. `payload` is the undo data the script emitted before it stopped (a change that
   * failed half-way, after it had already changed something): with it, undo can still put back what
   * was changed.
   */
  fail(undoId: string, message: string, payload?: unknown): Promise<StoredUndoRecord> {
    return this.update(undoId, (r) => ({
      ...r,
      state: 'failed',
      message: message.slice(0, 2000),
      ...(payload !== undefined ? { payload: JSON.parse(JSON.stringify(payload)) as unknown, restores: `The change failed half-way. Undo puts back what it had changed: ${r.restores}`.slice(0, 2000) } : {}),
    }));
  }

  /** A record undo can work from: applied, or failed half-way with the undo data it emitted. */
  static undoable(r: StoredUndoRecord): boolean {
    return r.state === 'applied' || (r.state === 'failed' && r.payload !== undefined);
  }

  markUndone(undoId: string, message: string): Promise<StoredUndoRecord> {
    return this.update(undoId, (r) => ({ ...r, state: 'undone', undone: true, message: message.slice(0, 2000), undoneAt: this.now().toISOString() }));
  }

  async get(undoId: string): Promise<StoredUndoRecord | undefined> {
    return this.queue.run(async () => (await this.load()).find((r) => r.undoId === undoId));
  }

  async all(): Promise<StoredUndoRecord[]> {
    return this.queue.run(() => this.load());
  }

  /** The contract's view: changes that were made (applied, failed half-way with undo data, or undone), newest first. */
  async list(): Promise<UndoRecord[]> {
    const records = await this.all();
    return records
      .filter((r) => UndoStore.undoable(r) || r.state === 'undone')
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .map((r) => undoRecordSchema.parse({ undoId: r.undoId, fixId: r.fixId, title: r.title, createdAt: r.createdAt, undone: r.undone, restores: r.restores }));
  }
}
