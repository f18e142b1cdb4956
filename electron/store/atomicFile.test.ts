import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SerialQueue, readJsonFile, writeFileAtomic, writeJsonFile } from './atomicFile';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'rdp-atomic-'));

describe('atomic files', () => {
  it('writes through a temporary file and leaves no temporary behind', async () => {
    const dir = tmp();
    const file = path.join(dir, 'sub', 'a.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(path.dirname(file))).toEqual(['a.json']);
  });

  it('keeps the previous content when a write fails midway', async () => {
    const dir = tmp();
    const file = path.join(dir, 'a.json');
    await writeJsonFile(file, { n: 1 });
    // A directory in the way of the temporary file's rename target makes the rename fail.
    const blocked = path.join(dir, 'blocked');
    await writeFileAtomic(path.join(blocked, 'x'), 'x');
    await expect(writeFileAtomic(blocked, 'data')).rejects.toThrow();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ n: 1 });
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('moves a corrupt file aside and says where, never empties it', async () => {
    const dir = tmp();
    const file = path.join(dir, 'settings.json');
    writeFileSync(file, '{"theme": "dark", trunc');
    const result = await readJsonFile(file, z.object({ theme: z.string() }));
    expect(result.status).toBe('corrupt');
    if (result.status !== 'corrupt') return;
    expect(existsSync(file)).toBe(false);
    expect(readFileSync(result.movedTo, 'utf8')).toBe('{"theme": "dark", trunc');
    expect(result.problem).toMatch(/not valid JSON/);
    expect(await readJsonFile(file, z.object({}))).toEqual({ status: 'missing' });
  });

  it('two readers of one corrupt file: one moves it aside and reports it, the other finds it gone', async () => {
    const dir = tmp();
    const file = path.join(dir, 'a.json');
    writeFileSync(file, 'not json');
    const results = await Promise.all([readJsonFile(file, z.object({})), readJsonFile(file, z.object({}))]);
    expect(results.map((r) => r.status).sort()).toEqual(['corrupt', 'missing']);
  });

  it('runs queued operations one after another', async () => {
    const queue = new SerialQueue();
    const order: number[] = [];
    await Promise.all([3, 1, 2].map((n) => queue.run(async () => {
      await new Promise((r) => setTimeout(r, n * 5));
      order.push(n);
    })));
    expect(order).toEqual([3, 1, 2]);
  });
});
