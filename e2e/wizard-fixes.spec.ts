/**
 * The wizard's fix, history and skip paths end to end in Chromium against `rdp-doctor serve` and
 * real RDP servers on loopback, with the real service and the real fix modules:
 *  - Apply / Undo of the .rdp file fix (write-rdp-file) at the IP step, driven by the keyboard,
 *    checked on disk in the served app's data folder;
 *  - a finished diagnosis listed in the history and reopened after a reload and after a restart of
 *    the service on the same data folder, with the RDP server gone (no check runs);
 *  - a failing step skipped with a typed reason that the exported Markdown report carries.
 * Name resolution goes only to the test DNS server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startServe, type ServedApp } from './fixtures/serve';
import { countDiagnoseCalls, next, onToSummary, RUN, type ServedWithNames, serveWithNames, shot, startAt, title, verdict, stepLeftOpen } from './fixtures/wizard';
import { startXrdp, stopAll, type RunningServer, type XrdpInfo } from './servers/index';

let app: ServedApp;
let named: ServedWithNames | undefined;
let valid: RunningServer<XrdpInfo>;
let expired: RunningServer<XrdpInfo>;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  [valid, expired] = await Promise.all([startXrdp('valid-cert'), startXrdp('expired-cert')]);
  // rdp-host.test: 127.0.0.1 is the healthy xrdp; 127.0.0.2 has nothing on that port (refused).
  named = await serveWithNames({ 'rdp-host.test': { A: ['127.0.0.1', '127.0.0.2'] } });
  app = named.app;
});

test.afterAll(async () => {
  await named?.stop();
  await stopAll();
});

/** No axe violations on the page as it is now. */
async function expectAccessible(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  expect(result.violations.map((v) => `${where}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** A .rdp file as Remote Desktop writes it: UTF-16LE with a byte-order mark. */
async function readRdpFile(file: string): Promise<string> {
  const bytes = await readFile(file);
  expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
  return bytes.subarray(2).toString('utf16le');
}

const exists = (file: string): Promise<boolean> =>
  stat(file).then(
    (s) => s.isFile(),
    () => false,
  );

/** Opens, with the keyboard, the "more options" disclosure a fix card may sit in. */
async function reveal(card: Locator): Promise<void> {
  if (await card.isVisible()) return;
  const summary = card.locator('xpath=ancestor::details[1]/summary');
  await summary.press('Enter');
  await expect(card).toBeVisible();
}

/** Each step's row of the summary (name, verdict, headline), in order. */
const stepRows = (page: Page): Promise<string[]> => page.locator('[data-testid^="summary-step-"]').allInnerTexts();

/** The finding ids and severities on the summary, in the order shown. */
async function summaryFindings(page: Page): Promise<string[]> {
  const cards = page.locator('section.findings [data-testid^="finding-"]');
  return cards.evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute('data-testid')}:${n.getAttribute('data-severity')}`));
}

