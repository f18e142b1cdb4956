/**
 * The stability step against a server that resets every third connection on its X.224 request
 * (the flaky fault): the timeline shows one mark per attempt, the failed ones marked at the X.224
 * stage, the step warns of intermittent failures with that evidence, and the summary ranks it.
 */
import { expect, test } from '@playwright/test';
import { startServe, type ServedApp } from './fixtures/serve';
import { RUN, next, shot, showWhatWeSaw, skip, startAt, title, verdict } from './fixtures/wizard';
import { startFault, stopAll, type FaultServer } from './servers/index';

let app: ServedApp;
let flaky: FaultServer;

test.beforeAll(async () => {
  flaky = await startFault('flaky', { everyNth: 3 });
  app = await startServe();
});

test.afterAll(async () => {
  await app?.stop();
  await stopAll();
});

test('intermittent resets: a timeline mark per attempt, failed ones at the X.224 stage, intermittent-failures', async ({ page }) => {
  test.setTimeout(150_000);
  await startAt(page, app, `127.0.0.1:${flaky.port}`);
  // Walk to the stability step: Next where a step passed, otherwise skip it with a reason.
  for (let i = 0; i < 5; i++) {
    if ((await title(page).innerText()).includes('stability')) break;
    if (await page.getByTestId('next-button').isEnabled()) await next(page);
    else await skip(page, 'Not what this test looks at.');
  }
  await expect(title(page)).toContainText(/stability/i);
  await expect(verdict(page)).toHaveAttribute('data-verdict', /^(warn|fail)$/, { timeout: RUN });
  // The whole diagnosis ran at the start, its checks side by side (they share the server's connection
  // count). "Check again" runs only this step's handshakes, one after another: every third one reset.
  await page.getByTestId('check-again').click();
  await expect(page.getByTestId('cancel-button')).toHaveCount(0, { timeout: RUN });
  await expect(verdict(page)).toHaveAttribute('data-verdict', /^(warn|fail)$/, { timeout: RUN });

  // Plain words: the evidence is under "What we saw".
  await showWhatWeSaw(page);
  const timeline = page.getByTestId('stability-timeline');
  await expect(timeline).toBeVisible();
  const marks = timeline.locator('[data-testid^="attempt-"]');
  await expect(marks).toHaveCount(5);
  const tones = await marks.evaluateAll((els) => els.map((e) => e.getAttribute('data-tone')));
  // Five connections in a row, every third one reset: at least one failed and at least three worked.
  expect(tones.filter((t) => t === 'failed').length).toBeGreaterThanOrEqual(1);
  expect(tones.filter((t) => t === 'ok' || t === 'slow').length).toBeGreaterThanOrEqual(3);
  const failed = timeline.locator('[data-tone="failed"]').first();
  await expect(failed).toContainText('cut at “Ask for Remote Desktop”');
  await expect(failed.locator('.seg-failed')).toHaveCount(1);

  // Where it dies, as rows of stages: the failed attempts are marked at the stage they were cut at,
  // with what that stage means in plain words once; IT detail names the stage and gives bytes and ms.
  const rows = page.getByTestId('stage-rows');
  await expect(rows.locator('[data-failed-at="x224"]')).toHaveCount(tones.filter((t) => t === 'failed').length);
  await expect(rows.locator('[data-failed-at="x224"] [data-state="failed"]').first()).toContainText('Cut here');
  await expect(page.getByTestId('stage-meaning')).toContainText('ended at “Ask for Remote Desktop”. The connection is cut as soon as Remote Desktop is asked for');
  await page.getByTestId('audience-toggle').click();
  await expect(failed).toContainText(/X\.224/);
  await expect(rows.locator('[data-failed-at="x224"]').first()).toContainText(/ended at X\.224: reset after \d+ ms/);
  await page.getByTestId('audience-toggle').click();

  const finding = page.getByTestId('finding-intermittent-failures');
  await expect(finding).toHaveAttribute('data-severity', /^(warning|error)$/);
  await expect(page.getByTestId('check-row-stability')).toHaveAttribute('data-status', 'warn');
  await shot(page, 'stability-flaky');

  if (await page.getByTestId('next-button').isEnabled()) await next(page);
  else await skip(page, 'Seen the timeline.');
  await expect(page.getByTestId('summary-overview')).toBeVisible({ timeout: RUN });
  await expect(page.getByTestId('finding-intermittent-failures').first()).toBeVisible();
});
