import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRdpFileFix } from './clientFixes';
import { scripted, useFixTestDataDir } from './testing/scripted';

const { dataDir, env, applyCtx } = useFixTestDataDir('rdpdoctor-clientfixes-');

describe('write-rdp-file', () => {
  it('writes the UTF-16 file, opens it, verifies, and undo deletes it', async () => {
    const opened: string[] = [];
    const d = await writeRdpFileFix.describe({ target: '10.0.0.5:3390', disableCredSsp: true }, env(scripted({})));
    expect(d.applicable).toBe(true);
    expect(d.changes[0]!.after).toContain('full address:s:10.0.0.5:3390');
    const ctx = applyCtx(scripted({}), scripted({}), { openRdpFile: async (f) => void opened.push(f) });
    const out = await writeRdpFileFix.apply({ target: '10.0.0.5:3390', disableCredSsp: true }, ctx);
    const file = path.join(dataDir(), 'rdp-files', '10.0.0.5-3390.rdp');
    expect(opened).toEqual([file]);
    const bytes = await fs.readFile(file);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString('utf16le')).toContain('enablecredsspsupport:i:0');
    const v = await writeRdpFileFix.verify({ target: '10.0.0.5:3390', disableCredSsp: true }, { signal: new AbortController().signal, run: scripted({}), platform: 'win32', dataDir: dataDir() });
    expect(v.passed).toBe(true);
    await writeRdpFileFix.undo(out.undo, ctx);
    await expect(fs.stat(file)).rejects.toThrow();
  });

  it('puts back a file it replaced, and leaves a file the user changed since', async () => {
    const file = path.join(dataDir(), 'rdp-files', 'pc-042.rdp');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, 'old');
    const ctx = applyCtx(scripted({}), scripted({}), { openRdpFile: async () => undefined });
    const out = await writeRdpFileFix.apply({ target: 'pc-042', open: false }, ctx);
    await writeRdpFileFix.undo(out.undo, ctx);
    expect(await fs.readFile(file, 'utf8')).toBe('old');
    const again = await writeRdpFileFix.apply({ target: 'pc-042', open: false }, ctx);
    await fs.writeFile(file, 'edited by the user');
    expect((await writeRdpFileFix.undo(again.undo, ctx)).message).toMatch(/left as it is/);
  });

  it('refuses hostile targets', async () => {
    const d = await writeRdpFileFix.describe({ target: 'pc-042\r\nalternate shell:s:cmd.exe' }, env(scripted({})));
    expect(d.applicable).toBe(false);
    expect((await writeRdpFileFix.describe({ target: 'pc-042\r\nalternate shell:s:cmd.exe' }, env(scripted({}), 'linux'))).applicable).toBe(false);
  });

  it('on Windows the preview names mstsc', async () => {
    const d = await writeRdpFileFix.describe({ target: '10.0.0.5' }, env(scripted({})));
    expect(d.changes.map((c) => c.description)).toEqual(['Write the connection file', 'Open it in Remote Desktop Connection (mstsc)']);
    expect(d.commands[1]).toMatchObject({ shell: 'cmd', text: 'mstsc 10.0.0.5.rdp' });
  });

  it('off Windows with an opener: saves the file and opens it in the default Remote Desktop app', async () => {
    const run = scripted({});
    const d = await writeRdpFileFix.describe({ target: '10.0.0.5:3390' }, env(run, 'darwin', { canOpenRdpFile: true }));
    expect(d.applicable).toBe(true);
    expect(d.changes.map((c) => c.description)).toEqual(['Write the connection file', 'Open it in your Remote Desktop app']);
    expect(JSON.stringify(d)).not.toMatch(/mstsc/);
    expect(d.commands[1]).toMatchObject({ shell: 'bash', text: 'open 10.0.0.5-3390.rdp' });
    const opened: string[] = [];
    const ctx = applyCtx(scripted({}), run, { platform: 'darwin', openRdpFile: async (f) => void opened.push(f) });
    const out = await writeRdpFileFix.apply({ target: '10.0.0.5:3390' }, ctx);
    const file = path.join(dataDir(), 'rdp-files', '10.0.0.5-3390.rdp');
    expect(opened).toEqual([file]);
    expect(out.message).toBe(`Saved ${file} and opened it in your Remote Desktop app.`);
    expect(run.calls).toEqual([]);
    await writeRdpFileFix.undo(out.undo, ctx);
    await expect(fs.stat(file)).rejects.toThrow();
  });

  it('off Windows without an opener (the browser bridge): saves the file and says where', async () => {
    const d = await writeRdpFileFix.describe({ target: '127.0.0.1:3390' }, env(scripted({}), 'linux'));
    const file = path.join(dataDir(), 'rdp-files', '127.0.0.1-3390.rdp');
    expect(d.applicable).toBe(true);
    expect(d.changes[0]).toMatchObject({ description: 'Write the connection file', location: file, before: 'no file' });
    expect(d.changes[1]!.description).toMatch(/^Not opened from here/);
    expect(d.commands[1]).toMatchObject({ shell: 'bash', text: 'xdg-open 127.0.0.1-3390.rdp' });
    const ctx = applyCtx(scripted({}), scripted({}), { platform: 'linux' });
    const out = await writeRdpFileFix.apply({ target: '127.0.0.1:3390' }, ctx);
    expect(out.message).toBe(`Saved ${file}. Open it with your Remote Desktop app to connect.`);
    const bytes = await fs.readFile(file);
    expect(bytes.subarray(2).toString('utf16le')).toContain('full address:s:127.0.0.1:3390');
    const v = await writeRdpFileFix.verify({ target: '127.0.0.1:3390' }, { signal: new AbortController().signal, run: scripted({}), platform: 'linux', dataDir: dataDir() });
    expect(v.passed).toBe(true);
    expect((await writeRdpFileFix.undo(out.undo, ctx)).message).toBe(`Deleted ${file}.`);
    await expect(fs.stat(file)).rejects.toThrow();
  });

  it('a file that cannot be opened is still saved and undoable', async () => {
    const ctx = applyCtx(scripted({}), scripted({}), { platform: 'linux', openRdpFile: async () => Promise.reject(new Error('No application is registered')) });
    const out = await writeRdpFileFix.apply({ target: '10.0.0.5' }, ctx);
    expect(out.message).toMatch(/could not be opened: No application is registered/);
    await writeRdpFileFix.undo(out.undo, ctx);
    await expect(fs.stat(path.join(dataDir(), 'rdp-files', '10.0.0.5.rdp'))).rejects.toThrow();
  });
});