test('the .rdp file fix: preview, consent, apply writes the file, undo deletes it, check again (keyboard only)', async ({ page }) => {
  const diagnose = countDiagnoseCalls(page);
  await startAt(page, app, `rdp-host.test:${valid.port}`);
  // On to the IP step: earlier steps pass, or are skipped with a reason.
  for (let i = 0; i < 3 && !(await title(page).innerText()).includes('IP instead of host name'); i++) {
    if (await page.getByTestId('next-button').isEnabled()) await next(page);
    else {
      await page.getByTestId('skip-button').click();
      await page.getByTestId('skip-other').check();
      await page.getByTestId('skip-reason').fill('Checked at the address step.');
      await page.getByTestId('skip-confirm').click();
      await expect(verdict(page)).toBeVisible({ timeout: RUN });
    }
  }
  await expect(title(page)).toContainText('IP instead of host name');
  const finding = page.getByTestId('finding-address-fails');
  await expect(finding).toBeVisible();
  const card = finding.getByTestId('fix-card-write-rdp-file');
  await reveal(card);
  // Automatic off Windows too now: the card offers the change, and says it is RDP Doctor's to do.
  await expect(card).toContainText('RDP Doctor can do this');
  await expect(card).toContainText('your Remote Desktop app');
  await expect(card).not.toContainText('mstsc');

  const file = path.join(app.dataDir, 'rdp-files', `127.0.0.1-${valid.port}.rdp`);
  expect(await exists(file)).toBe(false);

  // Preview: what will change, where; Apply stays off until consent is given.
  await card.getByTestId('fix-preview-write-rdp-file').press('Enter');
  const dialog = page.getByTestId('fix-preview');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Write the connection file');
  await expect(dialog).toContainText(file);
  await expect(dialog).toContainText(`full address:s:127.0.0.1:${valid.port}`);
  await expect(dialog).toContainText('Not opened from here');
  await expect(dialog.getByTestId('fix-apply')).toBeDisabled();
  await expect(dialog.getByTestId('fix-consent')).toBeFocused();
  await expectAccessible(page, 'preview');
  await shot(page, 'fix-rdp-file-preview');
  await page.keyboard.press('Space');
  await expect(dialog.getByTestId('fix-consent')).toBeChecked();
  await dialog.getByTestId('fix-apply').press('Enter');

  // Applied: the file is in the served app's data folder, and the card says so and offers Undo.
  const outcome = card.getByTestId('fix-outcome-write-rdp-file');
  await expect(outcome).toBeVisible({ timeout: RUN });
  await expect(dialog).toBeHidden();
  await expect(outcome).toContainText('Applied');
  await expect(outcome).toContainText(`Saved ${file}.`);
  await expect(outcome.getByTestId('fix-verification-write-rdp-file')).toHaveAttribute('data-passed', 'true');
  await expect(outcome.getByTestId('fix-verification-write-rdp-file')).toContainText(`${file} holds the connection settings.`);
  expect(await readRdpFile(file)).toContain(`full address:s:127.0.0.1:${valid.port}`);
  const undo = outcome.getByTestId('fix-undo-write-rdp-file');
  await expect(undo).toBeEnabled();
  await expectAccessible(page, 'applied');
  await shot(page, 'fix-rdp-file-applied');

  // Undo: the file is gone and the card says so; no Undo any more.
  await undo.press('Enter');
  await expect(outcome).toContainText('Undone');
  await expect(outcome).toContainText(`Deleted ${file}.`);
  await expect(undo).toHaveCount(0);
  expect(await exists(file)).toBe(false);
  await shot(page, 'fix-rdp-file-undone');

  // Check again: the step's checks run once more (a new diagnose call) and come back with a verdict.
  const before = diagnose();
  await outcome.getByTestId('check-again-after-fix').press('Enter');
  await expect.poll(() => diagnose()).toBe(before + 1);
  await expect(verdict(page)).toBeVisible({ timeout: RUN });
  await expect(page.getByTestId('finding-address-fails')).toBeVisible();
  await expect(title(page)).toContainText('IP instead of host name');
  await shot(page, 'fix-rdp-file-checked-again');

  // Applied once more and kept: the summary's "What we fixed" and the report both list it.
  const again = page.getByTestId('finding-address-fails').getByTestId('fix-card-write-rdp-file');
  await reveal(again);
  await again.getByTestId('fix-preview-write-rdp-file').click();
  await page.getByTestId('fix-consent').check();
  await page.getByTestId('fix-apply').click();
  await expect(again.getByTestId('fix-outcome-write-rdp-file')).toContainText('Applied', { timeout: RUN });
  expect(await exists(file)).toBe(true);
  await onToSummary(page, 'Not needed for this test.');
  await expect(page.getByTestId('what-we-fixed')).toContainText(`Saved ${file}.`);
  const download = page.waitForEvent('download');
  await page.getByTestId('export-markdown').click();
  const md = await readFile((await (await download).path())!, 'utf8');
  expect(md).toContain('## What was fixed');
  expect(md).toContain(file);
});

