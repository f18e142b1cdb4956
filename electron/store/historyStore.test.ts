import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_OPTIONS, type Diagnosis } from '../../shared/model';
import { HistoryStore } from './historyStore';

function diagnosis(id: string, createdAt = '2026-01-01T10:00:00.000Z'): Diagnosis {
  return {
    id,
    createdAt,
    appVersion: '0.1.0',
    input: 'pc-042',
    target: { host: 'pc-042', port: 3389, kind: 'dns' },
    steps: ['reachability'],
    options: DEFAULT_RUN_OPTIONS,
    checks: [],
    findings: [],
    verdicts: [],
    durationMs: 10,
    cancelled: false,
    platform: 'linux',
  };
}

function store(): { store: HistoryStore; dir: string } {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rdp-history-'));
  return { store: new HistoryStore(dataDir), dir: path.join(dataDir, 'history') };
}

const aside = (dir: string) => readdirSync(dir).filter((n) => n.includes('.corrupt-'));

describe('history store', () => {
  it('lists the rest when a folder named like an entry is in the history folder, moving the folder aside once', async () => {
    const { store: history, dir } = store();
    await history.save(diagnosis('good-1'));
    mkdirSync(path.join(dir, 'x.json'));
    const first = await history.list();
    expect(first.entries.map((e) => e.id)).toEqual(['good-1']);
    expect(first.problems).toHaveLength(1);
    expect(first.problems[0]).toMatch(/folder, not a file.*moved aside/);
    expect(aside(dir)).toHaveLength(1);
    expect(statSync(path.join(dir, aside(dir)[0]!)).isDirectory()).toBe(true);
    const second = await history.list();
    expect(second).toEqual({ entries: first.entries, problems: [] });
  });

  it('two reads of a corrupt file at once: one reports it, neither fails', async () => {
    const { store: history, dir } = store();
    await history.save(diagnosis('good-1'));
    writeFileSync(path.join(dir, 'broken.json'), '{"id": "broken", trunc');
    const [listed, got] = await Promise.allSettled([history.list(), history.get('broken')]);
    expect(listed.status).toBe('fulfilled');
    if (listed.status === 'fulfilled') expect(listed.value.entries.map((e) => e.id)).toEqual(['good-1']);
    // get answers "not found" (with where the file went, if it moved it) rather than an ENOENT crash.
    expect(got.status).toBe('rejected');
    if (got.status === 'rejected') expect((got.reason as Error).message).toMatch(/no longer in the history|could not be read/);
    const reports = (listed.status === 'fulfilled' ? listed.value.problems.length : 0) + (got.status === 'rejected' && /could not be read/.test((got.reason as Error).message) ? 1 : 0);
    expect(reports).toBe(1);
    expect(aside(dir)).toHaveLength(1);
  });

  it('two processes reading one corrupt file: the second finds it gone, not an error', async () => {
    const { dir } = store();
    const dataDir = path.dirname(dir);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'broken.json'), 'not json');
    // Two stores on one folder stand for the app and the command line: separate queues.
    const [a, b] = await Promise.all([new HistoryStore(dataDir).list(), new HistoryStore(dataDir).list()]);
    expect(a.problems.length + b.problems.length).toBe(1);
    expect(aside(dir)).toHaveLength(1);
  });

  it('a file whose id is not its name is moved aside and reported, not listed twice; delete removes the one listed', async () => {
    const { store: history, dir } = store();
    await history.save(diagnosis('run-b'));
    writeFileSync(path.join(dir, 'run-a.json'), JSON.stringify(diagnosis('run-b')));
    const listed = await history.list();
    expect(listed.entries.map((e) => e.id)).toEqual(['run-b']);
    expect(listed.problems).toEqual([expect.stringMatching(/its id "run-b" is not its file name.*moved aside/)]);
    expect(await history.delete('run-b')).toBe(true);
    expect((await history.list()).entries).toEqual([]);
    await expect(history.get('run-a')).rejects.toThrow(/no longer in the history/);
  });

  it('removes temporary files left by a killed write, but not one being written now', async () => {
    const { store: history, dir } = store();
    await history.save(diagnosis('good-1'));
    // A process id that is not running (above the kernel's limit) and one that is (this one).
    const dead = path.join(dir, '.good-1.json.4194305.0123456789ab.tmp');
    const live = path.join(dir, `.good-2.json.${process.pid}.0123456789ab.tmp`);
    const oldLive = path.join(dir, `.good-3.json.${process.pid}.ba9876543210.tmp`);
    for (const file of [dead, live, oldLive]) writeFileSync(file, '{"half": ');
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(oldLive, twoHoursAgo, twoHoursAgo);
    const listed = await history.list();
    expect(listed).toMatchObject({ problems: [] });
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(oldLive)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(readFileSync(path.join(dir, 'good-1.json'), 'utf8')).toContain('"good-1"');
  });

  it('lists newest first and hides the step runs a combined diagnosis stands for', async () => {
    const { store: history } = store();
    await history.save(diagnosis('part-1', '2026-01-01T10:00:00.000Z'));
    await history.save({ ...diagnosis('combined', '2026-01-01T10:05:00.000Z'), parts: ['part-1'] });
    await history.save(diagnosis('later', '2026-01-01T11:00:00.000Z'));
    expect((await history.list()).entries.map((e) => e.id)).toEqual(['later', 'combined']);
  });
});
