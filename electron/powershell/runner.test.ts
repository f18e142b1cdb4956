import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { interpretOutcome } from './outcome';
import { createSpawnExecutor } from './runner';
import { fullScriptText } from './scripts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, '..', 'checks', 'windows', 'fixtures');
const anyObject = z.record(z.string(), z.unknown());

/** Gone, or a zombie waiting to be reaped (containers whose pid 1 does not reap). */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  if (process.platform === 'win32') return false;
  try {
    return /State:\s+Z/.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

describe('the spawn runner (with a stand-in for powershell.exe)', () => {
  const fake = path.join(fixtures, 'fake-powershell.mjs');
  const executor = createSpawnExecutor({ executable: process.execPath, prefixArgs: [fake], platform: process.platform });
  const withMode = async <T>(mode: string, fn: () => Promise<T>): Promise<T> => {
    const before = process.env.FAKE_PS_MODE;
    process.env.FAKE_PS_MODE = mode;
    try {
      return await fn();
    } finally {
      if (before === undefined) delete process.env.FAKE_PS_MODE;
      else process.env.FAKE_PS_MODE = before;
    }
  };

  it('passes the input only through the environment and reads the JSON answer', async () => {
    const raw = await withMode('echo', () => executor({ scriptId: 'accepted-cert', input: { host: "'; Remove-Item -Recurse C:\\ #", port: 3389 } }));
    const r = interpretOutcome(raw, anyObject);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.input).toEqual({ host: "'; Remove-Item -Recurse C:\\ #", port: 3389 });
      expect(r.value.flags).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', '-EncodedCommand']);
      expect(r.value.scriptLength).toBe(fullScriptText('accepted-cert').length);
      expect(existsSync(String(r.value.scriptFile)), 'the private script folder is removed after the run').toBe(false);
    }
  });

  it('does not pass a parameters-file variable from the parent environment on', async () => {
    process.env.RDPDOCTOR_INPUT_FILE = '/tmp/evil.json';
    try {
      const r = interpretOutcome(await withMode('echo', () => executor({ scriptId: 'vpn' })), anyObject);
      expect(r.ok && r.value.inputFile).toBe(null);
    } finally {
      delete process.env.RDPDOCTOR_INPUT_FILE;
    }
  });

  it('ignores noise before the JSON, flags garbage, classifies stderr', async () => {
    expect(interpretOutcome(await withMode('noise', () => executor({ scriptId: 'vpn' })), anyObject).ok).toBe(true);
    const garbage = interpretOutcome(await withMode('garbage', () => executor({ scriptId: 'vpn' })), anyObject);
    expect(!garbage.ok && garbage.failure.kind).toBe('malformed-output');
    const denied = interpretOutcome(await withMode('denied', () => executor({ scriptId: 'key-file' })), anyObject);
    expect(!denied.ok && denied.failure.kind).toBe('needs-administrator');
  });

  it('times out and kills the process tree', async () => {
    const raw = await withMode('sleep', () => executor({ scriptId: 'vpn', timeoutMs: 700 }));
    expect(raw.timedOut).toBe(true);
    const grandchild = Number(/grandchild (\d+)/.exec(raw.stdout)?.[1]);
    expect(grandchild).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(isGone(grandchild)).toBe(true);
    const r = interpretOutcome(raw, anyObject);
    expect(!r.ok && r.failure.kind).toBe('timed-out');
  });

  it('cancels through the AbortSignal', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const raw = await withMode('sleep', () => executor({ scriptId: 'vpn', signal: controller.signal, timeoutMs: 20_000 }));
    expect(raw.cancelled).toBe(true);
    expect(raw.durationMs).toBeLessThan(10_000);
  });

  it('reports a missing PowerShell as powershell-missing', async () => {
    const missing = createSpawnExecutor({ executable: '/nonexistent/powershell.exe' });
    const r = interpretOutcome(await missing({ scriptId: 'vpn' }), anyObject);
    expect(!r.ok && r.failure.kind).toBe('powershell-missing');
  });
});
