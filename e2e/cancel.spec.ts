/**
 * Progress and Cancel, against a server that accepts the connection and then says nothing (so the
 * listener check would wait for the whole timeout): the progress bar and Cancel show while the checks
 * run, the live region says what is going on, Cancel (from the keyboard) ends the run long before the
 * timeout, the server sees our connection closed, and "Check again" runs the step anew.
 */
import { expect, test } from '@playwright/test';
import { setRunOptions, startServe, type ServedApp } from './fixtures/serve';
import { shot, showWhatWeSaw, stepLeftOpen, verdict } from './fixtures/wizard';
import { startFault, stopAll, type FaultServer } from './servers/index';

/** Long enough that a run ending sooner can only have been cancelled. */
const CHECK_TIMEOUT_MS = 30_000;

let app: ServedApp;
let silent: FaultServer;

test.beforeAll(async () => {
  silent = await startFault('accept-then-silence');
  app = await startServe();
  await setRunOptions(app, { timeoutMs: CHECK_TIMEOUT_MS });
});

test.afterAll(async () => {
  await app?.stop();
  await stopAll();
});

test('progress while checks run, Cancel from the keyboard ends the run at once, Check again runs it anew', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(app.url);
  await page.getByTestId('target-input').fill(`127.0.0.1:${silent.port}`);
  await page.getByTestId('start-button').click();

  // Running: a progress bar that says what it is doing, and Cancel.
  const progress = page.getByRole('progressbar');
  await expect(progress).toBeVisible({ timeout: 10_000 });
  await expect(progress).toHaveAttribute('aria-valuetext', /checks finished/);
  await expect(page.getByTestId('progress')).toContainText(/Asking .* for Remote Desktop/, { timeout: 10_000 });
  // The listener check is waiting on the silent server: our connection is open there.
  await expect.poll(() => silent.stats().open, { timeout: 10_000 }).toBeGreaterThan(0);
  await shot(page, 'cancel-running');

  await page.getByTestId('cancel-button').press('Enter');
  // Far sooner than the check's own timeout: only Cancel can have ended it.
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'cancelled', { timeout: 5_000 });
  await expect(page.getByTestId('progress')).toHaveCount(0);
  await expect(page.getByTestId('live-region')).toContainText(/cancelled/i);
  await expect.poll(() => silent.stats().open, { timeout: 5_000 }).toBe(0);
  await stepLeftOpen(page);
  // What the cut-short listener check saw is not shown as the server's answer: it is listed as not checked.
  await expect(page.getByText('nothing answered the Remote Desktop request')).toHaveCount(0);
  await showWhatWeSaw(page);
  await expect(page.getByText('Cancelled before this check finished.').first()).toBeVisible();
  await shot(page, 'cancel-cancelled');

  // Check again starts a new run (the server sees a new connection), which can be cancelled again.
  const before = silent.stats().connections;
  await page.getByTestId('check-again').press('Enter');
  await expect(page.getByTestId('cancel-button')).toBeVisible({ timeout: 10_000 });
  await expect.poll(() => silent.stats().connections, { timeout: 10_000 }).toBeGreaterThan(before);
  await page.getByTestId('cancel-button').click();
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'cancelled', { timeout: 5_000 });
});
