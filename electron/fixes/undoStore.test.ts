import { existsSync, mkdirSync, mkdtempSync, promises as fs, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UndoStore } from './undoStore';
import { useFixTestDataDir } from './testing/scripted';

const entry = (fixId: string) => ({ fixId, title: `Fix ${fixId}`, where: 'client' as const, restores: 'the value before', params: {}, changes: [] });

describe('undo store, when its file is corrupt', () => {
  it('keeps the records that still read, moves the file aside, and tells once', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rdp-undo-'));
    const first = new UndoStore(dataDir);
    const a = await first.begin(entry('enable-rdp'));
    await first.complete(a.undoId, { was: 0 }, 'Enabled.');
    const b = await first.begin(entry('set-nla'));
    await first.complete(b.undoId, { was: 1 }, 'Set.');
    // One record damaged (its state is no longer one we know), the other intact.
    const file = JSON.parse(readFileSync(first.file, 'utf8')) as { records: Array<Record<string, unknown>> };
    file.records[1]!.state = 'exploded';
    writeFileSync(first.file, JSON.stringify(file));

    const store = new UndoStore(dataDir);
    expect((await store.list()).map((r) => r.undoId)).toEqual([a.undoId]);
    const problems = await store.takeProblems();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/1 of 2 undo records were kept.*in that file/);
    expect(problems[0]).not.toContain('\n');
    const aside = readdirSync(store.dir).filter((n) => n.startsWith('undo-records.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(path.join(store.dir, aside[0]!), 'utf8')).toContain('exploded');
    // Told once; the kept record is still there for a new instance (it was written back).
    expect(await store.takeProblems()).toEqual([]);
    expect((await new UndoStore(dataDir).get(a.undoId))?.state).toBe('applied');
  });

  it('a file that is not JSON at all: moved aside, nothing kept, said so', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rdp-undo-'));
    const store = new UndoStore(dataDir);
    mkdirSync(store.dir, { recursive: true });
    writeFileSync(store.file, '{"version":1,"records":[{"undoId"');
    expect(await store.takeProblems()).toEqual([expect.stringMatching(/could not be read \(not valid JSON.*moved to .*0 of 0 undo records were kept/)]);
    expect(existsSync(store.file)).toBe(true);
    expect(await store.list()).toEqual([]);
  });
});

const { dataDir } = useFixTestDataDir('rdpdoctor-undo-');

describe('UndoStore', () => {
  it('moves a corrupt file aside and starts empty', async () => {
    const store = new UndoStore(dataDir());
    await fs.mkdir(store.dir, { recursive: true });
    await fs.writeFile(store.file, '{ not json');
    expect(await store.list()).toEqual([]);
    expect(await store.takeProblems()).toEqual([expect.stringMatching(/moved/)]);
    const names = await fs.readdir(store.dir);
    expect(names.some((n) => n.startsWith('undo-records.json.corrupt-'))).toBe(true);
  });

  it('keeps records across instances, newest first', async () => {
    let t = 0;
    const store = new UndoStore(dataDir(), () => new Date(Date.UTC(2025, 0, 1, 0, 0, t++)));
    const a = await store.begin({ fixId: 'set-nla', title: 'A', where: 'server', restores: 'x', params: {}, changes: [] });
    const b = await store.begin({ fixId: 'set-nla', title: 'B', where: 'server', restores: 'x', params: {}, changes: [] });
    await store.complete(a.undoId, { before: 1 }, 'ok');
    await store.complete(b.undoId, { before: 0 }, 'ok');
    const again = new UndoStore(dataDir());
    expect((await again.list()).map((r) => r.title)).toEqual(['B', 'A']);
    expect((await again.get(a.undoId))!.payload).toEqual({ before: 1 });
  });
});
