/**
 * Unreadable settings and undo records: the app says so once (where each file went, what was kept),
 * keeps the settings that still read, and says nothing more after a reload.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startServe, type ServedApp } from './fixtures/serve';

let app: ServedApp;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'rdp-doctor-e2e-store-'));
  writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ audience: 'it', options: { timeoutMs: 'soon' } }));
  mkdirSync(path.join(dataDir, 'undo'));
  writeFileSync(path.join(dataDir, 'undo', 'undo-records.json'), '{"version":1,"records":[{"undoId"');
  app = await startServe({}, { dataDir });
});

test.afterAll(async () => {
  await app?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('corrupt settings and undo records are told once, and the readable settings kept', async ({ page }) => {
  await page.goto(app.url);
  const notice = page.getByTestId('store-problems');
  await expect(notice).toContainText('Your settings could not be read');
  await expect(notice).toContainText('kept your audience');
  await expect(notice).toContainText('The list of changes RDP Doctor can undo could not be read');
  await expect(page.getByTestId('audience-toggle')).toHaveAttribute('aria-checked', 'true');
  await page.reload();
  await expect(page.getByTestId('target-input')).toBeVisible();
  await expect(notice).toHaveCount(0);
});
