/**
 * Electron-level tests (Playwright's _electron): the real main process, preload and window.
 * They need the Electron runtime, which an offline install does not download; there they report
 * themselves skipped with that reason.
 */
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { METHOD_NAME_LIST } from '../shared/methodNames';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function electronRuntime(): string | null {
  try {
    const binary = require('electron') as unknown;
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const runtime = electronRuntime();

test.describe('Electron shell', () => {
  test.skip(!runtime, 'skipped: Electron runtime not installed (offline install: ELECTRON_SKIP_BINARY_DOWNLOAD)');

  let app: ElectronApplication;
  test.beforeAll(async () => {
    app = await electron.launch({
      executablePath: runtime!,
      args: [path.join(ROOT, 'dist', 'electron', 'main.cjs'), `--user-data-dir=${mkdtempSync(path.join(os.tmpdir(), 'rdp-electron-'))}`],
      cwd: ROOT,
    });
  });
  test.afterAll(async () => {
    await app?.close();
  });

  test('opens one hardened window on the app scheme', async () => {
    const page = await app.firstWindow();
    await expect(page).toHaveTitle(/RDP Doctor/);
    expect(page.url()).toBe('app://rdp-doctor/index.html');
    // Isolation as the page sees it: no Node in the main world, the bridge object frozen.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => Object.isFrozen((window as unknown as { rdpDoctor: object }).rdpDoctor))).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });

  test('exposes exactly the contract, and no Node', async () => {
    const page = await app.firstWindow();
    const exposed = await page.evaluate(() => Object.keys((window as unknown as { rdpDoctor: object }).rdpDoctor).sort());
    expect(exposed).toEqual([...METHOD_NAME_LIST, 'onEvent'].sort());
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  });

  test('calls the service over IPC and rejects bad arguments', async () => {
    const page = await app.firstWindow();
    const env = await page.evaluate(() => (window as unknown as { rdpDoctor: { environment(i: object): Promise<{ ok: boolean; value: { transport: string } }> } }).rdpDoctor.environment({}));
    expect(env.value.transport).toBe('ipc');
    // The preload answers with the reply envelope, so the error keeps its code across the bridge.
    const reply = await page.evaluate(() =>
      (window as unknown as { rdpDoctor: { diagnose(i: object): Promise<{ ok: boolean; error?: { code: string; message: string } }> } }).rdpDoctor.diagnose({
        runId: 'run-123456',
        target: 'host;calc',
      }),
    );
    expect(reply.ok).toBe(false);
    expect(reply.error?.code).toBe('invalid-input');
    expect(reply.error?.message).toMatch(/cannot contain/);
  });

  test('denies navigation and new windows', async () => {
    const page = await app.firstWindow();
    await page.evaluate(() => {
      window.open('https://example.invalid/');
      window.location.href = 'https://example.invalid/';
    });
    await page.waitForTimeout(500);
    expect(app.windows()).toHaveLength(1);
    expect(page.url()).toBe('app://rdp-doctor/index.html');
  });
});
