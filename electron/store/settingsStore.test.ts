import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
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

  it('survives a corrupt file: defaults, the file kept aside, the problem reported', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rdp-settings-'));
    writeFileSync(path.join(dir, 'settings.json'), '\u0000\u0000garbage');
    const store = new SettingsStore(dir);
    expect((await store.get()).theme).toBe('system');
    expect(store.problem).toMatch(/moved to/);
    expect(readdirSync(dir).some((n) => n.startsWith('settings.json.corrupt-'))).toBe(true);
  });
});