test('history: a finished diagnosis is listed and reopens after a reload and a restart, offline', async ({ page }) => {
  test.setTimeout(180_000);
  // Its own RDP server and its own data folder, so both can go away while the history stays.
  const server = await startXrdp('valid-cert');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rdp-doctor-e2e-history-'));
  let served: ServedApp | null = await startServe({}, { dataDir });
  try {
    const target = `127.0.0.1:${server.port}`;
    await startAt(page, served, target);
    await onToSummary(page, 'Not needed for this test.');
    const overview = await page.getByTestId('summary-overview').locator('#overview-title').innerText();
    const findings = await summaryFindings(page);
    const steps = await stepRows(page);
    expect(steps).toHaveLength(5);
    expect(findings).toContain('finding-cert-self-signed:info');
    // A healthy server: the Windows checks do not apply off Windows and an IP target has nothing to compare; neither makes it incomplete.
    await expect(page.getByTestId('summary-overview')).toContainText('No problems found');

    // The summary keeps the session in the history: one entry with date, target and verdict.
    const list = page.getByTestId('history-list');
    const entry = list.locator('li').first();
    await expect(entry).toContainText(target, { timeout: RUN });
    await expect(entry).toContainText('No problems');
    await expect(entry).toContainText(String(new Date().getFullYear()));
    await expect(list.locator('li')).toHaveCount(1);
    await shot(page, 'history-listed');

    const reopen = async (from: ServedApp, label: string): Promise<void> => {
      const diagnose = countDiagnoseCalls(page);
      await page.goto('about:blank');
      await page.goto(from.url);
      const earlier = page.locator('details.history-card');
      await earlier.locator('summary').press('Enter');
      const item = earlier.getByTestId('history-list').locator('li').first();
      await expect(item).toContainText(target);
      await expect(item).toContainText('No problems');
      await item.getByRole('button', { name: /^Open the diagnosis of/ }).press('Enter');
      await expect(page.getByTestId('viewing-saved')).toContainText(target);
      await expect(page.getByTestId('summary-overview').locator('#overview-title')).toHaveText(overview);
      expect(await summaryFindings(page)).toEqual(findings);
      expect(await stepRows(page)).toEqual(steps);
      // Reopened from the saved file: nothing was checked again.
      expect(diagnose()).toBe(0);
      await shot(page, `history-reopened-${label}`);
    };

    // Offline: the RDP server is gone before anything is reopened.
    await server.stop();
    await reopen(served, 'after-reload');

    // The service restarts on the same data folder (a new link, a new token): the history is still there.
    await served.stop();
    served = await startServe({}, { dataDir });
    await reopen(served, 'after-restart');
  } finally {
    await served?.stop();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('skip with a reason: the certificate step is skipped, and the Markdown report says why', async ({ page }) => {
  const reason = 'IT replaces this certificate on Monday';
  await startAt(page, app, `127.0.0.1:${expired.port}`);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'pass');
  await next(page);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'fail');
  await expect(page.getByTestId('finding-cert-expired')).toBeVisible();
  // Failing: Next is closed, and Skip is offered.
  await stepLeftOpen(page);
  const skipButton = page.getByTestId('skip-button');
  await expect(skipButton).toBeVisible();

  // Skip with the keyboard: pick "Another reason", type it, confirm.
  await skipButton.press('Enter');
  const dialog = page.getByTestId('skip-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('skip-other').press('Space');
  await expect(dialog.getByTestId('skip-other')).toBeChecked();
  await expect(dialog.getByTestId('skip-reason')).toBeFocused();
  await page.keyboard.type(reason);
  await shot(page, 'skip-reason-typed');
  await dialog.getByTestId('skip-confirm').press('Enter');
  await expect(title(page)).not.toContainText('certificate');
  await expect(verdict(page).or(page.getByTestId('summary-overview'))).toBeVisible({ timeout: RUN });

  await onToSummary(page, 'Not needed for this test.');
  await expect(page.getByTestId('summary-step-certificate')).toContainText(`Skipped: ${reason}`);
  await shot(page, 'skip-summary');

  const download = page.waitForEvent('download', { timeout: RUN });
  await page.getByTestId('export-markdown').press('Enter');
  const md = await readFile((await (await download).path())!, 'utf8');
  expect(md).toContain('## Skipped steps');
  expect(md).toContain(reason);
  expect(md).toMatch(/Skipped by you: \*\*[^*]*[Cc]ertificate[^*]*\*\* — IT replaces this certificate on Monday/);
  expect(md).toContain('cert-expired');
});
