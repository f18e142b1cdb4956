import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsStore } from './settingsStore';

describe('settings store', () => {
  it('starts from defaults, saves patches, keeps recent targets unique and newest first', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rdp-settings-'));
    const store = new SettingsStore(dir);
    expect(await store.get()).toEqual({ theme: 'system', audience: 'plain', recentTargets: [], options: {} });
    await store.update({ theme: 'dark', addRecentTarget: { host: 'pc-1', port: 3389, kind: 'dns' } });
    await store.update({ addRecentTarget: { host: '2001:db8::1', port: 3390, kind: 'ipv6' } });
    const s = await store.update({ addRecentTarget: { host: 'pc-1', port: 3389, kind: 'dns' }, options: { timeoutMs: 3000 } });
    expect(s).toEqual({ theme: 'dark', audience: 'plain', recentTargets: ['pc-1', '[2001:db8::1]:3390'], options: { timeoutMs: 3000 } });
    expect(await new SettingsStore(dir).get()).toEqual(s);
  });

  it('survives a file that is not JSON: defaults, the file kept aside, the problem told once', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rdp-settings-'));
    writeFileSync(path.join(dir, 'settings.json'), '\u0000\u0000garbage');
    const store = new SettingsStore(dir);
    expect((await store.get()).theme).toBe('system');
    expect(await store.takeProblems()).toEqual([expect.stringMatching(/moved to .*defaults are used/)]);
    expect(await store.takeProblems()).toEqual([]);
    expect(readdirSync(dir).some((n) => n.startsWith('settings.json.corrupt-'))).toBe(true);
  });

  it('keeps the settings that still read when one is damaged, and says which were kept', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rdp-settings-'));
    const file = path.join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ theme: 'dark', audience: 'it', recentTargets: ['pc-1', 'pc-2'], options: { timeoutMs: 'soon' } }));
    const store = new SettingsStore(dir);
    const problems = await store.takeProblems();
    expect(problems).toEqual([expect.stringMatching(/kept your theme, audience, recent targets; the rest is back to defaults/)]);
    expect(await store.get()).toEqual({ theme: 'dark', audience: 'it', recentTargets: ['pc-1', 'pc-2'], options: {} });
    // Written back: a new instance (the next start) reads the kept settings, and is told nothing more.
    const next = new SettingsStore(dir);
    expect((await next.get()).theme).toBe('dark');
    expect(await next.takeProblems()).toEqual([]);
    const aside = readdirSync(dir).filter((n) => n.startsWith('settings.json.corrupt-'));
    expect(readFileSync(path.join(dir, aside[0]!), 'utf8')).toContain('soon');
  });
});
