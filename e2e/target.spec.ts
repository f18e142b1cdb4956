/**
 * The target step: bad input gets one clear line and runs nothing; host, IPv6 and port are read back
 * to the user; the pasted error dialog is recognised (0x904 / 0x7 and another documented code) and
 * carried into the report; a target is remembered after a run and can be picked again.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { startServe, type ServedApp } from './fixtures/serve';
import { countDiagnoseCalls, onToSummary, RUN, shot, verdict } from './fixtures/wizard';
import { closedPort, stopAll } from './servers/index';

/** The dialog mstsc shows for the problem this app is about (English Windows 11). */
const DIALOG_0X904 = `Remote Desktop Connection
Because of a protocol error, this session will be disconnected. Please try connecting to the remote computer again.
Error code: 0x904
Extended error code: 0x7`;

let app: ServedApp;
let closed: number;

test.beforeAll(async () => {
  closed = await closedPort();
  app = await startServe();
});

test.afterAll(async () => {
  await app?.stop();
  await stopAll();
});

test('bad input, read-back, the pasted error dialog, and recent targets', async ({ page }) => {
  test.setTimeout(120_000);
  const calls = countDiagnoseCalls(page);
  await page.goto(app.url);
  const input = page.getByTestId('target-input');
  const targetTitle = await page.locator('#step-title').innerText();

  // Bad input: one line saying what is wrong, marked invalid, and Start runs nothing.
  await input.fill('pc-042;calc.exe');
  await input.press('Enter');
  const error = page.getByTestId('target-error');
  await expect(error).toBeVisible();
  expect((await error.innerText()).trim().split('\n')).toHaveLength(1);
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await input.fill('host:99999');
  await expect(error).toContainText(/port/i);
  // An IPv4 address in hex (a resolver would make it 127.0.0.1) and an address that names no computer.
  await input.fill('0x7f000001:33891');
  await expect(error).toContainText('write it as four decimal numbers (127.0.0.1)');
  await input.press('Enter');
  await input.fill('0.0.0.0');
  await expect(error).toContainText('cannot be connected to');
  await input.press('Enter');
  expect(calls()).toBe(0);
  await expect(page.locator('#step-title')).toHaveText(targetTitle);

  // Read back what will be checked.
  await input.fill('[::1]:3390');
  await expect(page.getByTestId('target-parsed')).toContainText('::1');
  await expect(page.getByTestId('target-parsed')).toContainText('port 3390');
  await input.fill('pc-042.corp.example');
  await expect(page.getByTestId('target-parsed')).toContainText('the Remote Desktop default');

  // The pasted dialog: recognised, in one sentence, with where the cause usually is.
  await page.getByText('Paste the error message (optional)').click();
  await page.getByTestId('error-text').fill(DIALOG_0X904);
  const recognised = page.getByTestId('error-recognised');
  await expect(recognised).toContainText('0x904 / 0x7');
  await expect(recognised).toContainText(/usually found under/);
  await page.getByTestId('error-text').fill('Error code: 0x204');
  await expect(recognised).toContainText('0x204');
  await expect(recognised).toContainText(/could not open a connection/);
  await page.getByTestId('error-text').fill('Something odd happened.');
  await expect(page.getByTestId('error-not-recognised')).toBeVisible();
  await page.getByTestId('error-text').fill(DIALOG_0X904);
  await shot(page, 'target-error-recognised');

  // Run against a closed port, skip on to the summary: the report carries the dialog text and its meaning.
  const target = `127.0.0.1:${closed}`;
  await input.fill(target);
  await page.getByTestId('start-button').click();
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'fail', { timeout: RUN });
  expect(calls()).toBe(1);
  await onToSummary(page, 'The port is closed; the rest cannot be checked.');
  const pending = page.waitForEvent('download');
  await page.getByTestId('export-markdown').click();
  const md = await readFile((await (await pending).path())!, 'utf8');
  expect(md).toContain('Error code: 0x904');
  expect(md).toContain('0x904');
  expect(md).toMatch(/protocol error/);

  // A fresh start remembers the target; picking it fills the field.
  await page.goto('about:blank');
  await page.goto(app.url);
  const recent = page.getByTestId('recent-targets');
  await expect(recent).toContainText(target);
  await recent.getByRole('button', { name: target }).click();
  await expect(page.getByTestId('target-input')).toHaveValue(target);
});
