/**
 * Two audiences, one diagnosis: at the certificate step of a real xrdp with an expired certificate,
 * plain words show one next action and hide the jargon; IT detail shows the finding id, the evidence,
 * every fix least invasive first with its commands, and the raw thumbprint. Switching never runs the
 * checks again, and the choice is kept across a reload (settings file).
 */
import { expect, test } from '@playwright/test';
import { startServe, type ServedApp } from './fixtures/serve';
import { countDiagnoseCalls, next, shot, startAt, verdict } from './fixtures/wizard';
import { startXrdp, stopAll, type RunningServer, type XrdpInfo } from './servers/index';

let app: ServedApp;
let expired: RunningServer<XrdpInfo>;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  expired = await startXrdp('expired-cert');
  app = await startServe();
});

test.afterAll(async () => {
  await app?.stop();
  await stopAll();
});

test('plain words and IT detail show the same diagnosis at two depths, without running the checks again', async ({ page }) => {
  test.setTimeout(120_000);
  await startAt(page, app, `127.0.0.1:${expired.port}`);
  await next(page);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'fail');
  const toggle = page.getByTestId('audience-toggle');
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  const finding = page.getByTestId('finding-cert-expired');
  const sha1 = page.getByTestId('cert-sha1');
  const calls = countDiagnoseCalls(page);

  // Plain words: no finding id; the one next action up front (send this to IT, with the report); what IT
  // can do one click away; no thumbprint (IT detail only).
  await expect(finding.locator('.finding-id')).toHaveCount(0);
  await expect(finding.getByText('What to do next')).toBeVisible();
  await expect(finding.getByTestId('next-action')).toContainText(/Send this to IT: the remote computer's certificate expired on/);
  await expect(finding.getByTestId('send-to-it')).toBeVisible();
  const plainVisibleCards = await finding.locator('[data-testid^="fix-card-"]:visible').count();
  expect(plainVisibleCards).toBe(0);
  await expect(finding.getByText(/^What IT can do \(\d+\)$/)).toBeVisible();
  await expect(sha1).toHaveCount(0);
  await expect(page.getByTestId('what-we-saw')).not.toHaveAttribute('open', '');
  const plainTitle = await verdict(page).locator('.verdict-headline').innerText();
  const plainText = await finding.getByTestId('next-action').innerText();
  await shot(page, 'audience-plain');

  // IT detail, from the keyboard.
  await toggle.press('Space');
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await expect(finding.locator('.finding-id')).toHaveText('cert-expired');
  const fixesTitle = finding.locator('.fixes-title');
  await expect(fixesTitle).toHaveText(/^Fixes: repairs first, least invasive first \(\d+\)$/);
  const count = Number((await fixesTitle.innerText()).match(/\((\d+)\)/)![1]);
  await expect(finding.locator('[data-testid^="fix-card-"]:visible')).toHaveCount(count);
  expect(count).toBeGreaterThan(plainVisibleCards);
  // The evidence table is shown, not folded, and the commands are in the open.
  await expect(finding.locator('table').first()).toBeVisible();
  await expect(finding.getByText(/Commands for IT staff/)).toHaveCount(0);
  await expect(finding.locator('.commands').first()).toBeVisible();
  await expect(sha1).toHaveText(/^[0-9A-F]{40}$/);
  // Same finding: same title, and the thumbprint is the server's.
  await expect(finding.locator('.finding-title')).toHaveText(/certificate has expired/);
  expect(plainTitle).toContain(await finding.locator('.finding-title').innerText());
  expect((await sha1.innerText()).toUpperCase()).toBe(expired.info.cert!.fingerprintSha1.replace(/:/g, ''));
  await shot(page, 'audience-it');

  // Kept across a reload of the app (the settings file), then back to plain words.
  await page.reload();
  await expect(page.getByTestId('audience-toggle')).toHaveAttribute('aria-checked', 'true');
  await page.getByTestId('audience-toggle').click();
  await expect(page.getByTestId('audience-toggle')).toHaveAttribute('aria-checked', 'false');

  // Switching never ran the checks again.
  expect(calls()).toBe(0);
  expect(plainText.length).toBeGreaterThan(0);
});
